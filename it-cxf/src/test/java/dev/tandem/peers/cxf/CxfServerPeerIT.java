package dev.tandem.peers.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.cli.TandemClient;
import jakarta.jws.WebService;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.apache.cxf.ws.rm.feature.RMFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tandem's client (its CLI, in process) against a server we did not write: Apache CXF's own WS-RM
 * endpoint (Jetty, SOAP 1.2, WS-Addressing, RM 1.0 and 1.1 at one URL). Four results, exit 0, each
 * call run once by CXF. Adds about 5 s.
 */
class CxfServerPeerIT {
  private static final List<String> CALCULATOR =
      List.of(
          "Add(100,15.99) = 115.99",
          "Subtract(145,76.54) = 68.46",
          "Multiply(9,81.25) = 731.25",
          "Divide(22,7) = 3.142857142857143");

  /** The sample's CalculatorService, for CXF. */
  @WebService(
      serviceName = "CalculatorService",
      portName = "WSHttpBinding_ICalculator",
      targetNamespace = ICalculator.NS,
      endpointInterface = "dev.tandem.peers.cxf.ICalculator")
  public static class CxfCalculator implements ICalculator {
    final AtomicInteger invocations = new AtomicInteger();

    @Override
    public double add(double n1, double n2) {
      invocations.incrementAndGet();
      return n1 + n2;
    }

    @Override
    public double subtract(double n1, double n2) {
      invocations.incrementAndGet();
      return n1 - n2;
    }

    @Override
    public double multiply(double n1, double n2) {
      invocations.incrementAndGet();
      return n1 * n2;
    }

    @Override
    public double divide(double n1, double n2) {
      invocations.incrementAndGet();
      return n1 / n2;
    }
  }

  private static final CxfCalculator SERVICE = new CxfCalculator();
  private static Server server;
  private static String url;

  @BeforeAll
  static void publish() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    url = "http://127.0.0.1:" + port + "/cxf/calculator";
    JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
    factory.setServiceClass(ICalculator.class);
    factory.setServiceBean(SERVICE);
    factory.setAddress(url);
    factory.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
    factory.getFeatures().add(new WSAddressingFeature());
    factory.getFeatures().add(new RMFeature());
    server = factory.create();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
      server.destroy();
    }
  }

  private record Run(int exit, List<String> lines, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString().lines().toList(), err.toString());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorOverCxfRm10() {
    calculator("1.0", "http://schemas.xmlsoap.org/ws/2005/02/rm");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorOverCxfRm11() {
    calculator("1.1", "http://docs.oasis-open.org/ws-rx/wsrm/200702");
  }

  private void calculator(String rm, String rmNs) {
    int before = SERVICE.invocations.get();
    Run r = run("calculator", "--url", url, "--rm", rm, "--verbose");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
    assertThat(SERVICE.invocations.get() - before).isEqualTo(4);
    // CXF created the Sequence in that RM version and acknowledged the four calls.
    assertThat(r.err()).contains(rmNs + "/CreateSequenceResponse", "Upper=\"4\"");
  }
}
