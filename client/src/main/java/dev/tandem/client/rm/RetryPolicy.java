package dev.tandem.client.rm;

import java.time.Duration;

/**
 * Retransmission: the first retry after {@code initialInterval}, doubled per attempt up to {@code
 * maxInterval}, at most {@code maxAttempts} transmissions (WCF: MaxRetryCount 8).
 */
public record RetryPolicy(Duration initialInterval, Duration maxInterval, int maxAttempts) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 8);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1");
    }
  }

  /** The wait after transmission {@code attempt} (1-based). */
  public Duration interval(int attempt) {
    long ms = initialInterval.toMillis();
    for (int i = 1; i < attempt && ms < maxInterval.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxInterval.toMillis()));
  }
}
