package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostFailureLogTest {
  private static final long MS = 1_000_000;

  @Test
  void firstFailureOfEachIntervalIsLoggedWithTheCountOfThoseInBetween() {
    PostFailureLog log = new PostFailureLog(1_000);
    assertThat(log.failed("http://a/", 0)).isZero();
    assertThat(log.failed("http://a/", 10 * MS)).isEqualTo(-1);
    assertThat(log.failed("http://a/", 999 * MS)).isEqualTo(-1);
    assertThat(log.failed("http://a/", 1_000 * MS)).isEqualTo(2);
    assertThat(log.failed("http://a/", 1_500 * MS)).isEqualTo(-1);
    assertThat(log.failed("http://a/", 5_000 * MS)).isEqualTo(1);
    assertThat(log.failed("http://a/", 6_000 * MS)).isZero();
  }

  @Test
  void addressesAreCountedApart() {
    PostFailureLog log = new PostFailureLog(1_000);
    assertThat(log.failed("http://a/", 0)).isZero();
    assertThat(log.failed("http://b/", 1 * MS)).isZero();
    assertThat(log.failed("http://a/", 2 * MS)).isEqualTo(-1);
    assertThat(log.failed("http://b/", 1_001 * MS)).isZero();
    assertThat(log.failed("http://a/", 1_002 * MS)).isEqualTo(1);
  }

  @Test
  void startsAfreshPastItsAddressBound() {
    PostFailureLog log = new PostFailureLog(1_000);
    for (int i = 0; i < PostFailureLog.MAX_ADDRESSES; i++) {
      log.failed("http://client-" + i + "/", 0);
    }
    assertThat(log.failed("http://client-0/", 1 * MS)).as("still remembered").isEqualTo(-1);
    assertThat(log.failed("http://one-more/", 2 * MS)).isZero();
    assertThat(log.failed("http://client-0/", 3 * MS)).as("forgotten, logged again").isZero();
  }

  @Test
  void refusesANonPositiveInterval() {
    assertThatThrownBy(() -> new PostFailureLog(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
