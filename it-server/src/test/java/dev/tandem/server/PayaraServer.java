package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Payara Server domain Arquillian started (domain1 of {@code target/payara6}), driven the way an
 * operator drives it: {@code asadmin} commands and HTTP.
 */
final class PayaraServer {
  static final Path HOME = Path.of(System.getProperty("payara.home", "target/payara6"));
  static final Path DOMAIN = HOME.resolve("glassfish/domains/domain1");
  /** Where the samples answer: the WCF samples' path, on the domain's HTTP listener. */
  static final URI BASE = URI.create("http://localhost:8080/servicemodelsamples/");
  static final URI SECURE_BASE = URI.create("https://localhost:8181/servicemodelsamples/");
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private PayaraServer() {}

  /**
   * Runs {@code asadmin} against the domain and returns its output.
   *
   * @throws AssertionError when asadmin exits with a non-zero code
   */
  static String asadmin(String... args) throws IOException, InterruptedException {
    return asadmin(Duration.ofMinutes(5), args);
  }

  /**
   * Runs {@code asadmin} against the domain, waiting up to {@code timeout} for it, and returns its
   * output.
   *
   * @throws AssertionError when asadmin exits with a non-zero code or takes longer
   */
  static String asadmin(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/asadmin").toString(), "--interactive=false"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("asadmin %s did not finish: %s", args[0], out).isTrue();
    assertThat(p.exitValue()).as("asadmin %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  /** {@code asadmin restart-domain}, then waits until the samples answer again. */
  static void restartDomain() throws Exception {
    asadmin("restart-domain", "domain1");
    awaitServing();
  }

  /** Waits (up to 3 min) until the calculator's WSDL is served. */
  static void awaitServing() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> get(BASE.resolve("service.svc?wsdl")).statusCode() == 200);
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The readiness document (MicroProfile Health) of the server, e.g. {@code {"status":"UP",...}}. */
  static String readiness() throws IOException, InterruptedException {
    return get(URI.create("http://localhost:8080/health/ready")).body();
  }

  /** The domain's server.log as it is now. */
  static String serverLog() throws IOException {
    return Files.readString(DOMAIN.resolve("logs/server.log"), StandardCharsets.ISO_8859_1);
  }
}
