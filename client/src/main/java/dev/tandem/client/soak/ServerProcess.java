package dev.tandem.client.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Tandem uber-jar as a child process the soak can kill with SIGKILL and start again on the same
 * database (the child inherits this process's environment, so {@code TANDEM_JDBC_URL} & co. reach
 * it). Runs with the execution ledger on.
 */
public final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path jar;
  private final int port;
  private final Path log;
  private final List<String> jvmArgs;
  private Process process;

  /**
   * @param jar {@code tandem-micro.jar}
   * @param port HTTP port (HTTPS takes {@code port + 101})
   * @param log file the server's output is appended to
   */
  public ServerProcess(Path jar, int port, Path log) {
    this(jar, port, log, List.of());
  }

  /**
   * @param jar {@code tandem-micro.jar}
   * @param port HTTP port (HTTPS takes {@code port + 101})
   * @param log file the server's output is appended to
   * @param jvmArgs more JVM options, e.g. {@code -Dtandem.cluster.enabled=true}
   */
  public ServerProcess(Path jar, int port, Path log, List<String> jvmArgs) {
    this.jar = jar;
    this.port = port;
    this.log = log;
    this.jvmArgs = List.copyOf(jvmArgs);
  }

  /** HTTP port. */
  public int port() {
    return port;
  }

  /** File the server's output is appended to. */
  public Path log() {
    return log;
  }

  /** The calculator endpoint of this server. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/service.svc");
  }

  /**
   * Starts the server and waits until its WSDL answers.
   *
   * @return how long it took, in ms
   * @throws IOException when it exits or is not ready within {@code timeout}
   */
  public long start(Duration timeout) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dtandem.ledger.enabled=true");
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-jar", jar.toString(),
            "--port", Integer.toString(port),
            "--sslport", Integer.toString(port + 101)));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpRequest wsdl = HttpRequest.newBuilder(URI.create(endpoint() + "?wsdl")).GET().build();
    long deadline = t0 + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (HTTP.send(wsdl, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException("the server was not ready within " + timeout + "; see " + log);
  }

  /** SIGKILL: nothing in flight is committed or flushed. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
