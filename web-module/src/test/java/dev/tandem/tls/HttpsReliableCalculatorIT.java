package dev.tandem.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.developer.JAXWSProperties;
import com.sun.xml.ws.dump.MessageDumpingFeature;
import dev.tandem.rm.TandemServer;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliable calculator over HTTPS (WCF's custom binding reliableSession + httpsTransport) on the
 * real {@code tandem-micro.jar}, started with {@code --sslport}. The client trusts exactly the
 * certificate the build generated ({@code target/tls/tandem.cer}); certificate and host name
 * verification stay on everywhere. Metro's WS-RM client gets its TLS socket factory per proxy through
 * the request context ({@link JAXWSProperties#SSL_SOCKET_FACTORY}); its RM protocol messages ignore
 * that property, so while a sequence runs HttpsURLConnection's default factory trusts the same single
 * certificate (see {@code runCalculatorSample}).
 */
class HttpsReliableCalculatorIT {
  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
  static final String SP = "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy";

  private static TandemServer server;
  private static SSLContext trustingTandem;
  private static HttpClient https;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    trustingTandem = sslContextTrusting(certificate());
    https =
        HttpClient.newBuilder()
            .sslContext(trustingTandem)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    server = TandemServer.start(TandemServer.freePort(), TandemServer.freePort(), "https", "server.log");
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
    runCalculatorSample("localhost", "service.svc?wsdl", RM10, "LastMessage");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorSampleOverHttpsWithRm11() throws Exception {
    runCalculatorSample("127.0.0.1", "service.svc?wsdl&rm=1.1", RM11, "CloseSequence");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void httpsOnlyEndpointServesTheCalculatorOverHttps() throws Exception {
    runCalculatorSample("localhost", "service.svc/secure?wsdl", RM10, "LastMessage");
  }

  /**
   * The HTTPS listener offers HTTP/1.1 only, as WCF's endpoints do: JDK 17's HttpClient (CXF 4.1's
   * default transport) failed about one new HTTP/2-over-TLS 1.3 connection in 600 with "Tag mismatch".
   */
  @Test
  void httpsAnswersHttp11EvenToAClientThatPrefersHttp2() throws Exception {
    HttpClient preferringHttp2 =
        HttpClient.newBuilder()
            .sslContext(trustingTandem)
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> r =
        preferringHttp2.send(
            HttpRequest.newBuilder(URI.create(server.secureEndpoint("localhost") + "?wsdl")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void wsdlOverHttpsNamesTheHttpsAddressAndCarriesTransportSecurityPolicy() throws Exception {
    URI address = server.secureEndpoint("localhost");
    String wsdl = get(https, URI.create(address + "?wsdl"));
    assertThat(wsdl)
        .contains("<soap12:address location=\"" + address + "\"/>")
        .contains("<wsa10:Address>" + address + "</wsa10:Address>")
        .contains("<sp:TransportBinding xmlns:sp=\"" + SP + "\">")
        .contains("<sp:HttpsToken RequireClientCertificate=\"false\"/>")
        .contains("<sp:Basic256/>")
        .contains("<sp:Strict/>")
        .contains("wsrm:RMAssertion")
        .contains("<wsaw:UsingAddressing/>");
    assertThat(wsdl.indexOf("sp:TransportToken"))
        .as("HttpsToken nested in TransportToken/wsp:Policy")
        .isLessThan(wsdl.indexOf("<wsp:Policy>\n                  <sp:HttpsToken"));

    String plain =
        get(HttpClient.newHttpClient(), URI.create(server.endpoint() + "?wsdl"));
    assertThat(plain).contains("location=\"" + server.endpoint() + "\"").doesNotContain(SP);
  }

  @Test
  void plainHttpToTheHttpsOnlyEndpointGetsASenderFault() throws Exception {
    URI secure = URI.create(server.endpoint() + "/secure");
    String createSequence =
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
            + " xmlns:a=\"http://www.w3.org/2005/08/addressing\">"
            + "<s:Header><a:Action s:mustUnderstand=\"1\">" + RM10 + "/CreateSequence</a:Action>"
            + "<a:MessageID>urn:uuid:6b5a6d3e-1f3c-4f4e-9d0e-0c2d1b7a9e11</a:MessageID>"
            + "<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>"
            + "<a:To s:mustUnderstand=\"1\">" + secure + "</a:To></s:Header>"
            + "<s:Body><CreateSequence xmlns=\"" + RM10 + "\"><AcksTo>"
            + "<a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address>"
            + "</AcksTo></CreateSequence></s:Body></s:Envelope>";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(secure)
                    .header("Content-Type", "application/soap+xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(createSequence))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/soap+xml"));
    assertThat(response.body())
        .contains("s:Fault")
        .containsPattern("<s:Value>s:Sender</s:Value>")
        .contains("This endpoint requires HTTPS")
        .doesNotContain("CreateSequenceResponse");

    HttpResponse<String> wsdl =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(secure + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(wsdl.statusCode()).isEqualTo(403);
  }

  @Test
  void clientWithTheDefaultJdkTruststoreFailsTheHandshake() {
    URI wsdl = URI.create(server.secureEndpoint("localhost") + "?wsdl");
    assertThatThrownBy(() -> get(HttpClient.newHttpClient(), wsdl))
        .isInstanceOf(SSLHandshakeException.class);
    // What Metro uses underneath: HttpsURLConnection with the JDK's default socket factory.
    assertThatThrownBy(
            () -> {
              HttpsURLConnection c = (HttpsURLConnection) wsdl.toURL().openConnection();
              c.setConnectTimeout(5_000);
              c.setReadTimeout(10_000);
              c.getResponseCode();
            })
        .isInstanceOf(SSLHandshakeException.class);
    // And Metro itself, building a proxy from the https WSDL with its defaults.
    assertThatThrownBy(() -> Service.create(wsdl.toURL(), SERVICE))
        .hasStackTraceContaining("PKIX path building failed");
  }

  /**
   * A certificate the client trusts but issued for another name is rejected: the server is a tiny JDK
   * HttpsServer with a certificate for {@code wrong.example.invalid} generated here, reached as
   * {@code localhost}. (Tandem itself binds loopback only and its certificate names localhost and
   * 127.0.0.1, so the mismatch cannot be produced against it.)
   */
  @Test
  void certificateForAnotherHostNameIsRejected() throws Exception {
    Path keystore = tmp.resolve("wrong-name.p12");
    keytool(
        "-genkeypair", "-alias", "wrong", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-storetype", "PKCS12", "-dname", "CN=wrong.example.invalid",
        "-ext", "SAN=dns:wrong.example.invalid", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    HttpsServer wrong =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    wrong.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    wrong.createContext(
        "/",
        exchange -> {
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    wrong.start();
    try {
      SSLContext trustingWrong = sslContextTrusting(ks.getCertificate("wrong"));
      URL url = new URL("https://localhost:" + wrong.getAddress().getPort() + "/");
      HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
      c.setSSLSocketFactory(trustingWrong.getSocketFactory());
      c.setConnectTimeout(5_000);
      c.setReadTimeout(10_000);
      assertThatThrownBy(c::getResponseCode)
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("No subject alternative DNS name matching localhost");
      HttpClient client = HttpClient.newBuilder().sslContext(trustingWrong).build();
      assertThatThrownBy(() -> get(client, url.toURI())).isInstanceOf(SSLHandshakeException.class);
    } finally {
      wrong.stop(0);
    }
  }

  private void runCalculatorSample(String host, String wsdl, String rmNamespace, String close)
      throws Exception {
    MessageDumpingFeature dump = new MessageDumpingFeature();
    ICalculator calculator = reliableProxy(host, wsdl, dump);
    // Metro's RM client builds its own packets for CreateSequence, LastMessage/CloseSequence and
    // TerminateSequence without the proxy's request context, so SSL_SOCKET_FACTORY (set on the proxy
    // for the application messages) does not reach them; they use HttpsURLConnection's default
    // factory. That default trusts the same single certificate while this sequence runs (tests run
    // one at a time) and is restored afterwards. Host name verification is untouched.
    SSLSocketFactory previous = HttpsURLConnection.getDefaultSSLSocketFactory();
    HttpsURLConnection.setDefaultSSLSocketFactory(trustingTandem.getSocketFactory());
    try {
      assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
      assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
      assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
      assertThat(calculator.divide(22, 7)).isEqualTo(3.142857142857143);
    } finally {
      try {
        ((Closeable) calculator).close();
      } finally {
        HttpsURLConnection.setDefaultSSLSocketFactory(previous);
      }
    }
    String wire = drain(dump);
    assertThat(wire)
        .contains("CreateSequence")
        .contains("CreateSequenceResponse")
        .contains(rmNamespace)
        .containsPattern("MessageNumber>4<")
        .contains("SequenceAcknowledgement")
        .contains(close)
        .contains("TerminateSequence")
        .containsPattern("AddResult>115.99<")
        .contains("https://" + host + ":");
    assertThat(wire).doesNotContain("Fault>");
  }

  /**
   * A Metro proxy from the service's HTTPS WSDL. The WSDL is fetched with the trusting client and
   * handed to Metro as a local copy (its soap12:address stays the https URL), because Metro's own WSDL
   * download would use the JVM's default trust.
   */
  private ICalculator reliableProxy(String host, String wsdl, MessageDumpingFeature dump)
      throws Exception {
    URI base = URI.create(server.secureEndpoint(host).toString().replaceAll("service\\.svc$", ""));
    Path copy = Files.createTempFile(tmp, "calculator", ".wsdl");
    Files.writeString(copy, get(https, base.resolve(wsdl)));
    ICalculator port =
        Service.create(copy.toUri().toURL(), SERVICE)
            .getPort(PORT, ICalculator.class, new FastInfosetFeature(false), dump);
    Map<String, Object> ctx = ((BindingProvider) port).getRequestContext();
    assertThat((String) ctx.get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY)).startsWith("https://");
    ctx.put(JAXWSProperties.SSL_SOCKET_FACTORY, trustingTandem.getSocketFactory());
    ctx.put(JAXWSProperties.CONNECT_TIMEOUT, 10_000);
    ctx.put(JAXWSProperties.REQUEST_TIMEOUT, 60_000);
    return port;
  }

  private static String get(HttpClient client, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", uri).isEqualTo(200);
    return r.body();
  }

  /** The certificate the build generated for the HTTPS listener (web-module/target/tls). */
  private static X509Certificate certificate() throws Exception {
    Path cer = Path.of(System.getProperty("tandem.tls.dir", "target/tls"), "tandem.cer");
    try (InputStream in = Files.newInputStream(cer)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** A TLS context whose trust store holds exactly {@code trusted}. */
  private static SSLContext sslContextTrusting(Certificate trusted) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("trusted", trusted);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("keytool: %s", out).isZero();
  }

  private static String drain(MessageDumpingFeature dump) {
    List<String> messages = new ArrayList<>();
    for (String m = dump.nextMessage(); m != null; m = dump.nextMessage()) {
      messages.add(m);
    }
    return String.join("\n", messages);
  }
}
