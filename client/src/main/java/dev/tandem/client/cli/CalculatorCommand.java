package dev.tandem.client.cli;

import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.Ns;
import dev.tandem.client.rm.RmSource;
import dev.tandem.client.store.ClientStore;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The reliable calculator sample's client: Add, Subtract, Multiply, Divide in one reliable session;
 * {@code --count} rounds of them, {@code --store} to survive a kill and resume the Sequence.
 */
@Command(name = "calculator", mixinStandardHelpOptions = true, description = "The reliable calculator sample over HTTP.")
final class CalculatorCommand implements Callable<Integer> {
  static final String NS = "http://Microsoft.ServiceModel.Samples";

  @Option(names = "--url", defaultValue = "http://localhost:8080/servicemodelsamples/service.svc", description = "Default: ${DEFAULT-VALUE}.")
  URI url;

  @Mixin Common common;
  @Mixin CalculatorOptions calculator;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return run(spec, common, calculator, url, common.transport(spec, null));
  }

  /** One call of the sample: {@code op(n1, n2)}. */
  record Operation(String name, double n1, double n2) {
    /** The sample's four calls; round {@code r} (0-based) adds r to each first operand. */
    static List<Operation> rounds(int count) {
      List<Operation> ops = new ArrayList<>();
      for (int r = 0; r < count; r++) {
        ops.add(new Operation("Add", 100 + r, 15.99));
        ops.add(new Operation("Subtract", 145 + r, 76.54));
        ops.add(new Operation("Multiply", 9 + r, 81.25));
        ops.add(new Operation("Divide", 22 + r, 7));
      }
      return ops;
    }

    /** The line the client prints, {@code Add(100,15.99) = 115.99}, with the service's result. */
    String line(String result) {
      return name + "(" + format(n1) + "," + format(n2) + ") = " + result;
    }
  }

  static int run(CommandSpec spec, Common common, CalculatorOptions options, URI url, HttpTransport transport)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Operation> ops = Operation.rounds(options.count);
    // The store's Sequence must be continued by the same workload: same operations, same numbering.
    String application = "calculator count=" + options.count;
    try (ClientStore store = options.openStore()) {
      RmSource s = new RmSource(transport, url, common.rm, Ns.ANONYMOUS, common.retry(), Duration.ofSeconds(30), store);
      RmSource.ResultReader results =
          (n, reply) -> {
            Operation op = ops.get((int) n - 1);
            // Printed as the .NET client prints the double (975, not the xs:double form 975.0).
            return op.line(formatXsDouble(reply.payloadText(NS, op.name() + "Result")));
          };
      int storedBefore = store.results().size();
      int retransmitted;
      try {
        retransmitted = s.resume(application, results);
      } catch (IllegalStateException otherRun) {
        throw new CommandLine.ParameterException(spec.commandLine(), otherRun.getMessage() + "; use another --store");
      }
      if (retransmitted >= 0) {
        SortedMap<Long, String> done = store.results();
        err.println(
            "tandem-client: resuming Sequence " + s.sequenceId() + " from " + options.store + ": "
                + storedBefore + " of " + ops.size() + " results were stored, " + retransmitted
                + " unacknowledged message(s) retransmitted");
        err.flush();
        done.values().forEach(out::println);
        out.flush();
      } else {
        s.open(application);
        if (options.store != null) {
          err.println("tandem-client: Sequence " + s.sequenceId() + " stored in " + options.store);
          err.flush();
        }
      }
      try (Progress progress = Progress.start(spec, common, options, ops.size(), store.results().size())) {
        for (long n = s.lastNumber() + 1; n <= ops.size(); n++) {
          Operation op = ops.get((int) n - 1);
          Message reply = s.request(NS + "/ICalculator/" + op.name(), body(op), results);
          progress.printResult(out, results.read(n, reply));
        }
      }
      s.close();
    }
    return 0;
  }

  private static RmSource.BodyWriter body(Operation op) {
    return (e, body) -> {
      Element w = wrapper(e.element(body, NS, op.name()), NS);
      e.element(w, NS, "n1", format(op.n1()));
      e.element(w, NS, "n2", format(op.n2()));
    };
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
