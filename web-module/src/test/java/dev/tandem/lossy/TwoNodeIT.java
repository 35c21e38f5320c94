package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.balancer.RoundRobinBalancer;
import dev.tandem.duplex.DualClient;
import dev.tandem.duplex.DuplexSession;
import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two uber-jar nodes on one PostgreSQL behind a round-robin balancer (each HTTP request to the next
 * node, no affinity): any node serves any message of a session. Reliable calculator Sequences (WS-RM
 * 1.0 and 1.1) get every reply right and the execution ledger shows each message executed once, in
 * order; a duplex calculator session whose operations alternate between the nodes computes each
 * callback from the session's latest state, not from one node's stale copy. Last, one node is killed
 * with SIGKILL while Sequences run and the balancer sends everything to the survivor: the sessions
 * go on, nothing is lost or executed twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeIT {
  private static final List<String> JVM =
      List.of("-Dtandem.ledger.enabled=true", "-XX:TieredStopAtLevel=1");

  private final List<TandemServer> nodes = new ArrayList<>();
  private RoundRobinBalancer balancer;

  @BeforeAll
  void startTwoNodes() throws Exception {
    ExecutionLedgerReader.requirePostgresql("TwoNodeIT");
    for (int i = 0; i < 2; i++) {
      nodes.add(
          TandemServer.start(
              TandemServer.freePort(), TandemServer.freePort(), "two-node", "node-" + i + ".log", JVM));
    }
    balancer =
        new RoundRobinBalancer(
            nodes.stream().map(n -> URI.create("http://127.0.0.1:" + n.endpoint().getPort())).toList());
  }

  @AfterAll
  void stopThem() throws Exception {
    if (balancer != null) {
      balancer.close();
    }
    for (TandemServer n : nodes) {
      n.close();
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void reliableCalculatorSequencesExecuteEachMessageOnceInOrderAcrossNodes() throws Exception {
    long before0 = balancer.served(0);
    long before1 = balancer.served(1);
    Calculators run = new Calculators(4, 25);
    run.await();
    run.report("calculator");
    assertThat(balancer.served(0)).as("both nodes served").isGreaterThan(before0);
    assertThat(balancer.served(1)).isGreaterThan(before1);
    run.assertExactlyOnceInOrder();
  }

  @Test
  @Order(3)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void sessionsGoOnOnTheSurvivorWhenANodeIsKilled() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession duplex = openDuplex(client);
      duplex.op("AddTo", "100");
      duplex.op("MultiplyBy", "2");
      duplex.callbacks(2, Duration.ofSeconds(60));
      duplex.acknowledge(2);

      Calculators run = new Calculators(4, 40);
      await("progress before the kill")
          .atMost(Duration.ofMinutes(2))
          .until(() -> run.figures.replies.sum() >= 40);
      nodes.get(1).kill();
      long replies = run.figures.replies.sum();
      System.out.printf("[TwoNodeIT] node 1 killed (SIGKILL) after %d replies%n", replies);
      assertThat(replies).as("Sequences still running at the kill").isLessThan(160);
      run.await();
      run.report("calculator across a kill");
      run.assertExactlyOnceInOrder();

      duplex.op("SubtractFrom", "37.5");
      duplex.op("AddTo", "1");
      TreeMap<Long, String> callbacks = duplex.callbacks(4, Duration.ofSeconds(60));
      assertThat(callbacks.values().stream().map(m -> equals(client, m)).toList())
          .containsExactly("Equals(100.0)", "Equals(200.0)", "Equals(162.5)", "Equals(163.5)");
      duplex.acknowledge(4);
      duplex.close();
    }
  }

  /** Reliable calculator Sequences (RM 1.0 and 1.1 alternately) running through the balancer. */
  private final class Calculators {
    final ReliableCalculatorClient.Figures figures = new ReliableCalculatorClient.Figures();
    final List<String> sequences = Collections.synchronizedList(new ArrayList<>());
    final int count;
    final int messages;
    final ExecutorService runners;
    final ExecutorService pool = Executors.newCachedThreadPool();
    final List<Future<?>> runs = new ArrayList<>();

    Calculators(int count, int messages) {
      this.count = count;
      this.messages = messages;
      this.runners = Executors.newFixedThreadPool(count);
      URI endpoint = balancer.via(nodes.get(0).endpoint());
      Envelopes.to(nodes.get(0).endpoint().toString());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      for (int s = 0; s < count; s++) {
        String rm = s % 2 == 0 ? Envelopes.RM10 : Envelopes.RM11;
        double base = 1000.0 * (s + 1);
        runs.add(
            runners.submit(
                () -> {
                  ReliableCalculatorClient c =
                      new ReliableCalculatorClient(http, endpoint, rm, base, figures, deadline);
                  sequences.add(c.create());
                  c.run(messages, 4, pool);
                  c.terminateSequence();
                  return null;
                }));
      }
    }

    void await() throws Exception {
      try {
        for (Future<?> run : runs) {
          run.get();
        }
      } finally {
        runners.shutdownNow();
        pool.shutdownNow();
      }
    }

    void report(String what) throws Exception {
      System.out.printf(
          "[TwoNodeIT] %s: %d sequences x %d messages; requests per node %d / %d; client: %s;"
              + " ledger: %s%n",
          what, count, messages, balancer.served(0), balancer.served(1), figures,
          ExecutionLedgerReader.verdict(List.copyOf(sequences), messages));
    }

    void assertExactlyOnceInOrder() throws Exception {
      assertThat(figures.replies.sum()).isEqualTo((long) count * messages);
      ExecutionLedgerReader.assertExactlyOnceInOrder(List.copyOf(sequences), messages);
    }
  }

  @Test
  @Order(2)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aDuplexSessionComputesFromItsLatestStateWhicheverNodeServes() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s = openDuplex(client);
      // Consecutive requests alternate between the nodes, so each node sees every other operation.
      s.op("AddTo", "100");
      s.op("MultiplyBy", "2");
      s.op("SubtractFrom", "37.5");
      s.op("DivideBy", "5");
      s.op("AddTo", "10");
      TreeMap<Long, String> callbacks = s.callbacks(5, Duration.ofSeconds(60));
      assertThat(callbacks.values().stream().map(m -> equals(client, m)).toList())
          .containsExactly(
              "Equals(100.0)", "Equals(200.0)", "Equals(162.5)", "Equals(32.5)", "Equals(42.5)");
      s.acknowledge(5);
      s.close();
    }
  }

  /** A duplex calculator session (docs variant, WS-RM February 2005) through the balancer. */
  private DuplexSession openDuplex(DualClient client) throws Exception {
    URI endpoint = balancer.via(URI.create(nodes.get(0).endpoint() + "/duplex"));
    DuplexSession s = new DuplexSession(client, endpoint, "http://Microsoft.ServiceModel.Samples");
    s.open();
    return s;
  }

  private static String equals(DualClient c, String m) {
    String action = c.x("//a:Action", m);
    return action.substring(action.lastIndexOf('/') + 1) + "(" + c.x("/s:Envelope/s:Body/*/*", m) + ")";
  }
}
