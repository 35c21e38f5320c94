package dev.tandem.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.dump.MessageDumpingFeature;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceFeature;
import java.io.Closeable;
import java.io.File;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.namespace.QName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metro 4's own WS-RM client against the deployed WAR: the proxy is built from the server's WSDL, so
 * Metro turns reliable messaging on from the WSDL's RM policy assertion (February 2005 for
 * {@code ?wsdl}, 1.1 for {@code ?wsdl&rm=1.1}) and offers a reverse sequence, as a WCF client does.
 *
 * <p>A {@link MessageDumpingFeature} records what Metro hands to its HTTP transport (below its RM
 * tube), so each test proves that the calls really went through a sequence in the expected RM
 * namespace. Set {@code -Dcom.sun.xml.ws.transport.http.client.HttpTransportPipe.dump=true} to see the
 * exchange on stdout.
 */
@ExtendWith(ArquillianExtension.class)
class MetroReliableCalculatorIT {

  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
  static final int THROUGHPUT_CALLS = 300;
  /** Calls before the timed ones: the server has just booted, its first calls run cold code. */
  static final int WARM_UP_CALLS = 50;

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tandem.war"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm10() throws Exception {
    runCalculatorSample("service.svc?wsdl", RM10, "LastMessage");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm11() throws Exception {
    runCalculatorSample("service.svc?wsdl&rm=1.1", RM11, "CloseSequence");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void throughputOfSequentialAddsOverRm10() throws Exception {
    // No MessageDumpingFeature here: it copies every message to a string. The same WSDL is shown to
    // run RM by calculatorSampleOverRm10.
    ICalculator rm = reliableProxy("service.svc?wsdl");
    double rmRate;
    try {
      callsPerSecond(rm, WARM_UP_CALLS); // includes CreateSequence: not part of the figure
      rmRate = callsPerSecond(rm, THROUGHPUT_CALLS);
    } finally {
      ((Closeable) rm).close();
    }
    System.out.printf(
        "[MetroReliableCalculatorIT] Metro client, RM 1.0: %d sequential Add calls (after %d warm-up"
            + " calls), %.1f calls/s%n",
        THROUGHPUT_CALLS, WARM_UP_CALLS, rmRate);

    URL basic = new URL(base, "service.svc/basic");
    if (status(basic) == 404) {
      System.out.println(
          "[MetroReliableCalculatorIT] no plain endpoint at " + basic + ": RM-off figure skipped");
      return;
    }
    ICalculator plain = plainProxy(basic);
    double plainRate;
    try {
      callsPerSecond(plain, WARM_UP_CALLS);
      plainRate = callsPerSecond(plain, THROUGHPUT_CALLS);
    } finally {
      ((Closeable) plain).close();
    }
    System.out.printf(
        "[MetroReliableCalculatorIT] Metro client, no RM (%s): %d sequential Add calls, %.1f calls/s;"
            + " RM-on / RM-off = %.2f%n",
        basic, THROUGHPUT_CALLS, plainRate, rmRate / plainRate);
  }

  private void runCalculatorSample(String wsdl, String rmNamespace, String closeElement)
      throws Exception {
    MessageDumpingFeature dump = new MessageDumpingFeature();
    ICalculator calculator = reliableProxy(wsdl, dump);
    try {
      assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
      assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
      assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
      assertThat(calculator.divide(22, 7)).isEqualTo(3.142857142857143);
    } finally {
      ((Closeable) calculator).close();
    }
    String wire = drain(dump);
    // Metro really ran a reliable session: CreateSequence with an Offer in this RM version, the four
    // calls as messages 1..4 of the sequence, replies on the offered sequence, then the version's close.
    assertThat(wire)
        .contains("CreateSequence")
        .contains("CreateSequenceResponse")
        .contains("Offer")
        .contains(rmNamespace)
        .containsPattern("MessageNumber>4<")
        .contains("SequenceAcknowledgement")
        .contains(closeElement)
        .contains("TerminateSequence")
        .containsPattern("AddResult>115.99<");
    assertThat(wire).doesNotContain(rmNamespace.equals(RM10) ? RM11 : RM10);
    assertThat(wire).doesNotContain("Fault>");
  }

  private ICalculator reliableProxy(String wsdl, WebServiceFeature... extra) throws Exception {
    return proxy(new URL(base, wsdl), extra);
  }

  /** A proxy from the plain endpoint's WSDL, which has no RM assertion: Metro runs no sequence. */
  private static ICalculator plainProxy(URL address) throws Exception {
    return proxy(new URL(address + "?wsdl"));
  }

  private static ICalculator proxy(URL wsdl, WebServiceFeature... extra) {
    WebServiceFeature[] features = new WebServiceFeature[extra.length + 1];
    features[0] = new FastInfosetFeature(false);
    System.arraycopy(extra, 0, features, 1, extra.length);
    ICalculator port = Service.create(wsdl, SERVICE).getPort(PORT, ICalculator.class, features);
    Map<String, Object> ctx = ((BindingProvider) port).getRequestContext();
    ctx.put("com.sun.xml.ws.connect.timeout", 10_000);
    ctx.put("com.sun.xml.ws.request.timeout", 60_000);
    return port;
  }

  private static double callsPerSecond(ICalculator calculator, int calls) {
    long start = System.nanoTime();
    for (int i = 1; i <= calls; i++) {
      assertThat(calculator.add(i, 0.5)).isEqualTo(i + 0.5);
    }
    long nanos = System.nanoTime() - start;
    return calls / (nanos / 1e9);
  }

  private static String drain(MessageDumpingFeature dump) {
    List<String> messages = new ArrayList<>();
    for (String m = dump.nextMessage(); m != null; m = dump.nextMessage()) {
      messages.add(m);
    }
    return String.join("\n", messages);
  }

  private static int status(URL url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(30_000);
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }
}
