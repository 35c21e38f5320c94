package dev.tandem.peers.cxf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * web-module's {@code tandem-micro.jar} as a child process with HTTP and HTTPS on free ports (the
 * listeners bind 127.0.0.1: failsafe sets {@code TANDEM_BIND_ADDRESS}). The database comes from the
 * environment failsafe passes on ({@code TANDEM_JDBC_URL} …); without one, H2 in the work directory.
 */
final class TandemMicroProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final int sslPort;

  private TandemMicroProcess(Process process, int port, int sslPort) {
    this.process = process;
    this.port = port;
    this.sslPort = sslPort;
  }

  /**
   * Starts the jar and waits until its WSDL answers 200 over HTTP.
   *
   * @param workDir directory below {@code target/it} for the server log and the H2 database
   */
  static TandemMicroProcess start(String workDir) throws IOException, InterruptedException {
    return start(workDir, List.of());
  }

  /**
   * As {@link #start(String)}, with extra JVM options placed before {@code -jar} (e.g. {@code
   * -Dtandem.ledger.enabled=true}).
   */
  static TandemMicroProcess start(String workDir, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path jar =
        Path.of(System.getProperty("tandem.micro.jar", "../web-module/target/tandem-micro.jar"))
            .toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; build web-module first");
    }
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"), workDir).toAbsolutePath();
    Files.createDirectories(work);
    int port = freePort();
    int sslPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--port",
            Integer.toString(port),
            "--sslport",
            Integer.toString(sslPort)));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("server.log").toFile());
    pb.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    pb.environment().putIfAbsent("TANDEM_BIND_ADDRESS", "127.0.0.1");
    TandemMicroProcess server = new TandemMicroProcess(pb.start(), port, sslPort);
    try {
      server.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/service.svc");
  }

  /** The HTTPS-only calculator endpoint, by the given host name. */
  URI secureEndpoint(String host) {
    return URI.create(
        "https://" + host + ":" + sslPort + "/servicemodelsamples/service.svc/secure");
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    HttpRequest wsdl = HttpRequest.newBuilder(URI.create(endpoint() + "?wsdl")).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("tandem-micro.jar exited with " + process.exitValue());
      }
      try {
        if (HTTP.send(wsdl, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("tandem-micro.jar did not become ready in 180 s");
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
