package dev.tandem.rm.model;

/**
 * One {@code AcknowledgementRange}: the closed interval [lower, upper] of message numbers (WS-RM 1.1
 * §3.9). Both bounds are at least 1 and {@code lower <= upper}.
 *
 * @throws IllegalArgumentException from the constructor when the bounds break that rule
 */
public record AcknowledgementRange(long lower, long upper) {
  public AcknowledgementRange {
    if (lower < 1 || upper < lower) {
      throw new IllegalArgumentException("invalid acknowledgement range " + lower + ".." + upper);
    }
  }

  /** True when {@code number} lies in this range. */
  public boolean contains(long number) {
    return number >= lower && number <= upper;
  }

  /** How many message numbers the range covers. */
  public long size() {
    return upper - lower + 1;
  }
}
