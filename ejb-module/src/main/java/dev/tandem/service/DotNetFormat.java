package dev.tandem.service;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Formats numbers the way .NET's {@code double.ToString()} does, for strings the ported services
 * build (the duplex calculator's equation text): no trailing ".0", at most 15 significant digits
 * (.NET Framework's "G" default), exponent form {@code 1E+15} / {@code 1E-05} outside the range
 * .NET prints plainly, and {@code ∞}-free names {@code Infinity}, {@code -Infinity}, {@code NaN}.
 */
public final class DotNetFormat {
  private DotNetFormat() {}

  /** {@code value} as .NET Framework's {@code double.ToString()} in the invariant culture. */
  public static String toString(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= 15 || exponent < -5) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d.signum() < 0 ? "-" : "")
          + mantissa
          + "E"
          + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    return d.toPlainString();
  }
}
