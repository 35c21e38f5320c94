package dev.tandem.resources.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start-up wait with a scripted opener instead of a database. */
class StartupWaitTest {
  private final AtomicInteger attempts = new AtomicInteger();

  /** Fails with {@code sqlState} for the first {@code failures} attempts, then opens (null). */
  private StartupWait.ConnectionOpener failing(int failures, String sqlState) {
    return () -> {
      if (attempts.incrementAndGet() <= failures) {
        throw new SQLException("attempt " + attempts.get(), sqlState);
      }
      return (Connection) null;
    };
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  @Test
  void anUnreachableDatabaseIsRetriedUntilItAnswers() throws SQLException {
    StartupWait wait = new StartupWait(() -> Duration.ofSeconds(30));
    long t0 = System.nanoTime();
    wait.connect(failing(1, "08001"));
    assertThat(attempts).hasValue(2);
    assertThat(millisSince(t0)).isGreaterThanOrEqualTo(450);
  }

  @Test
  void aDatabaseThatIsStillStartingIsWaitedFor() throws SQLException {
    // PostgreSQL answers 57P03 "the database system is starting up" between opening its port and
    // accepting logins: a server started with its database must not fail its deployment then.
    StartupWait wait = new StartupWait(() -> Duration.ofSeconds(30));
    wait.connect(failing(1, "57P03"));
    assertThat(attempts).hasValue(2);
  }

  @Test
  void afterTheFirstConnectionNothingWaits() throws SQLException {
    StartupWait wait = new StartupWait(() -> Duration.ofSeconds(30));
    wait.connect(failing(0, null));
    attempts.set(0);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> wait.connect(failing(1, "08001"))).hasMessage("attempt 1");
    assertThat(attempts).hasValue(1);
    assertThat(millisSince(t0)).isLessThan(400);
  }

  @Test
  void anErrorOtherThanUnreachableIsNotWaitedFor() {
    StartupWait wait = new StartupWait(() -> Duration.ofSeconds(30));
    assertThatThrownBy(() -> wait.connect(failing(1, "28P01"))).hasMessage("attempt 1");
    assertThatThrownBy(() -> wait.connect(failing(2, null))).hasMessage("attempt 2");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void anInterruptEndsTheWaitWithTheLastErrorAndKeepsTheInterruptStatus() {
    StartupWait wait = new StartupWait(() -> Duration.ofSeconds(30));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> wait.connect(failing(5, "08006"))).hasMessage("attempt 1");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
