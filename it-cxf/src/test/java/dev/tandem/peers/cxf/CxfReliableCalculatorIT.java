package dev.tandem.peers.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.ws.soap.SOAPBinding;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.ext.logging.LoggingFeature;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.apache.cxf.ws.rm.feature.RMFeature;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apache CXF 4.1's WS-RM client against the deployed WAR, RM February 2005 (with WS-Addressing 1.0,
 * not CXF's default 2004/08 namespace for RM 1.0) and RM 1.1, SOAP 1.2. CXF sends no Offer unless its
 * source policy says so, and Tandem's request-reply endpoint refuses a CreateSequence without one (WCF
 * B1111), so the source policy sets {@code includeOffer} ({@link CxfRmSource}).
 *
 * <p>A {@link LoggingFeature} keeps the raw messages so each test checks that the calls really went
 * through a sequence in the expected RM namespace.
 */
@ExtendWith(ArquillianExtension.class)
class CxfReliableCalculatorIT {

  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  static final String WSA10 = "http://www.w3.org/2005/08/addressing";
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    String war = System.getProperty("tandem.war", "../web-module/target/tandem.war");
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(war));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm10() throws Exception {
    String wire = runCalculatorSample(RM10);
    // CXF ends a Feb 2005 sequence with LastMessage (no TerminateSequence); the server answers with
    // the offered sequence's LastMessage on the same HTTP response (wcf-wire.md §4.1 step 3).
    assertThat(wire)
        .containsPattern("REQ_OUT .*/2005/02/rm/LastMessage</.*:LastMessage/>")
        .containsPattern("RESP_IN .*:LastMessage/>.*/2005/02/rm/LastMessage</");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm11() throws Exception {
    String wire = runCalculatorSample(RM11);
    // CXF ends a 1.1 sequence with CloseSequence (its ack carries both ranges and None, see
    // peers.md); the server answers CloseSequenceResponse with a Final ack.
    assertThat(wire)
        .containsPattern("REQ_OUT .*200702/CloseSequence<")
        .containsPattern("RESP_IN .*:Final/>.*:CloseSequenceResponse ");
  }

  /**
   * RMFeature added to the JaxWsProxyFactoryBean only, as CXF's documentation configures it. CXF 4.1
   * then ends a February 2005 Sequence with a LastMessage-Action message that has neither a Sequence
   * header nor a body (and may send standalone acknowledgements without their header, peers.md).
   * Tandem answers those 202, as CXF's own server does, where it answered ActionNotSupported and the
   * close threw. The relay shows the close reaching Tandem and its 202; nothing of it is stored, so
   * the Sequence still acknowledges exactly the four calls.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm10WithRmFeatureOnTheProxyFactoryOnly() throws Exception {
    try (RecordingRelay relay = RecordingRelay.start(new URL(base, "service.svc").toURI())) {
      String wire = runWithRmOnTheFactoryOnly(RM10, relay);
      assertThat(relay.exchanges())
          .as("exchanges through the relay")
          .contains(new RecordingRelay.Exchange(RM10 + "/LastMessage", 202));
      assertThat(ackRequested(RM10, sequenceOf(wire)))
          .startsWith("200 ")
          .containsPattern("Lower=[\"']1[\"']")
          .containsPattern("Upper=[\"']4[\"']")
          .doesNotContain("Fault");
    }
  }

  /**
   * The same for RM 1.1, whose close is a proper CloseSequence: afterwards the Sequence is closed at
   * Tandem, so a fifth message gets SequenceClosed.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm11WithRmFeatureOnTheProxyFactoryOnly() throws Exception {
    try (RecordingRelay relay = RecordingRelay.start(new URL(base, "service.svc").toURI())) {
      String wire = runWithRmOnTheFactoryOnly(RM11, relay);
      assertThat(wire).containsPattern("RESP_IN .*:CloseSequenceResponse ");
      assertThat(relay.exchanges()).contains(new RecordingRelay.Exchange(RM11 + "/CloseSequence", 200));
      assertThat(post(RM11, sequenceOf(wire), 5)).contains("SequenceClosed");
    }
  }

  /**
   * Runs the sample through {@code relay} with RMFeature on the proxy factory only, capturing the
   * records of the {@code org.apache.cxf} loggers: none may be SEVERE, and no exchange may have been
   * answered with a fault status.
   */
  private String runWithRmOnTheFactoryOnly(String rmNamespace, RecordingRelay relay)
      throws Exception {
    List<LogRecord> severe = Collections.synchronizedList(new ArrayList<>());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
              severe.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger cxf = Logger.getLogger("org.apache.cxf");
    cxf.addHandler(handler);
    String wire;
    try {
      wire = runCalculatorSample(rmNamespace, false, relay.via(new URL(base, "service.svc").toURI()));
    } finally {
      cxf.removeHandler(handler);
    }
    assertThat(severe)
        .as("CXF's SEVERE log records")
        .extracting(r -> r.getLoggerName() + ": " + new SimpleFormatter().formatMessage(r))
        .isEmpty();
    assertThat(relay.exchanges())
        .as("exchanges through the relay")
        .allSatisfy(e -> assertThat(e.status()).as(e.action()).isIn(200, 202));
    System.out.println("[CxfReliableCalculatorIT] " + rmNamespace + " exchanges: " + relay.exchanges());
    return wire;
  }

  private static String sequenceOf(String wire) {
    Matcher id =
        Pattern.compile("CreateSequenceResponse.*?Identifier>(urn:uuid:[^<]+)<").matcher(wire);
    assertThat(id.find()).as("a CreateSequenceResponse on the wire").isTrue();
    return id.group(1);
  }

  /** Posts Add as message {@code number} of {@code sequence}; returns status and body. */
  private String post(String rmNamespace, String sequence, long number) throws Exception {
    return exchange(
        rmNamespace,
        "<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>" + sequence
            + "</r:Identifier><r:MessageNumber>" + number + "</r:MessageNumber></r:Sequence>",
        ICalculator.NS + "/ICalculator/Add",
        "<Add xmlns=\"" + ICalculator.NS + "\"><n1>1</n1><n2>2</n2></Add>");
  }

  /** Posts a standalone AckRequested for {@code sequence}; returns status and body. */
  private String ackRequested(String rmNamespace, String sequence) throws Exception {
    return exchange(
        rmNamespace,
        "<r:AckRequested><r:Identifier>" + sequence + "</r:Identifier></r:AckRequested>",
        rmNamespace + "/AckRequested",
        "");
  }

  /** Posts one SOAP 1.2 envelope straight to the server; returns "status body". */
  private String exchange(String rmNamespace, String rmHeaders, String action, String body)
      throws Exception {
    URL endpoint = new URL(base, "service.svc");
    String envelope =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\""
            + WSA10
            + "\" xmlns:r=\""
            + rmNamespace
            + "\"><s:Header>"
            + rmHeaders
            + "<a:Action s:mustUnderstand=\"1\">"
            + action
            + "</a:Action><a:MessageID>urn:uuid:"
            + java.util.UUID.randomUUID()
            + "</a:MessageID><a:To s:mustUnderstand=\"1\">"
            + endpoint
            + "</a:To></s:Header><s:Body>"
            + body
            + "</s:Body></s:Envelope>";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.toURI())
                    .header("Content-Type", "application/soap+xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  /** Runs the WCF sample's four calls; returns the recorded messages, one per line. */
  private String runCalculatorSample(String rmNamespace) throws Exception {
    return runCalculatorSample(rmNamespace, true, new URL(base, "service.svc").toURI());
  }

  /**
   * Runs the WCF sample's four calls; returns the recorded messages, one per line.
   *
   * @param rmOnBus RMFeature also on the bus (proper RM headers on all of CXF's protocol messages),
   *     or on the proxy factory only (CXF's documented set-up)
   * @param address where the proxy sends (the server, or a relay in front of it)
   */
  private String runCalculatorSample(String rmNamespace, boolean rmOnBus, URI address)
      throws Exception {
    List<String> wire = Collections.synchronizedList(new ArrayList<>());
    Bus bus = BusFactory.newInstance().createBus();
    try {
      ICalculator calculator = proxy(bus, rmNamespace, wire, rmOnBus, address);
      assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
      assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
      assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
      assertThat(calculator.divide(22, 7)).isEqualTo(3.142857142857143);
      ((java.io.Closeable) calculator).close();
    } finally {
      // RMManager terminates the sequence on shutdown (terminateOnShutdown).
      bus.shutdown(true);
    }
    String all;
    synchronized (wire) {
      all = String.join("\n", wire.stream().map(m -> m.replace('\n', ' ')).toList());
    }
    if (Boolean.getBoolean("tandem.it.print.wire")) {
      System.out.println("[CxfReliableCalculatorIT] " + rmNamespace + " wire:\n" + all);
    }
    assertThat(all)
        .contains("CreateSequence")
        .contains("CreateSequenceResponse")
        .contains("Offer")
        .contains(rmNamespace)
        .contains(WSA10)
        .containsPattern("MessageNumber>4<")
        .contains("SequenceAcknowledgement")
        .containsPattern("AddResult>115.99<");
    assertThat(all).doesNotContain(rmNamespace.equals(RM10) ? RM11 : RM10);
    assertThat(all).doesNotContain("Fault>");
    return all;
  }

  private ICalculator proxy(
      Bus bus, String rmNamespace, List<String> wire, boolean rmOnBus, URI address)
      throws Exception {
    RMFeature rm = CxfRmSource.feature(rmNamespace);

    LoggingFeature logging = new LoggingFeature();
    logging.setPrettyLogging(false);
    logging.setLimit(1024 * 1024);
    logging.setSender(event -> wire.add(event.getType() + " " + event.getPayload()));

    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
    factory.setBus(bus);
    factory.setServiceClass(ICalculator.class);
    factory.setServiceName(SERVICE);
    factory.setEndpointName(PORT);
    factory.setAddress(address.toString());
    factory.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
    // On the bus, not the factory: CXF sends CreateSequence, LastMessage/CloseSequence and
    // TerminateSequence through a client of its own, which only bus-level interceptors reach.
    logging.initialize(bus);
    // RM on the bus as well: with RMFeature on the proxy factory only, CXF 4.1.3 sends its RM 1.0
    // shutdown LastMessage without any wsrm:Sequence header (Tandem answers it 202, as CXF's own
    // server does: see the *OnTheProxyFactoryOnly tests).
    if (rmOnBus) {
      rm.initialize(bus);
    }
    factory.getFeatures().add(new WSAddressingFeature());
    factory.getFeatures().add(rm);
    ICalculator port = factory.create(ICalculator.class);

    Client client = ClientProxy.getClient(port);
    HTTPClientPolicy http = new HTTPClientPolicy();
    http.setConnectionTimeout(10_000);
    http.setReceiveTimeout(60_000);
    ((HTTPConduit) client.getConduit()).setClient(http);
    return port;
  }
}
