package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.dump.MessageDumpingFeature;
import dev.tandem.client.cli.TandemClient;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import picocli.CommandLine;

/** The clients the tests drive the samples with: Metro's own WS-RM client and Tandem's client. */
final class Clients {
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
  static final List<String> CALCULATOR =
      List.of(
          "Add(100,15.99) = 115.99",
          "Subtract(145,76.54) = 68.46",
          "Multiply(9,81.25) = 731.25",
          "Divide(22,7) = 3.142857142857143");
  static final List<String> DUPLEX =
      List.of(
          "Equation(0 = 0)",
          "Equals(100)",
          "Equals(50)",
          "Equals(882.4999999999999)",
          "Equals(441.24999999999994)",
          "Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");

  private Clients() {}

  /** Exit code, stdout lines and stderr of one {@code tandem-client} run. */
  record Run(int exit, List<String> lines, String err) {}

  /** Runs {@code tandem-client} in this JVM, as {@code java -jar tandem-client.jar args}. */
  static Run tandemClient(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString().lines().toList(), err.toString());
  }

  /**
   * Runs the duplex calculator sample over dual HTTP with Tandem's client (listening on a free
   * loopback port) and checks the callbacks it printed.
   *
   * @param endpoint the duplex endpoint, e.g. {@code .../service.svc/duplex}
   */
  static void duplexOverDualHttp(URI endpoint) {
    Run r = tandemClient("duplex", "--url", endpoint.toString(), "--listen", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(DUPLEX);
  }

  /**
   * Runs the calculator sample with Metro's WS-RM client, built from the service's WSDL (Metro turns
   * reliable messaging on from its RM policy), and checks on the wire that it really ran a Sequence of
   * the expected WS-RM version.
   *
   * @param wsdl {@code service.svc?wsdl} (WS-RM 1.0) or {@code service.svc?wsdl&rm=1.1}
   * @param rmNamespace the WS-RM namespace the exchange must use
   */
  static void metroCalculator(URI wsdl, String rmNamespace) throws Exception {
    QName service = new QName(ICalculator.NS, "CalculatorService");
    QName port = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
    MessageDumpingFeature dump = new MessageDumpingFeature();
    ICalculator calculator =
        Service.create(wsdl.toURL(), service)
            .getPort(port, ICalculator.class, new FastInfosetFeature(false), dump);
    Map<String, Object> ctx = ((BindingProvider) calculator).getRequestContext();
    ctx.put("com.sun.xml.ws.connect.timeout", 10_000);
    ctx.put("com.sun.xml.ws.request.timeout", 60_000);
    try {
      assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
      assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
      assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
      assertThat(calculator.divide(22, 7)).isEqualTo(3.142857142857143);
    } finally {
      ((Closeable) calculator).close();
    }
    List<String> messages = new ArrayList<>();
    for (String m = dump.nextMessage(); m != null; m = dump.nextMessage()) {
      messages.add(m);
    }
    String wire = String.join("\n", messages);
    assertThat(wire)
        .contains("CreateSequenceResponse", "Offer", rmNamespace, "SequenceAcknowledgement", "TerminateSequence")
        .containsPattern("MessageNumber>4<")
        .doesNotContain("Fault>")
        .doesNotContain(rmNamespace.equals(RM10) ? RM11 : RM10);
  }
}
