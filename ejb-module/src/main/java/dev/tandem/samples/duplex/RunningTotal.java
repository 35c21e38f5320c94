package dev.tandem.samples.duplex;

import dev.tandem.service.DotNetFormat;

/**
 * The state both variants of the WCF duplex calculator keep per session: the running result and the
 * equation text, built with .NET's number formatting ({@code " + 100"}, {@code " * 17.65"}).
 */
public final class RunningTotal {
  private double result = 0.0;
  private String equation = DotNetFormat.toString(0.0);

  /** Applies {@code op} ('+', '-', '*', '/') with operand {@code n}; returns the new result. */
  public double apply(char op, double n) {
    result =
        switch (op) {
          case '+' -> result + n;
          case '-' -> result - n;
          case '*' -> result * n;
          case '/' -> result / n;
          default -> throw new IllegalArgumentException("operator " + op);
        };
    equation += " " + op + " " + DotNetFormat.toString(n);
    return result;
  }

  /** The text Clear reports: the equation so far, {@code " = "}, the result. */
  public String equationWithResult() {
    return equation + " = " + DotNetFormat.toString(result);
  }

  /**
   * Starts a new equation from the current result, or from 0 when {@code resetResult} (the docs
   * variant resets, the SDK sample keeps the result).
   */
  public void restart(boolean resetResult) {
    if (resetResult) {
      result = 0.0;
    }
    equation = DotNetFormat.toString(result);
  }

  /** The state as text: the result's exact bits, a newline, the equation. */
  public String snapshot() {
    return Double.doubleToRawLongBits(result) + "\n" + equation;
  }

  /**
   * Restores {@link #snapshot()}'s text.
   *
   * @throws IllegalArgumentException when it is not such a text
   */
  public void restore(String snapshot) {
    int nl = snapshot.indexOf('\n');
    if (nl < 0) {
      throw new IllegalArgumentException("not a calculator snapshot");
    }
    result = Double.longBitsToDouble(Long.parseLong(snapshot.substring(0, nl)));
    equation = snapshot.substring(nl + 1);
  }
}
