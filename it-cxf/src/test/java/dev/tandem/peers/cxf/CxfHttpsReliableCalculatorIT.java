package dev.tandem.peers.cxf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rm.TandemServer;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.ext.logging.LoggingFeature;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.apache.cxf.ws.rm.feature.RMFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache CXF's WS-RM client (RM 1.0 with WS-Addressing 1.0, and RM 1.1; SOAP 1.2; Offer included, as
 * in {@link CxfReliableCalculatorIT}) against the real {@code tandem-micro.jar} over HTTPS, on its
 * HTTPS-only endpoint {@code service.svc/secure}. TLS is configured through CXF's
 * {@link TLSClientParameters}: the trust managers come from web-module's generated
 * {@code tandem-truststore.p12}, which holds only the server's certificate, so nothing else is trusted;
 * host name and certificate verification stay on. The parameters are applied by an
 * {@link HTTPConduitConfigurer} on the bus, so every conduit the bus makes gets them, including those
 * of CXF's RM protocol messages (CreateSequence, LastMessage/CloseSequence, TerminateSequence).
 */
class CxfHttpsReliableCalculatorIT {

  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  static final String WSA10 = "http://www.w3.org/2005/08/addressing";
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
  /** web-module's tls-certificate step: the truststore and its password. */
  static final String TRUSTSTORE = "tandem-truststore.p12";
  static final char[] TRUSTSTORE_PASSWORD = "changeit".toCharArray();

  private static TandemServer server;
  private static TrustManager[] trustingOnlyTandem;

  @BeforeAll
  static void start() throws Exception {
    trustingOnlyTandem = trustManagersFromTruststore();
    server =
        TandemServer.start(TandemServer.freePort(), TandemServer.freePort(), "cxf-https", "server.log");
  }

  /** The HTTPS-only calculator endpoint, {@code service.svc/secure}, by the given host name. */
  private static String secureEndpoint(String host) {
    return server.secureEndpoint(host) + "/secure";
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverHttpsWithRm10() throws Exception {
    String wire = runCalculatorSample("localhost", RM10);
    assertThat(wire)
        .containsPattern("REQ_OUT .*/2005/02/rm/LastMessage</.*:LastMessage/>")
        .containsPattern("RESP_IN .*:LastMessage/>.*/2005/02/rm/LastMessage</");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverHttpsWithRm11() throws Exception {
    String wire = runCalculatorSample("127.0.0.1", RM11);
    assertThat(wire)
        .containsPattern("REQ_OUT .*200702/CloseSequence<")
        .containsPattern("RESP_IN .*:Final/>.*:CloseSequenceResponse ");
  }

  /** The same client without TLS parameters, i.e. with the JDK's default trust: no handshake. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void clientWithTheDefaultJdkTrustFailsTheHandshake() throws Exception {
    List<String> wire = Collections.synchronizedList(new ArrayList<>());
    Bus bus = BusFactory.newInstance().createBus();
    try {
      ICalculator calculator = proxy(bus, "localhost", RM10, wire, false);
      assertThat(((HTTPConduit) ClientProxy.getClient(calculator).getConduit()).getTlsClientParameters())
          .isNull();
      assertThatThrownBy(() -> calculator.add(100, 15.99))
          .satisfies(
              failure ->
                  assertThat(causeChain(failure))
                      .as("cause chain of %s", failure)
                      .hasAtLeastOneElementOfType(SSLHandshakeException.class));
    } finally {
      bus.shutdown(true);
    }
    synchronized (wire) {
      assertThat(wire).noneMatch(m -> m.startsWith("RESP_IN"));
    }
  }

  /** Runs the WCF sample's four calls over HTTPS; returns the recorded messages, one per line. */
  private String runCalculatorSample(String host, String rmNamespace) throws Exception {
    List<String> wire = Collections.synchronizedList(new ArrayList<>());
    Bus bus = BusFactory.newInstance().createBus();
    try {
      ICalculator calculator = proxy(bus, host, rmNamespace, wire, true);
      HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(calculator).getConduit();
      assertThat(conduit.getTlsClientParameters()).isNotNull();
      assertThat(conduit.getTlsClientParameters().isDisableCNCheck()).isFalse();
      assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
      assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
      assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
      assertThat(calculator.divide(22, 7)).isEqualTo(22.0 / 7);
      ((Closeable) calculator).close();
    } finally {
      // RMManager ends the sequence on shutdown (terminateOnShutdown).
      bus.shutdown(true);
    }
    List<String> messages;
    synchronized (wire) {
      messages = new ArrayList<>(wire);
    }
    String all = String.join("\n", messages);
    if (Boolean.getBoolean("tandem.it.print.wire")) {
      System.out.println("[CxfHttpsReliableCalculatorIT] " + rmNamespace + " wire:\n" + all);
    }
    String secure = secureEndpoint(host);
    // Every request, RM protocol messages included, went to the HTTPS endpoint.
    assertThat(messages).filteredOn(m -> m.startsWith("REQ_OUT ")).hasSizeGreaterThanOrEqualTo(6)
        .allMatch(m -> m.startsWith("REQ_OUT " + secure + " "), "sent to " + secure);
    assertThat(all)
        .containsPattern("REQ_OUT .*/CreateSequence<")
        .contains("CreateSequenceResponse")
        .contains("Offer")
        .contains(rmNamespace)
        .contains(WSA10)
        .containsPattern("MessageNumber>4<")
        .contains("SequenceAcknowledgement")
        .containsPattern("AddResult>115.99<")
        .containsPattern("DivideResult>3.142857142857143<");
    assertThat(all).doesNotContain(rmNamespace.equals(RM10) ? RM11 : RM10);
    assertThat(all).doesNotContain("Fault>");
    return all;
  }

  private ICalculator proxy(
      Bus bus, String host, String rmNamespace, List<String> wire, boolean trustTandem)
      throws Exception {
    if (trustTandem) {
      // Every HTTPConduit this bus creates (the proxy's and RM's own) trusts only the truststore.
      bus.setExtension(
          (HTTPConduitConfigurer) (name, address, conduit) -> conduit.setTlsClientParameters(tls()),
          HTTPConduitConfigurer.class);
    }

    RMFeature rm = CxfRmSource.feature(rmNamespace);

    LoggingFeature logging = new LoggingFeature();
    logging.setPrettyLogging(false);
    logging.setLimit(1024 * 1024);
    logging.setSender(
        event ->
            wire.add(
                event.getType()
                    + " "
                    + event.getAddress()
                    + " "
                    + String.valueOf(event.getPayload()).replace('\n', ' ')));

    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
    factory.setBus(bus);
    factory.setServiceClass(ICalculator.class);
    factory.setServiceName(SERVICE);
    factory.setEndpointName(PORT);
    factory.setAddress(secureEndpoint(host));
    factory.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
    // On the bus (see CxfReliableCalculatorIT): RM's protocol messages use a client of their own.
    logging.initialize(bus);
    rm.initialize(bus);
    factory.getFeatures().add(new WSAddressingFeature());
    factory.getFeatures().add(rm);
    ICalculator port = factory.create(ICalculator.class);

    Client client = ClientProxy.getClient(port);
    HTTPConduit conduit = (HTTPConduit) client.getConduit();
    HTTPClientPolicy http = new HTTPClientPolicy();
    http.setConnectionTimeout(10_000);
    http.setReceiveTimeout(60_000);
    conduit.setClient(http);
    return port;
  }

  /** Trust managers from the truststore only; CN/host name check left on (the default). */
  private static TLSClientParameters tls() {
    TLSClientParameters tls = new TLSClientParameters();
    tls.setTrustManagers(trustingOnlyTandem);
    tls.setDisableCNCheck(false);
    return tls;
  }

  /** web-module/target/tls/tandem-truststore.p12, which holds exactly the generated certificate. */
  private static TrustManager[] trustManagersFromTruststore() throws Exception {
    Path file =
        Path.of(System.getProperty("tandem.tls.dir", "../web-module/target/tls"), TRUSTSTORE);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      trust.load(in, TRUSTSTORE_PASSWORD);
    }
    assertThat(Collections.list(trust.aliases())).as("entries of %s", file).hasSize(1);
    assertThat(trust.isCertificateEntry(trust.aliases().nextElement())).isTrue();
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf.getTrustManagers();
  }

  private static List<Throwable> causeChain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
