package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.balancer.RoundRobinBalancer;
import dev.tandem.duplex.DualClient;
import dev.tandem.duplex.DuplexSession;
import dev.tandem.rm.TandemServer;
import dev.tandem.samples.calculator.ICalculator;
import dev.tandem.testing.Envelopes;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.xml.transform.stream.StreamSource;
import org.xmlunit.xpath.JAXPXPathEngine;
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
 * callback from the session's latest state, not from one node's stale copy. The Reliable Secure
 * Profile sample's callback, committed on one node, reaches a poll parked on the other (PostgreSQL
 * NOTIFY, {@code tandem.cluster.enabled}); copies of one message sent to both nodes at once execute
 * once. Last, the node that holds the sweep lease is killed with SIGKILL while Sequences run and
 * duplex callbacks wait for retransmission, and the balancer sends everything to the survivor: it
 * takes the lease over, the sessions go on, the callbacks arrive, nothing is lost or executed twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeIT {
  private static final List<String> JVM =
      List.of(
          "-Dtandem.ledger.enabled=true", "-Dtandem.cluster.enabled=true", "-XX:TieredStopAtLevel=1");
  private static final String MC = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  private static final String TEMPURI = "http://tempuri.org/";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

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
    // Each node listens for the other's notices; exactly one runs the sweeps.
    List<String> health = new ArrayList<>();
    for (TandemServer n : nodes) {
      String ready =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.endpoint().getPort() + "/health/ready")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(ready).contains("\"cluster\":\"listening\"");
      health.add(ready);
    }
    assertThat(health.stream().filter(h -> h.contains("\"sweepLease\":\"true\"")).count())
        .as("nodes holding the sweep lease: %s", health)
        .isEqualTo(1);
    assertThat(balancer.served(0)).as("both nodes served").isGreaterThan(before0);
    assertThat(balancer.served(1)).isGreaterThan(before1);
    run.assertExactlyOnceInOrder();
  }

  @Test
  @Order(9)
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
          .until(() -> run.figures.replies.sum() >= 20);
      // Callbacks in flight when a node dies: the client stops answering, so the nodes claim them,
      // POST and fail, and must retry them later.
      client.stop();
      duplex.op("SubtractFrom", "37.5");
      duplex.op("AddTo", "1");
      await("callback POSTs left unanswered")
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.refusedConnections() >= 2);
      // The node that runs the sweeps dies: the other must take its lease over.
      int victim = leaseHolder();
      TandemServer survivor = nodes.get(1 - victim);
      nodes.get(victim).kill();
      client.start();
      long replies = run.figures.replies.sum();
      System.out.printf(
          "[TwoNodeIT] node %d (sweep lease holder) killed (SIGKILL) after %d replies%n", victim, replies);
      assertThat(replies).as("Sequences still running at the kill").isLessThan(160);
      long killedAt = System.nanoTime();
      await("the survivor takes the sweep lease over")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> java.nio.file.Files.readString(survivor.log()).contains("TANDEM-CLUSTER-0004"));
      System.out.printf(
          "[TwoNodeIT] sweep lease taken over %d ms after the kill%n",
          (System.nanoTime() - killedAt) / 1_000_000);
      run.await();
      run.report("calculator across a kill");
      run.assertExactlyOnceInOrder();

      TreeMap<Long, String> callbacks = duplex.callbacks(4, Duration.ofSeconds(60));
      assertThat(callbacks.values().stream().map(m -> equals(client, m)).toList())
          .containsExactly("Equals(100.0)", "Equals(200.0)", "Equals(162.5)", "Equals(163.5)");
      duplex.acknowledge(4);
      duplex.close();
    }
  }

  /**
   * The Reliable Secure Profile sample with its polls parked on node 1 before each ProcessData is
   * sent to node 0: only node 0's notice (PostgreSQL NOTIFY) can tell node 1 that a callback is
   * committed, and the parked poll must carry it (after the sample's 5 s delay), not time out with
   * 202 after the 15 s hold.
   */
  @Test
  @Order(3)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aCallbackCommittedOnOneNodeReachesAPollParkedOnTheOther() throws Exception {
    URI node0 = URI.create(nodes.get(0).endpoint() + "/rsp");
    URI node1 = URI.create(nodes.get(1).endpoint() + "/rsp");
    Rsp rsp = new Rsp(node0);
    String[] texts = {"abc", "Tandem", "two nodes"};
    for (int i = 0; i < texts.length; i++) {
      long n = i + 1;
      CompletableFuture<HttpResponse<String>> parked = rsp.poll(node1, n - 1);
      Thread.sleep(500); // parked on node 1, which has nothing for it yet
      assertThat(parked).as("the poll is held").isNotDone();
      long sent = System.nanoTime();
      HttpResponse<String> ack = post(node0, rsp.processData(n, texts[i]));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      HttpResponse<String> callback = parked.get(60, TimeUnit.SECONDS);
      long waited = (System.nanoTime() - sent) / 1_000_000;
      System.out.printf("[TwoNodeIT] RSP callback %d on node 1's parked poll %d ms after ProcessData on node 0%n", n, waited);
      assertThat(callback.statusCode()).as("the parked poll carries the callback: %s", callback.body()).isEqualTo(200);
      assertThat(x("//a:Action", callback.body())).isEqualTo(TEMPURI + "IProcessDataDuplex/SendProcessedData");
      assertThat(x("//r:Sequence/r:MessageNumber", callback.body())).isEqualTo(Long.toString(n));
      assertThat(x("//*[local-name()='processedData']", callback.body()))
          .isEqualTo("Computed hash of '" + texts[i] + "' is '" + md5(texts[i]) + "'");
      assertThat(waited).as("woken by the notice, not the 15 s hold").isLessThan(12_000);
    }
    HttpResponse<String> t = post(node1, rsp.terminate(texts.length));
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
  }

  /**
   * Copies of one CreateSequence (with Offer) and then of each calculator message, sent to both
   * nodes at the same instant: one session, each message executed once, in order, and no copy
   * answered with a fault.
   */
  @Test
  @Order(4)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void copiesOfOneMessageAtBothNodesAtOnceExecuteOnce() throws Exception {
    URI[] both = {nodes.get(0).endpoint(), nodes.get(1).endpoint()};
    Envelopes.to(both[0].toString());
    String offer = "urn:uuid:" + UUID.randomUUID();
    List<HttpResponse<String>> created =
        atOnce(both, Envelopes.createSequence(Envelopes.RM11, offer, "urn:uuid:" + UUID.randomUUID()));
    String id = x("//*[local-name()='CreateSequenceResponse']/*[local-name()='Identifier']", created.get(0).body());
    for (HttpResponse<String> r : created) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(x("//*[local-name()='CreateSequenceResponse']/*[local-name()='Identifier']", r.body()))
          .as("one session for both copies")
          .isEqualTo(id);
    }
    int messages = 20;
    for (long n = 1; n <= messages; n++) {
      List<HttpResponse<String>> copies =
          atOnce(both, Envelopes.calc(Envelopes.RM11, id, n, "Add", Long.toString(n), "0.5"));
      boolean replied = false;
      for (HttpResponse<String> r : copies) {
        assertThat(r.statusCode()).as("copy of message %d: %s", n, r.body()).isIn(200, 202);
        if (r.body().contains("AddResult")) {
          assertThat(x("//*[local-name()='AddResult']", r.body())).isEqualTo(n + ".5");
          replied = true;
        }
      }
      assertThat(replied).as("message %d answered", n).isTrue();
    }
    System.out.printf(
        "[TwoNodeIT] %d messages sent twice at once, one copy to each node: ledger %s%n",
        messages, ExecutionLedgerReader.verdict(List.of(id), messages));
    ExecutionLedgerReader.assertExactlyOnceInOrder(List.of(id), messages);
    post(both[0], Envelopes.terminate(Envelopes.RM11, id, Integer.toString(messages)));
  }

  private static String x(String path, String xml) {
    JAXPXPathEngine xpath = new JAXPXPathEngine();
    xpath.setNamespaceContext(
        java.util.Map.of("a", "http://www.w3.org/2005/08/addressing", "r", Envelopes.RM10, "mc", MC));
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }

  /** The sample's hash: MD5 of the UTF-8 text, upper-case hex (as .NET's "X2" format). */
  private static String md5(String text) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().withUpperCase().formatHex(d);
  }

  /**
   * Metro's own WS-RM client (proxy from the WSDL, RM from its policy, as a WCF client does), its
   * endpoint address set to the balancer: every call right, each executed once, in order, over RM
   * 1.0 and 1.1, with both nodes serving.
   */
  @Test
  @Order(5)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void metrosOwnReliableClientGetsEachCallOnceAcrossNodes() throws Exception {
    int calls = 30;
    long before0 = balancer.served(0);
    long before1 = balancer.served(1);
    List<String> sequences = new ArrayList<>();
    for (String wsdl : List.of("?wsdl", "?wsdl&rm=1.1")) {
      com.sun.xml.ws.dump.MessageDumpingFeature dump = new com.sun.xml.ws.dump.MessageDumpingFeature();
      ICalculator calculator =
          jakarta.xml.ws.Service.create(
                  URI.create(nodes.get(0).endpoint() + wsdl).toURL(),
                  new javax.xml.namespace.QName(ICalculator.NS, "CalculatorService"))
              .getPort(
                  new javax.xml.namespace.QName(ICalculator.NS, "WSHttpBinding_ICalculator"),
                  ICalculator.class,
                  new com.sun.xml.ws.api.fastinfoset.FastInfosetFeature(false),
                  dump);
      java.util.Map<String, Object> ctx = ((jakarta.xml.ws.BindingProvider) calculator).getRequestContext();
      ctx.put(
          jakarta.xml.ws.BindingProvider.ENDPOINT_ADDRESS_PROPERTY,
          balancer.via(nodes.get(0).endpoint()).toString());
      ctx.put("com.sun.xml.ws.connect.timeout", 10_000);
      ctx.put("com.sun.xml.ws.request.timeout", 60_000);
      try {
        for (int i = 1; i <= calls; i++) {
          assertThat(calculator.add(i, 0.5)).as("Add(%d, 0.5)", i).isEqualTo(i + 0.5);
        }
      } finally {
        ((java.io.Closeable) calculator).close();
      }
      StringBuilder wire = new StringBuilder();
      for (String m = dump.nextMessage(); m != null; m = dump.nextMessage()) {
        wire.append(m).append('\n');
      }
      java.util.regex.Matcher id =
          java.util.regex.Pattern.compile(
                  "CreateSequenceResponse.*?Identifier>([^<]+)<", java.util.regex.Pattern.DOTALL)
              .matcher(wire);
      assertThat(id.find()).as("Metro ran a Sequence (%s)", wsdl).isTrue();
      assertThat(wire).doesNotContain("Fault>");
      sequences.add(id.group(1).trim());
    }
    System.out.printf(
        "[TwoNodeIT] Metro client, RM 1.0 and 1.1, %d calls each: requests per node %d / %d; ledger %s%n",
        calls, balancer.served(0) - before0, balancer.served(1) - before1,
        ExecutionLedgerReader.verdict(sequences, calls));
    assertThat(balancer.served(0)).as("both nodes served").isGreaterThan(before0);
    assertThat(balancer.served(1)).isGreaterThan(before1);
    ExecutionLedgerReader.assertExactlyOnceInOrder(sequences, calls);
  }

  /** POSTs {@code envelope} to every endpoint at the same instant. */
  private static List<HttpResponse<String>> atOnce(URI[] endpoints, String envelope) throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(endpoints.length);
    ExecutorService threads = Executors.newFixedThreadPool(endpoints.length);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (URI e : endpoints) {
        sent.add(
            threads.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return post(e, envelope);
                }));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> f : sent) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      threads.shutdownNow();
    }
  }

  private static HttpResponse<String> post(URI endpoint, String envelope) throws Exception {
    return HTTP.send(request(endpoint, envelope), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(URI endpoint, String envelope) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/soap+xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
        .build();
  }

  /** An RSP client (WS-RM 1.0, offered Sequence, MC anonymous address) whose session is open. */
  private static final class Rsp {
    final String address = MC + "/anonymous?id=" + UUID.randomUUID();
    final String offer = "urn:uuid:" + UUID.randomUUID();
    final URI to;
    final String id;

    /** Opens the session at {@code to} (the wsa:To of every message). */
    Rsp(URI to) throws Exception {
      this.to = to;
      HttpResponse<String> r =
          post(
              to,
              envelope(
                  addressing(Envelopes.RM10 + "/CreateSequence"),
                  "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                      + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      id = x("//r:CreateSequenceResponse/r:Identifier", r.body());
    }

    String processData(long n, String text) {
      return envelope(
          Envelopes.sequence(id, n, false) + addressing(TEMPURI + "IProcessDataDuplex/ProcessData"),
          "<ProcessData xmlns=\"" + TEMPURI + "\"><rawData>" + text + "</rawData></ProcessData>");
    }

    /** A MakeConnection poll to {@code node}, acknowledging callbacks 1..{@code acked}. */
    CompletableFuture<HttpResponse<String>> poll(URI node, long acked) {
      String ack =
          acked == 0
              ? ""
              : "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
                  + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + acked + "\"/></r:SequenceAcknowledgement>";
      String env =
          envelope(
              ack + addressing(MC + "/MakeConnection"),
              "<mc:MakeConnection><mc:Address>" + address + "</mc:Address></mc:MakeConnection>");
      return HTTP.sendAsync(request(node, env), HttpResponse.BodyHandlers.ofString());
    }

    String terminate(long acked) {
      return envelope(
          "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
              + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + acked + "\"/></r:SequenceAcknowledgement>"
              + addressing(Envelopes.RM10 + "/TerminateSequence"),
          "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>");
    }

    private String addressing(String action) {
      return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
          + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
          + "<a:ReplyTo><a:Address>" + address + "</a:Address></a:ReplyTo>"
          + "<a:To s:mustUnderstand=\"1\">" + to + "</a:To>";
    }

    private static String envelope(String headers, String body) {
      return Envelopes.envelope(Envelopes.RM10, headers, body)
          .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC + "\" ");
    }
  }

  /** The node whose log says it holds the sweep lease; asserts that exactly one does. */
  private int leaseHolder() throws Exception {
    List<Integer> holders = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (java.nio.file.Files.readString(nodes.get(i).log()).contains("TANDEM-CLUSTER-0004")) {
        holders.add(i);
      }
    }
    assertThat(holders).as("nodes holding the sweep lease").hasSize(1);
    return holders.get(0);
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
