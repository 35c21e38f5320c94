package dev.tandem.rm;

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
 * The real {@code target/tandem-micro.jar} as a child process, started as an operator would and
 * killable with SIGKILL. Its database comes from the inherited environment ({@code TANDEM_JDBC_URL}
 * …, set by failsafe from {@code TANDEM_TEST_JDBC_URL}). HTTPS always listens on a free port of its
 * own ({@code --sslport}), never on the jar's default 8181, so parallel builds do not collide.
 */
public final class TandemServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final int sslPort;
  private Path log;

  private TandemServer(Process process, int port, int sslPort) {
    this.process = process;
    this.port = port;
    this.sslPort = sslPort;
  }

  /**
   * Starts the uber-jar on {@code port} and waits until its WSDL answers 200.
   *
   * @param logName file name of the server log under {@code target/it}
   * @throws IllegalStateException when it does not answer within 180 s
   */
  public static TandemServer start(int port, String logName) throws IOException, InterruptedException {
    return start(port, freePort(), "restart", logName);
  }

  /**
   * Starts the uber-jar with HTTP on {@code port} and HTTPS on {@code sslPort} and waits until its
   * WSDL answers 200 over HTTP.
   *
   * @param workDir directory below {@code target/it} for the log and the H2 database
   * @param logName file name of the server log in {@code workDir}
   */
  public static TandemServer start(int port, int sslPort, String workDir, String logName)
      throws IOException, InterruptedException {
    return start(port, sslPort, workDir, logName, List.of());
  }

  /**
   * As {@link #start(int, int, String, String)}, with extra JVM options (e.g. {@code
   * -Dtandem.mc.hold-time=2000}) placed before {@code -jar}.
   *
   * @param jvmOptions options for the server's {@code java} command
   */
  public static TandemServer start(
      int port, int sslPort, String workDir, String logName, List<String> jvmOptions)
      throws IOException, InterruptedException {
    return start(port, sslPort, workDir, logName, jvmOptions, java.util.Map.of());
  }

  /**
   * As {@link #start(int, int, String, String, List)}, with environment variables set for the
   * server over those it inherits (e.g. {@code TANDEM_JDBC_URL} for a database of its own).
   */
  public static TandemServer start(
      int port,
      int sslPort,
      String workDir,
      String logName,
      List<String> jvmOptions,
      java.util.Map<String, String> environment)
      throws IOException, InterruptedException {
    // tandem.it.jar: another build of the uber-jar (e.g. to run a suite against an older version).
    Path jar = Path.of(System.getProperty("tandem.it.jar", "target/tandem-micro.jar")).toAbsolutePath();
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"), workDir);
    Files.createDirectories(work);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar", jar.toString(), "--port", Integer.toString(port), "--sslport", Integer.toString(sslPort)));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(logName).toFile());
    pb.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    pb.environment().putAll(environment);
    TandemServer server = new TandemServer(pb.start(), port, sslPort);
    server.log = work.resolve(logName);
    server.awaitReady();
    return server;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The file the server's standard output and error go to. */
  public Path log() {
    return log;
  }

  /** The server's process id (for the JDK's {@code jcmd}). */
  public long pid() {
    return process.pid();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/service.svc");
  }

  /** The calculator over HTTPS, by the given host name ({@code localhost} or {@code 127.0.0.1}). */
  public URI secureEndpoint(String host) {
    return URI.create("https://" + host + ":" + sslPort + "/servicemodelsamples/service.svc");
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

  /** SIGKILL: no shutdown hook, no flush, no commit of anything in flight. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
