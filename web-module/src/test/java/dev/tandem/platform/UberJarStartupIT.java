package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tandem.rm.TandemServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real {@code target/tandem-micro.jar} the way an operator would ({@code java -jar
 * tandem-micro.jar --port N}), measures how long it takes to answer, and checks the defaults: context
 * root {@code /servicemodelsamples}, HTTP bound to loopback only.
 *
 * <p>The times are printed (the figure to compare with the 20 s start-up goal); the assertions only
 * catch a server that hangs — the first HTTP answer within {@code tandem.startup.budget.seconds}
 * (default 60 s) and the WSDL (deployed, Flyway done) within {@code tandem.ready.budget.seconds}
 * (default 150 s) — since speed is measured, not unit-tested, and this test shares a 2-core machine
 * with the build.
 */
class UberJarStartupIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final long FIRST_ANSWER_BUDGET_SECONDS =
      Long.getLong("tandem.startup.budget.seconds", 60);
  private static final long READY_BUDGET_SECONDS = Long.getLong("tandem.ready.budget.seconds", 150);
  private static final long GIVE_UP_SECONDS = 180;

  private static Process server;
  private static int port;
  private static long firstAnswerMillis = -1;
  private static long readyMillis = -1;
  private static Path log;

  @BeforeAll
  static void startUberJar() throws Exception {
    Path jar = Path.of("target", "tandem-micro.jar").toAbsolutePath();
    assertThat(jar).exists();
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"), "uber-jar");
    Files.createDirectories(work);
    log = work.resolve("server.log");
    port = TandemServer.freePort();

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--port",
                Integer.toString(port),
                // not the jar's default 8181: another server of the build may hold it
                "--sslport",
                Integer.toString(TandemServer.freePort()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Own H2 directory: the Arquillian server of PlatformSmokeIT may still hold the other one.
    builder.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    // The default bind address is what this test checks; drop any override from the environment.
    builder.environment().remove("TANDEM_BIND_ADDRESS");
    // So are the admin page's credentials: unset, the page must stay shut.
    builder.environment().remove("TANDEM_ADMIN_USER");
    builder.environment().remove("TANDEM_ADMIN_PASSWORD");

    long start = System.nanoTime();
    server = builder.start();
    URI wsdl = URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/service.svc?wsdl");
    while (readyMillis < 0) {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (!server.isAlive() || elapsed > TimeUnit.SECONDS.toMillis(GIVE_UP_SECONDS)) {
        throw new AssertionError(
            "tandem-micro.jar did not answer within " + elapsed + " ms; see " + log);
      }
      Optional<Integer> status = status(wsdl);
      long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (status.isPresent() && firstAnswerMillis < 0) {
        firstAnswerMillis = now;
      }
      if (status.isPresent() && status.get() == 200) {
        readyMillis = now;
      } else {
        Thread.sleep(100);
      }
    }
    System.out.printf(
        "[UberJarStartupIT] tandem-micro.jar: first HTTP answer after %d ms, WSDL (200) after %d ms%n",
        firstAnswerMillis, readyMillis);
  }

  @AfterAll
  static void stopUberJar() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void answersWithinTheStartupBudget() {
    assertThat(firstAnswerMillis)
        .as("ms from process start to the first HTTP answer (tandem.startup.budget.seconds)")
        .isLessThan(TimeUnit.SECONDS.toMillis(FIRST_ANSWER_BUDGET_SECONDS));
    assertThat(readyMillis)
        .as("ms from process start to WSDL 200 (tandem.ready.budget.seconds)")
        .isLessThan(TimeUnit.SECONDS.toMillis(READY_BUDGET_SECONDS));
  }

  /** Without credentials the admin page and its JSON view are refused, and the log says how. */
  @Test
  void adminPageStaysShutUntilItsCredentialsAreSet() throws Exception {
    for (String path : new String[] {"admin/sequences", "admin/login", "admin/api/sessions"}) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/" + path))
                  .header("Authorization", "Basic b3BzOm9wcw==") // ops:ops, of no use either
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(503);
      assertThat(r.body()).as(path).contains("TANDEM_ADMIN_USER", "TANDEM_ADMIN_PASSWORD");
    }
    assertThat(Files.readString(log)).contains("TANDEM-ADMIN-0004", "TANDEM_ADMIN_USER");
  }

  @Test
  void bindsLoopbackOnly() throws IOException {
    assertThat(canConnect(InetAddress.getLoopbackAddress())).isTrue();
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeThat(external).as("a non-loopback IPv4 address on this host").isPresent();
    assertThat(canConnect(external.get()))
        .as("port %d must not be reachable on %s", port, external.get())
        .isFalse();
  }

  private static Optional<Integer> status(URI uri) throws InterruptedException {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException notYet) {
      return Optional.empty();
    }
  }

  private static boolean canConnect(InetAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

}
