package dev.tandem.rm.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The immutable set of message numbers received on a Sequence, kept as sorted, disjoint,
 * non-adjacent {@link AcknowledgementRange}s — the shape of a SequenceAcknowledgement (WS-RM 1.1
 * §3.9). Adding a number costs O(ranges), never O(messages), so the per-message cost does not grow
 * with the length of the Sequence.
 */
public final class AcknowledgementRanges {
  private static final AcknowledgementRanges EMPTY = new AcknowledgementRanges(List.of());

  private final List<AcknowledgementRange> ranges;

  private AcknowledgementRanges(List<AcknowledgementRange> ranges) {
    this.ranges = ranges;
  }

  /** No message received. */
  public static AcknowledgementRanges empty() {
    return EMPTY;
  }

  /**
   * The set covering exactly the given ranges, which may overlap or touch and come in any order (as
   * a peer may send them).
   */
  public static AcknowledgementRanges of(List<AcknowledgementRange> input) {
    List<AcknowledgementRange> sorted = new ArrayList<>(input);
    sorted.sort((a, b) -> Long.compare(a.lower(), b.lower()));
    List<AcknowledgementRange> merged = new ArrayList<>();
    for (AcknowledgementRange r : sorted) {
      if (!merged.isEmpty()) {
        AcknowledgementRange last = merged.get(merged.size() - 1);
        if (r.lower() <= last.upper() + 1) {
          merged.set(
              merged.size() - 1,
              new AcknowledgementRange(last.lower(), Math.max(last.upper(), r.upper())));
          continue;
        }
      }
      merged.add(r);
    }
    return new AcknowledgementRanges(Collections.unmodifiableList(merged));
  }

  /** This set plus {@code number} (at least 1). */
  public AcknowledgementRanges add(long number) {
    if (contains(number)) {
      return this;
    }
    List<AcknowledgementRange> next = new ArrayList<>(ranges);
    next.add(new AcknowledgementRange(number, number));
    return of(next);
  }

  /** True when {@code number} has been received. */
  public boolean contains(long number) {
    // Binary search: ranges are sorted and disjoint.
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      AcknowledgementRange r = ranges.get(mid);
      if (number < r.lower()) {
        hi = mid - 1;
      } else if (number > r.upper()) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The highest number received, or 0 when none was. */
  public long highest() {
    return ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1).upper();
  }

  /** True when every number from 1 to {@code upTo} has been received (vacuously true for 0). */
  public boolean isCompleteUpTo(long upTo) {
    return upTo == 0
        || (!ranges.isEmpty() && ranges.get(0).lower() == 1 && ranges.get(0).upper() >= upTo);
  }

  /** True when some number in the set is greater than {@code max}. */
  public boolean exceeds(long max) {
    return highest() > max;
  }

  /** The ranges, sorted ascending. */
  public List<AcknowledgementRange> ranges() {
    return ranges;
  }

  /** How many MessageNumbers the ranges hold (e.g. 5 for {@code 1-4,6}). */
  public long count() {
    long n = 0;
    for (AcknowledgementRange r : ranges) {
      n += r.size();
    }
    return n;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Compact text form for storage, e.g. {@code "1-5,7-7"}; empty string for no ranges. */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    for (AcknowledgementRange r : ranges) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r.lower()).append('-').append(r.upper());
    }
    return sb.toString();
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException when the text is not in that form
   */
  public static AcknowledgementRanges decode(String text) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    List<AcknowledgementRange> list = new ArrayList<>();
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      if (dash < 0) {
        throw new IllegalArgumentException("bad range text: " + text);
      }
      list.add(
          new AcknowledgementRange(
              Long.parseLong(part.substring(0, dash).trim()),
              Long.parseLong(part.substring(dash + 1).trim())));
    }
    return of(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AcknowledgementRanges other && ranges.equals(other.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  @Override
  public String toString() {
    return "[" + encode() + "]";
  }
}
