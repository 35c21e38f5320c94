package dev.tandem.rm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcknowledgementRangesTest {

  private static AcknowledgementRanges of(long... numbers) {
    AcknowledgementRanges r = AcknowledgementRanges.empty();
    for (long n : numbers) {
      r = r.add(n);
    }
    return r;
  }

  @Test
  void adjacentNumbersMergeIntoOneRange() {
    assertThat(of(1, 2, 3).ranges()).containsExactly(new AcknowledgementRange(1, 3));
    assertThat(of(3, 1, 2).ranges()).containsExactly(new AcknowledgementRange(1, 3));
  }

  @Test
  void gapsStaySeparateAndFillingMerges() {
    AcknowledgementRanges r = of(1, 2, 5, 7);
    assertThat(r.ranges())
        .containsExactly(
            new AcknowledgementRange(1, 2), new AcknowledgementRange(5, 5), new AcknowledgementRange(7, 7));
    assertThat(r.add(6).ranges())
        .containsExactly(new AcknowledgementRange(1, 2), new AcknowledgementRange(5, 7));
    assertThat(r.add(3).add(4).add(6).ranges()).containsExactly(new AcknowledgementRange(1, 7));
  }

  @Test
  void addingAKnownNumberReturnsTheSameSet() {
    AcknowledgementRanges r = of(1, 2, 3);
    assertThat(r.add(2)).isSameAs(r);
  }

  @Test
  void containsHighestAndCompleteness() {
    AcknowledgementRanges r = of(1, 2, 3, 10);
    assertThat(r.contains(2)).isTrue();
    assertThat(r.contains(4)).isFalse();
    assertThat(r.contains(10)).isTrue();
    assertThat(r.contains(0)).isFalse();
    assertThat(r.highest()).isEqualTo(10);
    assertThat(r.isCompleteUpTo(3)).isTrue();
    assertThat(r.isCompleteUpTo(4)).isFalse();
    assertThat(AcknowledgementRanges.empty().isCompleteUpTo(0)).isTrue();
    assertThat(AcknowledgementRanges.empty().highest()).isZero();
  }

  @Test
  void overlappingPeerRangesAreNormalised() {
    AcknowledgementRanges r =
        AcknowledgementRanges.of(
            List.of(
                new AcknowledgementRange(5, 9),
                new AcknowledgementRange(1, 3),
                new AcknowledgementRange(2, 4),
                new AcknowledgementRange(11, 12)));
    assertThat(r.ranges())
        .containsExactly(new AcknowledgementRange(1, 9), new AcknowledgementRange(11, 12));
  }

  @Test
  void encodeDecodeRoundTrip() {
    AcknowledgementRanges r = of(1, 2, 3, 7, Long.MAX_VALUE);
    assertThat(r.encode()).isEqualTo("1-3,7-7," + Long.MAX_VALUE + "-" + Long.MAX_VALUE);
    assertThat(AcknowledgementRanges.decode(r.encode())).isEqualTo(r);
    assertThat(AcknowledgementRanges.decode("")).isEqualTo(AcknowledgementRanges.empty());
    assertThatThrownBy(() -> AcknowledgementRanges.decode("1,2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidRangesAreRefused() {
    assertThatThrownBy(() -> new AcknowledgementRange(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AcknowledgementRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyGapsCostRangesNotMessages() {
    AcknowledgementRanges r = AcknowledgementRanges.empty();
    for (long n = 1; n <= 20_000; n += 2) {
      r = r.add(n);
    }
    assertThat(r.ranges()).hasSize(10_000);
    for (long n = 2; n <= 20_000; n += 2) {
      r = r.add(n);
    }
    assertThat(r.ranges()).containsExactly(new AcknowledgementRange(1, 20_000));
  }
}
