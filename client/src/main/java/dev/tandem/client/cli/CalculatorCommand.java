package dev.tandem.client.cli;

import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.Ns;
import dev.tandem.client.rm.RmSource;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The reliable calculator sample's client: Add, Subtract, Multiply, Divide in one reliable session. */
@Command(name = "calculator", mixinStandardHelpOptions = true, description = "The reliable calculator sample over HTTP.")
final class CalculatorCommand implements Callable<Integer> {
  static final String NS = "http://Microsoft.ServiceModel.Samples";

  @Option(names = "--url", defaultValue = "http://localhost:8080/servicemodelsamples/service.svc", description = "Default: ${DEFAULT-VALUE}.")
  URI url;

  @Mixin Common common;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return run(spec, common, url, common.transport(spec, null));
  }

  static int run(CommandSpec spec, Common common, URI url, HttpTransport transport) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    RmSource s = new RmSource(transport, url, common.rm, Ns.ANONYMOUS, common.retry(), Duration.ofSeconds(30));
    s.open();
    call(s, out, "Add", 100, 15.99);
    call(s, out, "Subtract", 145, 76.54);
    call(s, out, "Multiply", 9, 81.25);
    call(s, out, "Divide", 22, 7);
    s.close();
    return 0;
  }

  private static void call(RmSource s, PrintWriter out, String op, double n1, double n2) throws InterruptedException {
    Message reply =
        s.request(
            NS + "/ICalculator/" + op,
            (e, body) -> {
              Element w = wrapper(e.element(body, NS, op), NS);
              e.element(w, NS, "n1", format(n1));
              e.element(w, NS, "n2", format(n2));
            });
    out.println(op + "(" + format(n1) + "," + format(n2) + ") = " + reply.payloadText(NS, op + "Result"));
    out.flush();
  }

  /** Declares the default namespace on a body wrapper element. */
  static Element wrapper(Element e, String ns) {
    e.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", ns);
    return e;
  }

  /**
   * A double as .NET Core's {@code double.ToString()} prints it (shortest round-trip, no trailing
   * ".0", exponent form outside 1E-05..1E+15); also valid xs:double for the request bodies.
   */
  static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "INF" : "-INF";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    double abs = Math.abs(d);
    if (abs >= 1e15 || abs < 1e-5) {
      String s = Double.toString(d).replace(".0E", "E");
      int e = s.indexOf('E');
      int exp = Integer.parseInt(s.substring(e + 1));
      return s.substring(0, e) + (exp < 0 ? "E-" : "E+") + String.format("%02d", Math.abs(exp));
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  /** Reads an xs:double as WCF's XmlConvert does (INF, -INF, NaN) and prints it like .NET. */
  static String formatXsDouble(String text) {
    if (text == null) {
      return "null";
    }
    String t = text.trim();
    double d =
        switch (t) {
          case "INF" -> Double.POSITIVE_INFINITY;
          case "-INF" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(t);
        };
    return format(d);
  }
}
