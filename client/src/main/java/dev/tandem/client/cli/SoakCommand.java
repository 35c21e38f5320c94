package dev.tandem.client.cli;

import dev.tandem.balancer.RoundRobinBalancer;
import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.RetryPolicy;
import dev.tandem.client.rm.RmVersion;
import dev.tandem.client.soak.ExecutionLedger;
import dev.tandem.client.soak.LossyLink;
import dev.tandem.client.soak.ServerProcess;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem-client soak}: many reliable sessions at once through a lossy link, optionally while
 * the server is SIGKILLed and restarted, then checked against the server's execution ledger. The
 * sessions take the {@code --services} in turn: the reliable calculator, the duplex calculator over
 * dual HTTP (its callback listener behind the same lossy link) or MakeConnection, and the Reliable
 * Secure Profile sample; every reply or callback is checked against what the service must compute. Prints messages sent / executed / lost / duplicated / out of order, the link's
 * figures, restarts and wall time. Exit 0 when every message was answered and executed exactly once
 * in order, 1 otherwise, 3 when the server cannot be started.
 *
 * <p>With {@code --nodes n} (n &ge; 2) it starts n uber-jar nodes on the one database, behind a
 * {@link RoundRobinBalancer} the sessions' requests go through (after the lossy link); each kill hits
 * the next node in turn while the others serve. Duplex callbacks go from a node to the client's
 * listener directly.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = "Soak test: reliable sessions (calculator, duplex, MakeConnection) through a lossy link, with server kills, checked against the execution ledger.")
final class SoakCommand implements Callable<Integer> {
  @Option(names = "--url", description = "Calculator endpoint of a running server (with tandem.ledger.enabled=true). Default: the one --server-jar starts.")
  URI url;

  @Option(names = "--server-jar", description = "tandem-micro.jar to start (needed for --kills); it inherits TANDEM_JDBC_URL etc.")
  Path serverJar;

  @Option(names = "--port", defaultValue = "8480", description = "HTTP port of the server --server-jar starts (HTTPS: port + 101). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--server-log", defaultValue = "soak-server.log", description = "Where the started server's output goes (with --nodes: one file per node, -node1 etc. before the extension). Default: ${DEFAULT-VALUE}.")
  Path serverLog;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      description = "Uber-jar nodes --server-jar starts on the one database (with -Dtandem.cluster.enabled=true when 2 or more),"
          + " behind a round-robin balancer: node i (1..n) on HTTP port + 2(i-1), HTTPS that + 101. Each kill hits the next"
          + " node in turn. Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--sequences", defaultValue = "1000", description = "Reliable sessions. Default: ${DEFAULT-VALUE}.")
  int sequences;

  @Option(names = "--messages", defaultValue = "100", description = "Calls per session (Add, AddTo or ProcessData). Default: ${DEFAULT-VALUE}.")
  int messages;

  @Option(names = "--concurrency", defaultValue = "16", description = "Sessions running at once. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--drop", defaultValue = "0", description = "Probability an exchange is lost (half requests, half responses).")
  double drop;

  @Option(names = "--duplicate", defaultValue = "0", description = "Probability a request is sent twice.")
  double duplicate;

  @Option(names = "--reorder", defaultValue = "0", description = "Probability a request arrives late, after later ones.")
  double reorder;

  @Option(names = "--seed", description = "Random seed (printed; default: the clock).")
  Long seed;

  @Option(names = "--kills", defaultValue = "0", description = "SIGKILLs of the server during the run (needs --server-jar).")
  int kills;

  @Option(names = "--kill-interval", defaultValue = "3000-15000", description = "Random pause before each kill, ms range. Default: ${DEFAULT-VALUE}.")
  String killInterval;

  @Option(
      names = "--services",
      split = ",",
      defaultValue = "calculator",
      converter = ServiceConverter.class,
      description = "Services the sessions exercise, in turn: calculator, duplex (dual HTTP, callbacks to a lossy listener),"
          + " duplex-mc and process-data (callbacks by MakeConnection). Default: ${DEFAULT-VALUE}.")
  List<SoakService> services;

  @Option(names = "--callback-timeout", defaultValue = "600", description = "Seconds a session waits for its callbacks. Default: ${DEFAULT-VALUE}.")
  long callbackTimeoutSeconds;

  @Option(names = "--rm", defaultValue = "1.0", converter = Common.RmVersionConverter.class, description = "1.0 or 1.1. Default: ${DEFAULT-VALUE}.")
  RmVersion rm;

  @Option(names = "--max-retries", defaultValue = "80", description = "Transmissions of a message before a session gives up. Default: ${DEFAULT-VALUE}.")
  int maxRetries;

  @Option(names = "--jdbc-url", description = "The server's database, for the ledger. Default: $TANDEM_JDBC_URL.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", description = "Default: $TANDEM_JDBC_USER.")
  String jdbcUser;

  @Option(names = "--jdbc-password", description = "Default: $TANDEM_JDBC_PASSWORD.")
  String jdbcPassword;

  @Spec CommandSpec spec;

  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong wrongAnswers = new AtomicLong();
  private final AtomicLong transmissions = new AtomicLong();
  private final AtomicInteger failedSequences = new AtomicInteger();
  private final AtomicInteger killsDone = new AtomicInteger();
  private AtomicIntegerArray killsPerNode;
  private final Map<String, Long> completed = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long seedValue = seed != null ? seed : System.currentTimeMillis();
    if (kills > 0 && serverJar == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--kills needs --server-jar");
    }
    if (nodes < 1 || (nodes > 1 && serverJar == null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1, or more with --server-jar");
    }
    killsPerNode = new AtomicIntegerArray(nodes);
    String db = jdbcUrl != null ? jdbcUrl : System.getenv("TANDEM_JDBC_URL");
    String dbUser = jdbcUser != null ? jdbcUser : System.getenv("TANDEM_JDBC_USER");
    String dbPassword = jdbcPassword != null ? jdbcPassword : System.getenv("TANDEM_JDBC_PASSWORD");
    out.printf(
        "soak: %d sequences x %d messages of %s, RM %s, drop %.2f duplicate %.2f reorder %.2f, seed %d, kills %d%n",
        sequences, messages, services, rm, drop, duplicate, reorder, seedValue, kills);
    out.flush();

    List<ServerProcess> servers = new ArrayList<>();
    RoundRobinBalancer balancer = null;
    List<Long> restarts = new ArrayList<>();
    try {
      URI endpoint = url;
      if (serverJar != null && nodes == 1) {
        ServerProcess server = new ServerProcess(serverJar, port, serverLog);
        servers.add(server);
        long ms = server.start(Duration.ofMinutes(5));
        err.println("soak: server ready in " + ms + " ms (log: " + serverLog + ")");
        endpoint = server.endpoint();
      } else if (serverJar != null) {
        List<URI> bases = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
          // HTTP on even offsets, HTTPS (HTTP + 101) on odd ones: no node's port is another's.
          int nodePort = port + 2 * (i - 1);
          Path log = nodeLog(i);
          ServerProcess server = new ServerProcess(serverJar, nodePort, log, List.of("-Dtandem.cluster.enabled=true"));
          servers.add(server);
          // One after the other: the first applies the schema migrations alone.
          long ms = server.start(Duration.ofMinutes(5));
          err.println("soak: node " + i + " ready in " + ms + " ms (HTTP " + nodePort + ", log: " + log + ")");
          bases.add(URI.create("http://127.0.0.1:" + nodePort));
        }
        // A node may hold a MakeConnection poll as long as the client waits for it (60 s, see
        // ProcessDataCommand.pollUntil), above the balancer's default (30 s) when tandem.mc.hold-time is raised.
        balancer = new RoundRobinBalancer(bases, Duration.ofSeconds(60));
        endpoint = balancer.via(servers.get(0).endpoint());
        err.println("soak: balancer on " + endpoint);
      }
      if (endpoint == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --url or --server-jar");
      }
      LossyLink link = new LossyLink(drop, duplicate, reorder, seedValue);
      HttpTransport transport = new HttpTransport(null, null, link);
      long t0 = System.nanoTime();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread killer = killer(servers, new Random(seedValue ^ 0x5DEECE66DL), running, restarts, err);
      run(transport, link, endpoint, err);
      running.set(false);
      killer.interrupt(); // ends a pause before the next kill (or a restart: the server closes next)
      killer.join();
      double wall = (System.nanoTime() - t0) / 1e9;
      return report(out, db, dbUser, dbPassword, link, restarts, servers, balancer, wall);
    } finally {
      if (balancer != null) {
        balancer.close();
      }
      for (ServerProcess server : servers) {
        server.close();
      }
    }
  }

  private void run(HttpTransport transport, LossyLink link, URI endpoint, PrintWriter err) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    RetryPolicy retry = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), maxRetries);
    for (int i = 1; i <= sequences; i++) {
      int index = i;
      pool.execute(() -> session(transport, link, endpoint, retry, index, err));
    }
    pool.shutdown();
    long total = (long) sequences * messages;
    while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      err.printf("soak: %d/%d messages answered, %d sessions failed%n", answered.get(), total, failedSequences.get());
      err.flush();
    }
  }

  /** One session of {@code services[index % n]}; its Sequence and progress go to {@link #completed}. */
  private void session(
      HttpTransport transport, LossyLink link, URI endpoint, RetryPolicy retry, int index, PrintWriter err) {
    SoakService service = services.get((index - 1) % services.size());
    SoakService.Session c =
        new SoakService.Session(
            service, transport, link, endpoint, rm, retry, Duration.ofSeconds(callbackTimeoutSeconds), index,
            messages, answered, wrongAnswers);
    try {
      service.run(c);
    } catch (Exception e) {
      failedSequences.incrementAndGet();
      err.println(
          "soak: " + service + " session " + index + " (" + c.sequenceId + ") failed after " + c.done + " messages: " + e.getMessage());
      err.flush();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      transmissions.addAndGet(c.transmissions());
      if (c.sequenceId != null) {
        completed.put(c.sequenceId, c.done);
      }
    }
  }

  static final class ServiceConverter implements picocli.CommandLine.ITypeConverter<SoakService> {
    @Override
    public SoakService convert(String value) {
      return SoakService.parse(value);
    }
  }

  /** {@code soak-server.log} becomes {@code soak-server-node1.log} for node 1. */
  private Path nodeLog(int node) {
    String name = serverLog.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String nodeName =
        dot > 0 ? name.substring(0, dot) + "-node" + node + name.substring(dot) : name + "-node" + node;
    return serverLog.resolveSibling(nodeName);
  }

  /** Kill k (1-based) hits node (k - 1) mod n, so kills spread evenly and the others keep serving. */
  private Thread killer(
      List<ServerProcess> servers, Random random, AtomicBoolean running, List<Long> restarts, PrintWriter err) {
    String[] range = killInterval.split("-");
    long min = Long.parseLong(range[0].trim());
    long max = Long.parseLong(range[range.length - 1].trim());
    Thread t =
        new Thread(
            () -> {
              try {
                for (int k = 1; k <= kills && running.get(); k++) {
                  Thread.sleep(min + (long) (random.nextDouble() * Math.max(0, max - min)));
                  if (!running.get()) {
                    return;
                  }
                  int node = (k - 1) % servers.size();
                  ServerProcess server = servers.get(node);
                  server.kill();
                  killsDone.incrementAndGet();
                  killsPerNode.incrementAndGet(node);
                  long ms = server.start(Duration.ofMinutes(5));
                  synchronized (restarts) {
                    restarts.add(ms);
                  }
                  err.println(
                      "soak: kill " + k + "/" + kills + (servers.size() > 1 ? " (node " + (node + 1) + ")" : "")
                          + ", back in " + ms + " ms");
                  err.flush();
                }
              } catch (InterruptedException stop) {
                // the run ended
              } catch (Exception e) {
                err.println("soak: restart failed: " + e.getMessage());
                err.flush();
              }
            },
            "soak-killer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private int report(
      PrintWriter out,
      String db,
      String dbUser,
      String dbPassword,
      LossyLink link,
      List<Long> restarts,
      List<ServerProcess> servers,
      RoundRobinBalancer balancer,
      double wall)
      throws Exception {
    long total = (long) sequences * messages;
    long executed = -1;
    long lost = total - answered.get();
    long duplicated = 0;
    long outOfOrder = 0;
    if (db != null && !db.isBlank()) {
      executed = 0;
      lost = 0;
      try (ExecutionLedger ledger = new ExecutionLedger(db, dbUser, dbPassword)) {
        for (Map.Entry<String, Long> e : completed.entrySet()) {
          ExecutionLedger.Verdict v = ledger.check(e.getKey(), e.getValue());
          executed += v.executed();
          lost += v.lost();
          duplicated += v.duplicated();
          outOfOrder += v.outOfOrder();
        }
      }
      lost += total - answered.get(); // never answered: not sent to completion
    }
    out.printf(
        "sent %d | answered %d | executed %s | lost %d | duplicated %d | out of order %d | wrong answers %d | failed sessions %d%n",
        total, answered.get(), executed < 0 ? "unknown (no --jdbc-url)" : Long.toString(executed),
        lost, duplicated, outOfOrder, wrongAnswers.get(), failedSequences.get());
    out.printf(
        "HTTP exchanges %d, requests beyond first transmissions %d (retransmissions, polls, acknowledgements) | lost requests %d, lost responses %d, duplicated %d, reordered %d%n",
        link.exchanges(), Math.max(0, transmissions.get() - total - 3L * sequences), link.requestsDropped(),
        link.responsesDropped(), link.duplicated(), link.reordered());
    List<Long> sorted = new ArrayList<>(restarts);
    sorted.sort(null);
    out.printf(
        "kills %d%s%n",
        killsDone.get(),
        sorted.isEmpty() ? "" : ", restart to WSDL p50 " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms");
    if (balancer != null) {
      long requests = balancer.badGateway();
      for (int i = 0; i < servers.size(); i++) {
        requests += balancer.served(i);
        out.printf(
            "node %d (HTTP %d): %d requests served, %d kills%n",
            i + 1, servers.get(i).port(), balancer.served(i), killsPerNode.get(i));
      }
      out.printf(
          "balancer: %d requests, %d failed over from a refused node, %d answered 502%n",
          requests, balancer.failovers(), balancer.badGateway());
    }
    out.printf("wall time %.1f s, %.1f messages/s%n", wall, answered.get() / wall);
    out.flush();
    boolean clean =
        answered.get() == total && lost == 0 && duplicated == 0 && outOfOrder == 0
            && wrongAnswers.get() == 0 && failedSequences.get() == 0;
    return clean ? 0 : 1;
  }
}
