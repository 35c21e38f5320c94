package dev.tandem.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** xs:duration (XML Schema Part 2 §3.2.6) as the JDK's JAXP parser reads it. */
class XsDurationTest {

  @Test
  void readsEveryComponent() {
    assertThat(XsDuration.parse("PT0S")).isZero();
    assertThat(XsDuration.parse("P0D")).isZero();
    assertThat(XsDuration.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(XsDuration.parse(" P1DT2H3M4.5S\n")).isEqualTo(Duration.parse("P1DT2H3M4.5S"));
    // Years and months counted from 1970-01-01: 365 and 31 days.
    assertThat(XsDuration.parse("P1Y")).isEqualTo(Duration.ofDays(365));
    assertThat(XsDuration.parse("P1M")).isEqualTo(Duration.ofDays(31));
    assertThat(XsDuration.parse("-PT5S")).isEqualTo(Duration.ofSeconds(-5));
  }

  @Test
  void acceptsXsd11FractionsWithoutDigitsOnOneSide() {
    assertThat(XsDuration.parse("PT1.S")).isEqualTo(Duration.ofSeconds(1));
    assertThat(XsDuration.parse("PT.5S")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aPositiveValueBelowAMillisecondStaysFinite() {
    assertThat(XsDuration.parse("PT0.0001S")).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void hugeValuesStopAtTheCeilingInsteadOfOverflowing() {
    assertThat(XsDuration.parse("P99999999999999999999999Y")).isEqualTo(XsDuration.CEILING);
    assertThat(XsDuration.parse("PT9223372036854775808S")).isEqualTo(XsDuration.CEILING);
    // getTimeInMillis alone would wrap this one round to about 52 years.
    assertThat(XsDuration.parse("PT99999999999999999999S")).isEqualTo(XsDuration.CEILING);
    assertThat(XsDuration.parse("-P99999999999Y")).isEqualTo(XsDuration.CEILING.negated());
    assertThat(XsDuration.parse("P10000Y")).isLessThanOrEqualTo(XsDuration.CEILING).isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "P", "PT", "P1DT", "1D", "tomorrow", "P1X", ".5S", "P1.5D",
        "P1S", "PT1D", "P-1D", "+P1D", "P1D1Y", "\u0661D", "P\u0661D", "PT1H 2M", "pt1h"})
  void refusesWhatIsNotAnXsDuration(String lexical) {
    assertThatThrownBy(() -> XsDuration.parse(lexical)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsTheLexicalOfANonNegativeDuration() {
    assertThat(XsDuration.format(Duration.ofSeconds(5))).isEqualTo("PT5S");
    assertThat(XsDuration.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    assertThat(XsDuration.format(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(XsDuration.format(XsDuration.CEILING)).isEqualTo("PT87600000H");
    for (Duration d : new Duration[] {Duration.ofSeconds(5), Duration.ofMillis(1500), XsDuration.CEILING}) {
      assertThat(XsDuration.parse(XsDuration.format(d))).isEqualTo(d);
    }
    assertThatThrownBy(() -> XsDuration.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
