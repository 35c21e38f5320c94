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
 * web-module's {@code tandem-micro.jar} as a child process, started as an operator would and
 * killable with SIGKILL. Its database comes from the inherited environment ({@code TANDEM_JDBC_URL}
 * …, set by failsafe from {@code TANDEM_TEST_JDBC_URL}); without one, H2 in the work directory.
 * HTTPS always listens on a port of its own ({@code --sslport}), never on the jar's default 8181, so
 * parallel builds do not collide. The listeners bind {@code TANDEM_BIND_ADDRESS}, 127.0.0.1 unless
 * the environment names another.
 *
 * <p>The jar is {@code -Dtandem.it.jar} when set (e.g. an older build, to run a suite against it),
 * else {@code target/tandem-micro.jar} when it exists (web-module), else {@code
 * ../web-module/target/tandem-micro.jar} (client, it-cxf). Shared through web-module's test-jar, so
 * it uses nothing but the JDK: it-cxf puts that jar on a class path without Metro.
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
   * @param logName file name of the server log in {@code target/it/restart}
   * @throws IllegalStateException as {@link #start(int, int, String, String)}
   */
  public static TandemServer start(int port, String logName) throws IOException, InterruptedException {
    return start(port, freePort(), "restart", logName);
  }

  /**
   * Starts the uber-jar with HTTP on {@code port} and HTTPS on {@code sslPort} and waits until its
   * WSDL answers 200 over HTTP.
   *
   * @param workDir directory below {@code target/it} ({@code tandem.it.dir}) for the log and the H2
   *     database; the server's working directory
   * @param logName file name of the server log in {@code workDir}
   * @throws IllegalStateException when the jar is missing, or the server exits or does not answer
   *     within 180 s (it is stopped then)
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
    Path jar = jar();
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"), workDir).toAbsolutePath();
    Files.createDirectories(work);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar", jar.toString(), "--port", Integer.toString(port), "--sslport", Integer.toString(sslPort)));
    // Run in the work directory: whatever the server writes relative to it stays under target/it.
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(logName).toFile());
    pb.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    pb.environment().putIfAbsent("TANDEM_BIND_ADDRESS", "127.0.0.1");
    pb.environment().putAll(environment);
    TandemServer server = new TandemServer(pb.start(), port, sslPort);
    server.log = work.resolve(logName);
    try {
      server.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The uber-jar to start (see the class comment); {@link IllegalStateException} when missing. */
  private static Path jar() {
    String property = System.getProperty("tandem.it.jar");
    if (property != null && !property.isBlank()) {
      Path jar = Path.of(property).toAbsolutePath();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " (tandem.it.jar) is missing");
      }
      return jar;
    }
    Path own = Path.of("target/tandem-micro.jar").toAbsolutePath();
    if (Files.isRegularFile(own)) {
      return own;
    }
    Path web = Path.of("../web-module/target/tandem-micro.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(web)) {
      throw new IllegalStateException(
          "tandem-micro.jar is in neither " + own.getParent() + " nor " + web.getParent()
              + ": build web-module first, or name the jar with -Dtandem.it.jar");
    }
    return web;
  }

  /** Lowest port {@link #freePort()} hands out. */
  private static final int LOWEST_PORT = 20_000;
  /** Ports handed out by this JVM, and their +101 partners: never handed out again. */
  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /**
   * A TCP port free on the loopback address right now, as is the port 101 above it (where {@code
   * tandem-client soak} puts a server's HTTPS), both below the kernel's ephemeral port range ({@code
   * /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default); never the same port twice in
   * one JVM. Another process may still take it before use.
   *
   * <p>Why below that range: while a server is down (a kill, a restart), any outgoing connection on
   * the machine may get its port as its local port, and the server's restart on the same port then
   * fails with "Address already in use". The kernel never picks a local port below the range.
   */
  public static synchronized int freePort() throws IOException {
    int top = ephemeralPortsFrom() - 102;
    if (top - LOWEST_PORT < 1_000) {
      // An unusual range: fall back to a port the kernel picks.
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = LOWEST_PORT + random.nextInt(top - LOWEST_PORT);
      if (!HANDED_OUT.contains(port) && !HANDED_OUT.contains(port + 101) && free(port) && free(port + 101)) {
        HANDED_OUT.add(port);
        HANDED_OUT.add(port + 101);
        return port;
      }
    }
    throw new IOException("no free port pair between " + LOWEST_PORT + " and " + (top + 101));
  }

  /** The first port of the kernel's ephemeral range (Linux), else 32768. */
  private static int ephemeralPortsFrom() {
    // A reader, not Files.readString: procfs reports size 0, and readString then returns only the
    // first character here (JDK 17).
    try (java.io.BufferedReader in =
        Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException notLinux) {
      return 32_768;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException inUse) {
      return false;
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

  /** {@code true} until the server has exited (stopped, killed or crashed). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The calculator over HTTP: {@code http://127.0.0.1:port/servicemodelsamples/service.svc}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/servicemodelsamples/service.svc");
  }

  /**
   * The calculator over HTTPS, {@code https://host:sslPort/servicemodelsamples/service.svc}, by the
   * given host name ({@code localhost} or {@code 127.0.0.1}). Its HTTPS-only variant is this + {@code
   * /secure}.
   */
  public URI secureEndpoint(String host) {
    return URI.create("https://" + host + ":" + sslPort + "/servicemodelsamples/service.svc");
  }

  /**
   * Every sample of the server's MicroProfile Metrics {@code application} registry (Prometheus
   * text at {@code /metrics?scope=application}), keyed by its whole {@code name{labels}}.
   */
  public java.util.Map<String, Double> metrics() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics?scope=application"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return r.body()
        .lines()
        .filter(l -> l.startsWith("tandem_"))
        .collect(
            java.util.stream.Collectors.toMap(
                l -> l.substring(0, l.lastIndexOf(' ')),
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)),
                (x, y) -> y));
  }

  /**
   * The sum of the samples of {@code name} (e.g. {@code tandem_messages_received_total}) whose
   * labels contain every one of {@code labels} (e.g. {@code endpoint="/service.svc"}).
   */
  public static double sample(java.util.Map<String, Double> samples, String name, String... labels) {
    return samples.entrySet().stream()
        .filter(s -> s.getKey().startsWith(name + "{") || s.getKey().equals(name))
        .filter(s -> java.util.Arrays.stream(labels).allMatch(l -> s.getKey().contains(l)))
        .mapToDouble(java.util.Map.Entry::getValue)
        .sum();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    HttpRequest wsdl = HttpRequest.newBuilder(URI.create(endpoint() + "?wsdl")).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "tandem-micro.jar exited with " + process.exitValue() + "; see " + log);
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
    throw new IllegalStateException("tandem-micro.jar did not become ready in 180 s; see " + log);
  }

  /** SIGKILL: no shutdown hook, no flush, no commit of anything in flight. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the server (SIGTERM), SIGKILL when it has not exited after 30 s. */
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
