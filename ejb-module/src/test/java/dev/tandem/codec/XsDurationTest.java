package dev.tandem.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** xs:duration as XML Schema 1.0 Part 2 §3.2.6 defines its lexical space. */
class XsDurationTest {

  @Test
  void readsEveryComponent() {
    assertThat(XsDuration.parse("PT0S")).isZero();
    assertThat(XsDuration.parse("P0D")).isZero();
    assertThat(XsDuration.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(XsDuration.parse(" P1DT2H3M4.5S\n")).isEqualTo(Duration.parse("P1DT2H3M4.5S"));
    assertThat(XsDuration.parse("P1Y")).isEqualTo(Duration.ofSeconds(31_556_952));
    assertThat(XsDuration.parse("P1M")).isEqualTo(Duration.ofSeconds(31_556_952 / 12));
    assertThat(XsDuration.parse("-PT5S")).isEqualTo(Duration.ofSeconds(-5));
  }

  @Test
  void hugeValuesStopAtTheCeilingInsteadOfOverflowing() {
    assertThat(XsDuration.parse("P99999999999999999999999Y")).isEqualTo(XsDuration.CEILING);
    assertThat(XsDuration.parse("PT9223372036854775808S")).isEqualTo(XsDuration.CEILING);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "P", "PT", "P1DT", "1D", "tomorrow", "P1X", "PT1.S", "PT.5S", "P1.5D",
        "P1S", "PT1D", "P-1D", "+P1D", "P1D1Y", "\u0661D", "P\u0661D", "PT1H 2M", "pt1h"})
  void refusesWhatIsNotAnXsDuration(String lexical) {
    assertThatThrownBy(() -> XsDuration.parse(lexical)).isInstanceOf(IllegalArgumentException.class);
  }
}
