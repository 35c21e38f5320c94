package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.cli.TandemClient;
import dev.tandem.rm.TandemServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import picocli.CommandLine;

/**
 * The client CLI (its picocli entry point, in process) against the real uber-jar, started once:
 * the four samples over HTTP, HTTPS, dual HTTP and WS-MakeConnection, and the exit codes. Runs
 * under failsafe only (which sets {@code tandem.it.jar}), also when {@code -Dtest=} selects it.
 */
@EnabledIfSystemProperty(named = "tandem.it.jar", matches = ".+")
class ClientAgainstTandemIT {
  private static TandemServer server;

  private static final List<String> CALCULATOR =
      List.of(
          "Add(100,15.99) = 115.99",
          "Subtract(145,76.54) = 68.46",
          "Multiply(9,81.25) = 731.25",
          "Divide(22,7) = 3.142857142857143");

  @BeforeAll
  static void start() throws Exception {
    server = SharedServer.get();
  }


  /** The calculator's HTTP address + {@code path}. */
  private static String http(String path) {
    return server.endpoint() + path;
  }

  /** The calculator's HTTPS address by {@code localhost} (the certificate's name) + {@code path}. */
  private static String https(String path) {
    return server.secureEndpoint("localhost") + path;
  }

  /** Exit code, stdout lines, stderr. */
  private record Run(int exit, List<String> lines, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString().lines().toList(), err.toString());
  }

  @Test
  void calculatorWsRm10() {
    Run r = run("calculator", "--url", http(""), "--rm", "1.0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
  }

  @Test
  void calculatorWsRm11Verbose() {
    Run r = run("calculator", "--url", http(""), "--rm", "1.1", "--verbose");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
    assertThat(r.err())
        .contains(
            "http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequence",
            "http://docs.oasis-open.org/ws-rx/wsrm/200702/CloseSequenceResponse",
            "http://docs.oasis-open.org/ws-rx/wsrm/200702/TerminateSequenceResponse");
  }

  @Test
  void processDataOverMakeConnection() {
    Run r = run("process-data", "--url", http("/rsp"), "abc", "hello");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines())
        .containsExactly(
            "Computed hash of 'abc' is '900150983CD24FB0D6963F7D28E17F72'",
            "Computed hash of 'hello' is '5D41402ABC4B2A76B9719D911017C592'");
  }

  @Test
  void duplexCalculatorWithAListener() throws Exception {
    Run r = run("duplex", "--url", http("/duplex"), "--listen", Integer.toString(TandemServer.freePort()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines())
        .containsExactly(
            "Equation(0 = 0)",
            "Equals(100)",
            "Equals(50)",
            "Equals(882.4999999999999)",
            "Equals(441.24999999999994)",
            "Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
  }

  @Test
  void duplexSdkVariantCallsBackResult() throws Exception {
    Run r =
        run("duplex", "--sdk", "--url", http("/duplex-sdk"), "--listen", Integer.toString(TandemServer.freePort()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines())
        .containsExactly(
            "Equation(0 = 0)",
            "Result(100)",
            "Result(50)",
            "Result(882.4999999999999)",
            "Result(441.24999999999994)",
            "Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
  }

  @Test
  void duplexSdkOverMakeConnection() {
    Run r = run("duplex", "--sdk", "--url", http("/duplex-sdk"), "--make-connection", "--rm", "1.1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(6).contains("Result(100)").endsWith("Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
  }

  @Test
  void countRunsRoundsInOneSequenceWithTheProgressBarOnStderrOnly() {
    Run r = run("calculator", "--url", http(""), "--count", "10", "--progress");
    assertThat(r.exit()).as(r.err()).isZero();
    // stdout stays scriptable: exactly the 40 results, the first round being the sample's own.
    assertThat(r.lines()).hasSize(40).allMatch(l -> l.matches("(Add|Subtract|Multiply|Divide)\\(\\d+,[\\d.]+\\) = [\\d.]+"));
    assertThat(r.lines().subList(0, 4)).containsExactlyElementsOf(CALCULATOR);
    assertThat(r.lines().get(39)).isEqualTo("Divide(31,7) = 4.428571428571429");
    assertThat(r.err()).contains("calls 100%", "40/40");

    // Off by default where there is no terminal (as here), and always with --verbose.
    assertThat(run("calculator", "--url", http(""), "--count", "10").err()).doesNotContain("calls ", "40/40");
    Run verbose = run("calculator", "--url", http(""), "--progress", "--verbose");
    assertThat(verbose.exit()).isZero();
    assertThat(verbose.err()).doesNotContain("calls 100%");
  }

  @Test
  void duplexCalculatorOverMakeConnectionWsRm11() {
    Run r = run("duplex", "--url", http("/duplex"), "--make-connection", "--rm", "1.1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(6).endsWith("Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
  }

  @Test
  void calculatorOverHttpsTrustingOnlyTandemsCertificate() {
    Path truststore =
        Path.of(System.getProperty("tandem.tls.dir", "../web-module/target/tls"), "tandem-truststore.p12");
    assertThat(Files.isRegularFile(truststore)).as(truststore.toString()).isTrue();
    Run r =
        run(
            "https", "--url", https("/secure"),
            "--truststore", truststore.toString(), "--truststore-password", "changeit");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
  }

  @Test
  void aTruststoreWithoutTandemsCertificateFailsTheHandshake() throws Exception {
    Path other = Files.createTempFile("empty-truststore", ".p12");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("unrelated", selfSignedFromJdkCacerts());
    try (var out = Files.newOutputStream(other)) {
      ks.store(out, "changeit".toCharArray());
    }
    Run r = run("https", "--url", https("/secure"), "--truststore", other.toString(), "--truststore-password", "changeit",
        "--max-retries", "2");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("TLS");
  }

  /** Any certificate that is not Tandem's: the first one of the JDK's cacerts. */
  private static java.security.cert.Certificate selfSignedFromJdkCacerts() throws Exception {
    java.security.KeyStore cacerts = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      cacerts.load(in, null);
    }
    return cacerts.getCertificate(cacerts.aliases().nextElement());
  }

  @Test
  void plainHttpToTheSecureEndpointIsAServiceFault() {
    Run r = run("calculator", "--url", http("/secure"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("This endpoint requires HTTPS.");
  }

  @Test
  void wrongUrlIsATransportFailure() {
    Run r = run("calculator", "--url", http("/nosuch"), "--max-retries", "2", "--retry-interval", "100");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
  }
}
