package dev.tandem.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import dev.tandem.hostile.ServerVitals;
import dev.tandem.rm.TandemServer;
import dev.tandem.samples.calculator.ICalculator;
import dev.tandem.testing.Envelopes;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Many small, fast requests against one uber-jar on the build's database (PostgreSQL in CI), the way
 * a busy service sees them: sequential and concurrent, plain ({@code /service.svc/basic}) and
 * reliable (WS-RM 1.0 and 1.1 Sequences), from raw HTTP/1.1 clients and from Metro's client. Every
 * request must be answered right, none with 408 or slower than {@value #SLOWEST_MILLIS} ms, and the
 * server must log no exception. After the first {@value #PLAIN_SEQUENTIAL} + {@value
 * #PLAIN_CONCURRENT} answered requests, the heap after a full GC must be back within {@value
 * #MAX_HEAP_GROWTH_KIB} KiB of where it was before them: nothing of an answered exchange outlives it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmallRequestLoadIT {
  static final int WARM_UP = 2_000;
  static final int PLAIN_SEQUENTIAL = 10_000;
  static final int PLAIN_CONCURRENT = 40_000;
  static final int CLIENTS = 8;
  static final int METRO_SEQUENTIAL = 2_000;
  static final int RM_SEQUENTIAL = 1_000;
  static final int RM_SEQUENCES = 4;
  static final int RM_PER_SEQUENCE = 500;
  static final long SLOWEST_MILLIS = 1_000;
  static final long MAX_HEAP_GROWTH_KIB = 8 * 1024;

  private static final Pattern ADD_RESULT = Pattern.compile("AddResult>([^<]*)<");
  private static final Pattern IDENTIFIER = Pattern.compile("Identifier>([^<]+)<");

  private static TandemServer server;
  private static URI endpoint;
  private static URI basic;
  private static long logOffset;
  private static final Tally tally = new Tally();

  @BeforeAll
  static void start() throws Exception {
    server =
        TandemServer.start(TandemServer.freePort(), TandemServer.freePort(), "load", "load.log", List.of());
    endpoint = server.endpoint();
    basic = URI.create(endpoint + "/basic");
    Envelopes.to(endpoint.toString());
    // Class loading, JIT, and the per-thread and per-connection pools of as many connections as
    // the concurrent phase uses: grown here, they are not counted as growth later.
    Tally warmUp = new Tally();
    plain(newClient(), WARM_UP, warmUp);
    inParallel(CLIENTS, () -> plain(newClient(), WARM_UP / CLIENTS, warmUp));
    logOffset = Files.size(server.log());
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("[SmallRequestLoadIT] all phases: " + tally);
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void plainRequestsLeaveNothingBehindInTheHeap() throws Exception {
    ServerVitals before = ServerVitals.of(server.pid());
    Tally phase = new Tally();
    plain(newClient(), PLAIN_SEQUENTIAL, phase);
    System.out.println("[SmallRequestLoadIT] plain, sequential: " + phase);
    Tally concurrent = new Tally();
    inParallel(CLIENTS, () -> plain(newClient(), PLAIN_CONCURRENT / CLIENTS, concurrent));
    System.out.println("[SmallRequestLoadIT] plain, " + CLIENTS + " clients: " + concurrent);
    ServerVitals after = ServerVitals.of(server.pid());
    System.out.printf(
        "[SmallRequestLoadIT] heap after a full GC: %,d KiB before, %,d KiB right after %,d answered"
            + " requests (%+,d KiB)%n",
        before.heapUsedKib(), after.heapUsedKib(), PLAIN_SEQUENTIAL + PLAIN_CONCURRENT,
        after.heapUsedKib() - before.heapUsedKib());
    tally.add(phase);
    tally.add(concurrent);
    phase.assertAllFast();
    concurrent.assertAllFast();
    assertThat(after.heapUsedKib() - before.heapUsedKib())
        .as("heap growth after %d answered requests, KiB", PLAIN_SEQUENTIAL + PLAIN_CONCURRENT)
        .isLessThanOrEqualTo(MAX_HEAP_GROWTH_KIB);
  }

  @Test
  @Order(2)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void metroPlainCallsAreAllFast() throws Exception {
    ICalculator calculator =
        Service.create(new URL(basic + "?wsdl"), new QName(ICalculator.NS, "CalculatorService"))
            .getPort(
                new QName(ICalculator.NS, "WSHttpBinding_ICalculator"),
                ICalculator.class,
                new FastInfosetFeature(false));
    ((BindingProvider) calculator).getRequestContext().put("com.sun.xml.ws.request.timeout", 60_000);
    Tally phase = new Tally();
    try {
      for (int i = 1; i <= METRO_SEQUENTIAL; i++) {
        long t0 = System.nanoTime();
        double sum = calculator.add(i, 0.5);
        phase.record(200, System.nanoTime() - t0, sum == i + 0.5);
      }
    } finally {
      ((Closeable) calculator).close();
    }
    System.out.println("[SmallRequestLoadIT] Metro client, plain, sequential: " + phase);
    tally.add(phase);
    phase.assertAllFast();
  }

  @Test
  @Order(3)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void reliableRequestsAreAllFast() throws Exception {
    Tally sequential = new Tally();
    reliable(newClient(), Envelopes.RM10, RM_SEQUENTIAL, sequential);
    System.out.println("[SmallRequestLoadIT] WS-RM 1.0, one Sequence: " + sequential);
    Tally concurrent = new Tally();
    inParallel(RM_SEQUENCES, () -> reliable(newClient(), Envelopes.RM11, RM_PER_SEQUENCE, concurrent));
    System.out.println(
        "[SmallRequestLoadIT] WS-RM 1.1, " + RM_SEQUENCES + " Sequences at once: " + concurrent);
    tally.add(sequential);
    tally.add(concurrent);
    sequential.assertAllFast();
    concurrent.assertAllFast();
  }

  @Test
  @Order(4)
  void theServerLoggedNoException() throws Exception {
    String log;
    try (var in = Files.newInputStream(server.log())) {
      in.skipNBytes(logOffset);
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> bad =
        log.lines()
            .filter(l -> l.contains("Exception") || l.contains("SEVERE") || l.contains("TANDEM-WEB-0003"))
            .limit(20)
            .collect(Collectors.toList());
    assertThat(bad).as("server log lines with an exception, SEVERE or a body timeout").isEmpty();
  }

  /** Runs {@code clients} copies of {@code client} at once and waits for all; rethrows a failure. */
  private static void inParallel(int clients, Callable<Void> client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(client));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code count} Add calls to the plain endpoint on one connection, each checked. */
  private static Void plain(HttpClient http, int count, Tally tally) throws Exception {
    for (int i = 1; i <= count; i++) {
      String body =
          Envelopes.envelope(
              Envelopes.RM10,
              Envelopes.addressing(Envelopes.CALC + "/ICalculator/Add", "urn:uuid:" + UUID.randomUUID()),
              "<Add xmlns=\"" + Envelopes.CALC + "\"><n1>" + i + "</n1><n2>0.5</n2></Add>");
      tally.exchange(http, basic, body, (i + 0.5));
    }
    return null;
  }

  /**
   * One Sequence of {@code count} Add calls (each with AckRequested), then TerminateSequence. It
   * offers a reply Sequence, as a WCF client of a request-reply contract does.
   */
  private static Void reliable(HttpClient http, String rm, int count, Tally tally) throws Exception {
    HttpResponse<String> created =
        send(
            http,
            endpoint,
            Envelopes.createSequence(rm, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    Matcher id = IDENTIFIER.matcher(created.body());
    assertThat(id.find()).as(created.body()).isTrue();
    String sequence = id.group(1);
    for (int n = 1; n <= count; n++) {
      tally.exchange(
          http, endpoint, Envelopes.calc(rm, sequence, n, "Add", Integer.toString(n), "0.5"), n + 0.5);
    }
    HttpResponse<String> terminated =
        send(http, endpoint, Envelopes.terminate(rm, sequence, Integer.toString(count)));
    assertThat(terminated.statusCode()).as(terminated.body()).isIn(200, 202);
    return null;
  }

  private static HttpClient newClient() {
    // HTTP/1.1: the JDK client's h2c upgrade attempt takes another path through the server.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpResponse<String> send(HttpClient http, URI to, String envelope) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(to)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** Counts of one phase: requests, wrong answers, statuses other than 200, slowest, 408s. */
  private static final class Tally {
    private long requests;
    private long wrong;
    private long notOk;
    private long timeouts;
    private long slow;
    private long slowestNanos;
    private long totalNanos;
    private final List<String> firstProblems = new ArrayList<>();

    void exchange(HttpClient http, URI to, String envelope, double expected) throws Exception {
      long t0 = System.nanoTime();
      HttpResponse<String> r = send(http, to, envelope);
      long nanos = System.nanoTime() - t0;
      Matcher m = ADD_RESULT.matcher(r.body());
      boolean right = m.find() && Double.parseDouble(m.group(1)) == expected;
      record(r.statusCode(), nanos, right);
      if (r.statusCode() != 200 || !right) {
        problem("HTTP " + r.statusCode() + " after " + nanos / 1_000_000 + " ms: " + r.body());
      }
    }

    synchronized void record(int status, long nanos, boolean right) {
      requests++;
      totalNanos += nanos;
      slowestNanos = Math.max(slowestNanos, nanos);
      if (nanos > TimeUnit.MILLISECONDS.toNanos(SLOWEST_MILLIS)) {
        slow++;
      }
      if (status == 408) {
        timeouts++;
      }
      if (status != 200) {
        notOk++;
      }
      if (!right) {
        wrong++;
      }
    }

    synchronized void problem(String what) {
      if (firstProblems.size() < 5) {
        firstProblems.add(what.length() > 600 ? what.substring(0, 600) : what);
      }
    }

    synchronized void add(Tally other) {
      requests += other.requests;
      wrong += other.wrong;
      notOk += other.notOk;
      timeouts += other.timeouts;
      slow += other.slow;
      slowestNanos = Math.max(slowestNanos, other.slowestNanos);
      totalNanos += other.totalNanos;
    }

    synchronized void assertAllFast() {
      assertThat(timeouts).as("408 answers; first problems: %s", firstProblems).isZero();
      assertThat(notOk).as("answers other than 200; first problems: %s", firstProblems).isZero();
      assertThat(wrong).as("wrong or missing results; first problems: %s", firstProblems).isZero();
      assertThat(slow)
          .as("requests slower than %d ms (slowest %d ms)", SLOWEST_MILLIS, slowestNanos / 1_000_000)
          .isZero();
    }

    @Override
    public synchronized String toString() {
      return String.format(
          "%,d requests, mean %.2f ms, slowest %d ms, %d slower than %d ms, %d not 200 (%d of them"
              + " 408), %d wrong",
          requests,
          requests == 0 ? 0.0 : totalNanos / 1e6 / requests,
          slowestNanos / 1_000_000,
          slow,
          SLOWEST_MILLIS,
          notOk,
          timeouts,
          wrong);
    }
  }
}
