package dev.tandem.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** .NET Framework's {@code double.ToString()} (G15, invariant culture) as the samples print it. */
class DotNetFormatTest {

  @Test
  void integersHaveNoFraction() {
    assertThat(DotNetFormat.toString(0)).isEqualTo("0");
    assertThat(DotNetFormat.toString(100)).isEqualTo("100");
    assertThat(DotNetFormat.toString(-50)).isEqualTo("-50");
  }

  @Test
  void fractionsUseFifteenSignificantDigits() {
    assertThat(DotNetFormat.toString(17.65)).isEqualTo("17.65");
    assertThat(DotNetFormat.toString(441.24999999999994)).isEqualTo("441.25");
    assertThat(DotNetFormat.toString(1.0 / 3)).isEqualTo("0.333333333333333");
    assertThat(DotNetFormat.toString(-2.5)).isEqualTo("-2.5");
  }

  @Test
  void exponentFormOutsideThePlainRange() {
    assertThat(DotNetFormat.toString(1e15)).isEqualTo("1E+15");
    assertThat(DotNetFormat.toString(123456789012345678.0)).isEqualTo("1.23456789012346E+17");
    assertThat(DotNetFormat.toString(1e-7)).isEqualTo("1E-07");
    assertThat(DotNetFormat.toString(0.0001)).isEqualTo("0.0001");
  }

  @Test
  void specialValues() {
    assertThat(DotNetFormat.toString(Double.NaN)).isEqualTo("NaN");
    assertThat(DotNetFormat.toString(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(DotNetFormat.toString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }
}
