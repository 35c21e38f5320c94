package dev.tandem.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;

/**
 * Reads and writes an {@code xs:duration} (XML Schema Part 2 §3.2.6), the type of WS-RM's {@code
 * Expires} (WS-RM 1.1 §3.4, February 2005 §3.4), with the JDK's JAXP parser rather than a lexical
 * grammar of our own. JAXP follows XSD 1.1, so it also accepts a fraction without digits on one side
 * ({@code PT1.S}, {@code PT.5S}); those are durations in XSD 1.1 and are read as such.
 */
public final class XsDuration {

  /** Longer than any Sequence can live here; larger values are read as this (no overflow). */
  public static final Duration CEILING = Duration.ofDays(365L * 10_000);

  /**
   * The largest value of each field that cannot reach {@link #CEILING} on its own; with every field
   * at or below its limit, the sum stays far inside what {@code getTimeInMillis} computes exactly
   * (beyond that it silently wraps: {@code PT99999999999999999999S} comes out as 52 years).
   */
  private static final Object[][] FIELD_LIMITS = {
    {DatatypeConstants.YEARS, 10_000L},
    {DatatypeConstants.MONTHS, 120_000L},
    {DatatypeConstants.DAYS, CEILING.toDays()},
    {DatatypeConstants.HOURS, CEILING.toHours()},
    {DatatypeConstants.MINUTES, CEILING.toMinutes()},
    {DatatypeConstants.SECONDS, CEILING.toSeconds()},
  };

  /** The JDK's factory; thread-safe for {@code newDuration}. */
  private static final DatatypeFactory FACTORY = DatatypeFactory.newDefaultInstance();

  private XsDuration() {}

  /**
   * Parses an xs:duration. Years and months are counted from 1970-01-01 (JAXP's
   * {@code getTimeInMillis}), so P1M is 31 days; a positive value below one millisecond is read as
   * one millisecond, so it stays finite.
   *
   * @param lexical the element's text; surrounding whitespace is ignored (the type's whiteSpace
   *     facet is "collapse")
   * @return the duration, at most {@link #CEILING}; negative for a negative one
   * @throws IllegalArgumentException when {@code lexical} is null or not an xs:duration
   */
  public static Duration parse(String lexical) {
    if (lexical == null) {
      throw new IllegalArgumentException("not an xs:duration: null");
    }
    javax.xml.datatype.Duration d = FACTORY.newDuration(lexical.strip());
    Duration magnitude;
    if (exceedsCeiling(d)) {
      magnitude = CEILING;
    } else {
      long millis = Math.abs(d.getTimeInMillis(new Date(0)));
      magnitude = d.getSign() != 0 && millis == 0 ? Duration.ofMillis(1) : Duration.ofMillis(millis);
      magnitude = magnitude.compareTo(CEILING) > 0 ? CEILING : magnitude;
    }
    return d.getSign() < 0 ? magnitude.negated() : magnitude;
  }

  /**
   * The xs:duration lexical of a non-negative duration, e.g. {@code PT5S}, {@code PT1H30M}, {@code
   * PT0.5S}: {@link Duration#toString()}'s {@code PTnHnMnS} form, which is an xs:duration whenever
   * the duration is not negative (a negative one would put the sign inside, {@code PT-5S}).
   *
   * @throws IllegalArgumentException when {@code duration} is negative
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration " + duration);
    }
    return duration.toString();
  }

  private static boolean exceedsCeiling(javax.xml.datatype.Duration d) {
    for (Object[] limit : FIELD_LIMITS) {
      Number value = d.getField((DatatypeConstants.Field) limit[0]);
      if (value != null
          && new BigDecimal(value.toString()).compareTo(BigDecimal.valueOf((Long) limit[1])) > 0) {
        return true;
      }
    }
    return false;
  }
}
