package dev.tandem.client;

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
 * web-module's {@code tandem-micro.jar} as a child process (the launcher approach of web-module's
 * TandemServer): HTTP and HTTPS on free ports, database from the inherited environment
 * ({@code TANDEM_JDBC_URL} … set by failsafe), extra JVM options before {@code -jar}.
 */
final class TandemServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final int sslPort;

  private TandemServer(Process process, int port, int sslPort) {
    this.process = process;
    this.port = port;
    this.sslPort = sslPort;
  }

  static TandemServer start(String logName, List<String> jvmOptions) throws IOException, InterruptedException {
    Path jar =
        Path.of(System.getProperty("tandem.microJar", "../web-module/target/tandem-micro.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build web-module first");
    }
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"));
    Files.createDirectories(work);
    int port = freePort();
    int sslPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-jar", jar.toString(), "--port", Integer.toString(port), "--sslport", Integer.toString(sslPort)));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile());
    pb.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    TandemServer server = new TandemServer(pb.start(), port, sslPort);
    try {
      server.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static TandemServer shared;

  /**
   * One server for the client's integration tests that need nothing special of it (failsafe runs them
   * in one JVM): started by the first caller with {@code -Dtandem.rsp.delay=500}, stopped when the JVM
   * exits. Saves a server start-up (25–70 s on a loaded 2-core machine) per test class.
   */
  static synchronized TandemServer shared() throws IOException, InterruptedException {
    if (shared == null || !shared.process.isAlive()) {
      TandemServer s = start("client-it.log", List.of("-Dtandem.rsp.delay=500"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      s.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      shared = s;
    }
    return shared;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code http://127.0.0.1:port/servicemodelsamples/service.svc} + path. */
  String http(String path) {
    return "http://127.0.0.1:" + port + "/servicemodelsamples/service.svc" + path;
  }

  /** {@code https://localhost:sslPort/servicemodelsamples/service.svc} + path (the certificate's name). */
  String https(String path) {
    return "https://localhost:" + sslPort + "/servicemodelsamples/service.svc" + path;
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    HttpRequest wsdl = HttpRequest.newBuilder(URI.create(http("?wsdl"))).GET().build();
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
