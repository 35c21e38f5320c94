package dev.tandem.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which failed callback POSTs get a log line: per address, the first failure of each
 * interval is logged, with the count of failures left unlogged since the previous line; the others
 * are only counted. A client whose listener is down or lossy otherwise costs one line per
 * retransmission (the soak's lossy listeners made 5,645 in a quarter of an hour).
 *
 * <p>Thread-safe. Holds at most {@value #MAX_ADDRESSES} addresses; past that it starts afresh (the
 * counts are a courtesy to the reader, not a metric).
 */
final class PostFailureLog {
  static final int MAX_ADDRESSES = 10_000;

  private final long intervalNanos;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** @param intervalMillis minimum time between two lines for one address, ms (> 0) */
  PostFailureLog(long intervalMillis) {
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("intervalMillis must be > 0: " + intervalMillis);
    }
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  /**
   * Records one failed POST to {@code address} at {@code nowNanos} ({@link System#nanoTime()}).
   *
   * @return the number of earlier failures to that address not yet logged (≥ 0) if this one should
   *     be logged, or -1 if it should only be counted
   */
  long failed(String address, long nowNanos) {
    if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
      windows.clear();
    }
    long[] unlogged = {-1};
    windows.compute(
        address,
        (a, w) -> {
          if (w == null || nowNanos - w.startedNanos >= intervalNanos) {
            unlogged[0] = w == null ? 0 : w.suppressed;
            return new Window(nowNanos, 0);
          }
          return new Window(w.startedNanos, w.suppressed + 1);
        });
    return unlogged[0];
  }

  private record Window(long startedNanos, long suppressed) {}
}
