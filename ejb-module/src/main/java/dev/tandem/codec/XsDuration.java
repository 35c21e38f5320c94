package dev.tandem.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code xs:duration} (XML Schema 1.0 Part 2 §3.2.6), the type of WS-RM's {@code Expires}
 * (WS-RM 1.1 §3.4, February 2005 §3.4).
 */
final class XsDuration {
  /**
   * The lexical form: an optional minus, P, then years, months, days, and after T hours, minutes,
   * seconds (with a fraction of at least one digit), at least one component, T only before a time
   * component; ASCII digits only. Surrounding whitespace is collapsed away (the type's whiteSpace
   * facet is "collapse").
   */
  private static final Pattern LEXICAL =
      Pattern.compile(
          "(-)?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
              + "(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\\.[0-9]+)?)S)?)?");

  /** Years and months have no fixed length; these are the Gregorian averages. */
  private static final long SECONDS_PER_YEAR = 31_556_952L;

  private static final long SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12;

  /** Longer than any Sequence can live here; larger values are read as this (no overflow). */
  static final Duration CEILING = Duration.ofDays(365L * 10_000);

  private XsDuration() {}

  /**
   * @param lexical the element's text
   * @return the duration, at most {@link #CEILING}; negative for a negative one
   * @throws IllegalArgumentException when {@code lexical} is not an xs:duration
   */
  static Duration parse(String lexical) {
    String s = lexical == null ? "" : lexical.strip();
    Matcher m = LEXICAL.matcher(s);
    if (!m.matches() || s.endsWith("P") || s.endsWith("T")) {
      throw new IllegalArgumentException("not an xs:duration: '" + lexical + "'");
    }
    BigDecimal seconds = BigDecimal.ZERO;
    seconds = seconds.add(part(m.group(2), SECONDS_PER_YEAR));
    seconds = seconds.add(part(m.group(3), SECONDS_PER_MONTH));
    seconds = seconds.add(part(m.group(4), 86_400));
    seconds = seconds.add(part(m.group(5), 3_600));
    seconds = seconds.add(part(m.group(6), 60));
    seconds = seconds.add(part(m.group(7), 1));
    Duration d =
        seconds.compareTo(BigDecimal.valueOf(CEILING.getSeconds())) >= 0
            ? CEILING
            : Duration.ofMillis(seconds.movePointRight(3).longValue());
    return m.group(1) != null ? d.negated() : d;
  }

  private static BigDecimal part(String digits, long unitSeconds) {
    return digits == null
        ? BigDecimal.ZERO
        : new BigDecimal(digits).multiply(BigDecimal.valueOf(unitSeconds));
  }
}
