package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.net.URL;
import java.util.concurrent.atomic.LongAdder;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly-once, in-order execution over a bad network: raw WS-RM clients (half February 2005, half
 * 1.1) run {@value #SEQUENCES} Sequences of {@value #MESSAGES} calculator calls through a {@link
 * LossyProxy} that drops, duplicates, delays and reorders requests and responses. Every reply must
 * be the right one for its message, and the server's execution ledger (PostgreSQL) must show every
 * message executed exactly once, in MessageNumber order. Adds about a minute (server start-up plus
 * ~1,000 messages) to the build.
 */
class LossyProxyIT {
  static final int SEQUENCES = 20;
  static final int MESSAGES = 50;
  /** Messages a client keeps in flight per Sequence (WCF pipelines up to its transfer window). */
  static final int WINDOW = 4;
  static final int CONCURRENT_SEQUENCES = 10;
  static final LossProfile PROFILE = new LossProfile(0.08, 0.05, 0.05, 0.05, 0.05);

  private static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    ExecutionLedgerReader.requirePostgresql("LossyProxyIT");
    server =
        TandemServer.start(
            TandemServer.freePort(),
            TandemServer.freePort(),
            "lossy",
            "server.log",
            List.of("-Dtandem.ledger.enabled=true"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyMessageIsExecutedExactlyOnceInOrderThroughALossyLink() throws Exception {
    long seed = LossyProxy.seed();
    long started = System.nanoTime();
    ReliableCalculatorClient.Figures figures = new ReliableCalculatorClient.Figures();
    List<String> sequences = Collections.synchronizedList(new ArrayList<>());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService sessions = Executors.newFixedThreadPool(CONCURRENT_SEQUENCES);
    ExecutorService messages = Executors.newCachedThreadPool();
    try (LossyProxy proxy =
        LossyProxy.start(
            server.endpoint(), PROFILE, seed, Path.of("target", "it", "lossy", "proxy-" + seed + ".log"))) {
      Envelopes.to(server.endpoint().toString());
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      List<Future<?>> runs = new ArrayList<>();
      for (int s = 0; s < SEQUENCES; s++) {
        String rm = s % 2 == 0 ? Envelopes.RM10 : Envelopes.RM11;
        double base = 1000.0 * (s + 1);
        runs.add(
            sessions.submit(
                () -> {
                  ReliableCalculatorClient client =
                      new ReliableCalculatorClient(
                          http, proxy.via(server.endpoint()), rm, base, figures, deadline);
                  sequences.add(client.create());
                  client.run(MESSAGES, WINDOW, messages);
                  client.terminateSequence();
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      ExecutionLedgerReader.Verdict verdict =
          ExecutionLedgerReader.verdict(List.copyOf(sequences), MESSAGES);
      System.out.printf(
          "[LossyProxyIT] seed %d: %d sequences x %d messages in %.1f s; proxy: %s; client: %s;"
              + " ledger: %s%n",
          seed, SEQUENCES, MESSAGES, seconds, proxy.figures(), figures, verdict);
      assertThat(figures.replies.sum()).isEqualTo((long) SEQUENCES * MESSAGES);
      assertThat(figures.faults).as("SOAP faults seen by the clients").isEmpty();
      assertThat(proxy.count(LinkFault.DROP_RESPONSE) + proxy.count(LinkFault.DUPLICATE))
          .as("the link really lost and repeated messages")
          .isPositive();
      ExecutionLedgerReader.assertExactlyOnceInOrder(List.copyOf(sequences), MESSAGES);
      assertThat(verdict.executed()).isEqualTo((long) SEQUENCES * MESSAGES);
    } finally {
      sessions.shutdownNow();
      messages.shutdownNow();
    }
  }

  static final int COPIES = 6;

  /**
   * What the proxy's DUPLICATE does to a CreateSequence, made certain: {@value #COPIES} copies of one
   * CreateSequence at once, five times. Every copy gets a CreateSequenceResponse naming the same
   * Sequence (one Sequence per Offer, WS-RM 1.1 §3.4), never an InternalError; and the copies wait
   * for each other rather than race to insert (no unique-index violation for these Offers in the
   * server log, see OfferedIdLocks).
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void concurrentCopiesOfOneCreateSequenceAllGetTheSameSequence() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService senders = Executors.newFixedThreadPool(COPIES);
    List<String> offers = new ArrayList<>();
    try {
      for (int round = 0; round < 5; round++) {
        String offer = "urn:uuid:" + java.util.UUID.randomUUID();
        offers.add(offer);
        byte[] cs =
            Envelopes.createSequence(Envelopes.RM10, offer, "urn:uuid:cs-" + offer.substring(9))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest request =
            java.net.http.HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(cs))
                .build();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<java.net.http.HttpResponse<String>>> copies = new ArrayList<>();
        for (int c = 0; c < COPIES; c++) {
          copies.add(
              senders.submit(
                  () -> {
                    start.await();
                    return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                  }));
        }
        start.countDown();
        java.util.Set<String> identifiers = new java.util.HashSet<>();
        for (Future<java.net.http.HttpResponse<String>> copy : copies) {
          java.net.http.HttpResponse<String> r = copy.get();
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          identifiers.add(
              ReliableCalculatorClient.x("//r10:CreateSequenceResponse/r10:Identifier", r.body()));
        }
        assertThat(identifiers).as("round %d", round).hasSize(1).doesNotContain("");
      }
    } finally {
      senders.shutdownNow();
    }
    String log = java.nio.file.Files.readString(server.log());
    for (String offer : offers) {
      assertThat(log).as("insert race for %s", offer).doesNotContain("(offered_id)=(" + offer + ")");
    }
  }

  static final int METRO_SEQUENCES = 4;

  /**
   * Metro 4's own WS-RM client (RM from the WSDL's policy, February 2005) through the same kind of
   * link: it must retransmit on its own until each call returns the right result, and the ledger must
   * show its Sequences executed exactly once, in order.
   */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void metrosReliableClientGetsExactlyOnceInOrderThroughALossyLink() throws Exception {
    long seed = LossyProxy.seed();
    long started = System.nanoTime();
    QName service = new QName(ICalculator.NS, "CalculatorService");
    QName port = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
    URL wsdl = new URL(server.endpoint() + "?wsdl");
    LongAdder calls = new LongAdder();
    ExecutorService clients = Executors.newFixedThreadPool(METRO_SEQUENCES);
    try (LossyProxy proxy =
        LossyProxy.start(
            server.endpoint(), PROFILE, seed, Path.of("target", "it", "lossy", "metro-" + seed + ".log"))) {
      // Metro does not tell its Sequence Identifiers; the link sees them in CreateSequenceResponses.
      java.util.Set<String> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
      proxy.observeResponses(
          body -> {
            String xml = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            if (xml.contains("CreateSequenceResponse")) {
              created.add(
                  ReliableCalculatorClient.x("//r10:CreateSequenceResponse/r10:Identifier", xml));
            }
          });
      List<Future<?>> runs = new ArrayList<>();
      for (int s = 0; s < METRO_SEQUENCES; s++) {
        double base = 1000.0 * (s + 1);
        runs.add(
            clients.submit(
                () -> {
                  ICalculator calc =
                      Service.create(wsdl, service)
                          .getPort(port, ICalculator.class, new FastInfosetFeature(false));
                  BindingProvider bp = (BindingProvider) calc;
                  bp.getRequestContext()
                      .put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, proxy.via(server.endpoint()).toString());
                  bp.getRequestContext().put("com.sun.xml.ws.request.timeout", 60_000);
                  try {
                    for (int n = 1; n <= MESSAGES; n++) {
                      assertThat(calc.add(n, base)).isEqualTo(n + base);
                      calls.increment();
                    }
                  } finally {
                    ((Closeable) calc).close();
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      List<String> sequences = List.copyOf(created);
      ExecutionLedgerReader.Verdict verdict = ExecutionLedgerReader.verdict(sequences, MESSAGES);
      System.out.printf(
          "[LossyProxyIT] Metro client, seed %d: %d sequences x %d calls in %.1f s; proxy: %s;"
              + " ledger: %s%n",
          seed, METRO_SEQUENCES, MESSAGES, (System.nanoTime() - started) / 1e9, proxy.figures(),
          verdict);
      assertThat(calls.sum()).isEqualTo((long) METRO_SEQUENCES * MESSAGES);
      assertThat(sequences).hasSize(METRO_SEQUENCES);
      ExecutionLedgerReader.assertExactlyOnceInOrder(sequences, MESSAGES);
    } finally {
      clients.shutdownNow();
    }
  }
}
