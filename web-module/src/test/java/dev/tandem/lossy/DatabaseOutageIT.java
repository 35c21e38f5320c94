package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL stopped mid-run ({@code scripts/test-postgres.sh halt}: a fast shutdown that cuts every
 * open session) for {@value #OUTAGE_SECONDS} s while raw WS-RM clients keep sending, then started
 * again. While it is down every request must get a prompt SOAP fault that acknowledges nothing — not a
 * 200 acknowledgement, not the container's error page, not a stack trace — and once it is back the
 * clients' retries must finish every Sequence with nothing lost or executed twice (execution
 * ledger). The readiness check ({@code /health/ready}) must say DOWN during the outage and UP
 * again after it. Needs the throwaway cluster of {@code scripts/test-postgres.sh} (as {@code verify.sh} and
 * CI run it); skipped against another database. Adds about a minute.
 */
class DatabaseOutageIT {
  static final int SEQUENCES = 6;
  static final int MESSAGES = 40;
  static final int WINDOW = 2;
  static final int OUTAGE_SECONDS = 10;
  /** Answers in the first moment of the outage may be of transactions that committed just before. */
  static final long SETTLE_MS = 1_000;
  /** The longest a request may wait for its fault while the database is down, in ms. */
  static final long FAULT_BOUND_MS = 10_000;

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void requestsFaultWhileTheDatabaseIsDownAndResumeExactlyOnceAfter() throws Exception {
    String pgPort = throwawayPostgresPort();
    long started = System.nanoTime();
    ReliableCalculatorClient.Figures figures = new ReliableCalculatorClient.Figures();
    List<String> sequences = Collections.synchronizedList(new ArrayList<>());
    List<ReliableCalculatorClient.Observation> duringOutage =
        Collections.synchronizedList(new ArrayList<>());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService sessions = Executors.newFixedThreadPool(SEQUENCES);
    ExecutorService messages = Executors.newCachedThreadPool();
    try (TandemServer server =
        TandemServer.start(
            TandemServer.freePort(),
            TandemServer.freePort(),
            "outage",
            "server.log",
            List.of("-Dtandem.ledger.enabled=true"))) {
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
                      new ReliableCalculatorClient(http, server.endpoint(), rm, base, figures, deadline);
                  sequences.add(client.create());
                  client.run(MESSAGES, WINDOW, messages);
                  client.terminateSequence();
                  return null;
                }));
      }
      await("progress before the outage")
          .atMost(Duration.ofMinutes(2))
          .until(() -> figures.replies.sum() >= MESSAGES);
      URI readiness = server.endpoint().resolve("/health/ready");
      HttpResponse<String> ready = get(http, readiness);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"name\":\"tandem-store\",\"status\":\"UP\"");

      postgres("halt", pgPort);
      long down = System.nanoTime();
      long repliesAtHalt = figures.replies.sum();
      Thread.sleep(SETTLE_MS);
      figures.observer = duringOutage::add;
      HttpResponse<String> notReady = get(http, readiness);
      // The outage itself: the clients keep retrying against a server without its database.
      Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS) - SETTLE_MS);
      figures.observer = o -> {};
      long repliesAtResume = figures.replies.sum();
      postgres("resume", pgPort);
      double outageSeconds = (System.nanoTime() - down) / 1e9;

      for (Future<?> run : runs) {
        run.get();
      }
      // Readiness (StoreReadiness, MicroProfile Health): DOWN while the store was away, UP again now.
      assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"name\":\"tandem-store\",\"status\":\"DOWN\"");
      await("ready again")
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(http, readiness).statusCode() == 200);
      List<ReliableCalculatorClient.Observation> outage;
      synchronized (duringOutage) {
        outage = List.copyOf(duringOutage);
      }
      ExecutionLedgerReader.Verdict verdict =
          ExecutionLedgerReader.verdict(List.copyOf(sequences), MESSAGES);
      System.out.printf(
          "[DatabaseOutageIT] %d sequences x %d messages in %.1f s, database down %.1f s: %d answers"
              + " while down (statuses %s, slowest %d ms), replies at halt %d / at resume %d;"
              + " client: %s; ledger: %s%n",
          SEQUENCES, MESSAGES, (System.nanoTime() - started) / 1e9, outageSeconds, outage.size(),
          outage.stream().map(ReliableCalculatorClient.Observation::status).distinct().toList(),
          outage.stream().mapToLong(ReliableCalculatorClient.Observation::millis).max().orElse(0),
          repliesAtHalt, repliesAtResume, figures, verdict);

      assertThat(outage).as("requests answered while the database was down").isNotEmpty();
      for (ReliableCalculatorClient.Observation o : outage) {
        assertThat(o.status()).as("no acknowledgement without a database: %s", o).isNotEqualTo(200);
        assertThat(o.contentType()).as("a SOAP fault, not an error page: %s", o).contains("soap+xml");
        assertThat(ReliableCalculatorClient.x("//s:Fault/s:Code/s:Value", o.body()))
            .as("a SOAP 1.2 Receiver fault: %s", o)
            .isEqualTo("s:Receiver");
        assertThat(ReliableCalculatorClient.x("//s:Reason/s:Text", o.body()))
            .as("the StoreUnavailable fault: %s", o)
            .startsWith("The service's message store is unavailable");
        assertThat(o.body()).as("no stack trace in the fault").doesNotContain("Exception", "\tat ");
        assertThat(o.millis()).as("answered within the bound: %s", o).isLessThan(FAULT_BOUND_MS);
      }
      assertThat(figures.faults.keySet())
          .as("every fault of the run, from the first moment of the outage on, is StoreUnavailable")
          .allMatch(f -> f.startsWith("500 The service's message store is unavailable"));
      assertThat(figures.replies.sum()).isEqualTo((long) SEQUENCES * MESSAGES);
      ExecutionLedgerReader.assertExactlyOnceInOrder(List.copyOf(sequences), MESSAGES);
    } finally {
      sessions.shutdownNow();
      messages.shutdownNow();
      postgres("resume", pgPort); // never leave the shared test database down
    }
  }

  /**
   * Started while PostgreSQL is down, the server waits for it (ConfiguredDataSource's start-up wait,
   * 60 s by default) instead of failing its deployment (Hibernate needs the database's metadata to
   * deploy), and is ready once the database is back.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aServerStartedBeforeItsDatabaseWaitsForIt() throws Exception {
    String pgPort = throwawayPostgresPort();
    ExecutorService later = Executors.newSingleThreadExecutor();
    postgres("halt", pgPort);
    try {
      // Back only once the deployment is seen waiting for it.
      Path log = Path.of(System.getProperty("tandem.it.dir", "target/it"), "outage-at-start", "server.log");
      Files.deleteIfExists(log);
      Future<?> resumed =
          later.submit(
              () -> {
                await("the deployment waiting for its database")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("TANDEM-DB-0002"));
                postgres("resume", pgPort);
                return null;
              });
      try (TandemServer server =
          TandemServer.start(
              TandemServer.freePort(), TandemServer.freePort(), "outage-at-start", "server.log")) {
        resumed.get();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> ready = get(http, server.endpoint().resolve("/health/ready"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(Files.readString(server.log())).contains("TANDEM-STORE-0001 schema at version");
      }
    } finally {
      later.shutdownNow();
      postgres("resume", pgPort);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The port of the tests' PostgreSQL, which these tests stop and start: only the throwaway cluster
   * of {@code scripts/test-postgres.sh} (as {@code verify.sh} and CI run it); skipped otherwise.
   */
  private static String throwawayPostgresPort() {
    String jdbc = ExecutionLedgerReader.requirePostgresql("DatabaseOutageIT");
    Assumptions.assumeTrue(
        Files.exists(ROOT.resolve("target/pg/data/PG_VERSION")),
        "needs the throwaway PostgreSQL of scripts/test-postgres.sh under target/pg");
    return Integer.toString(URI.create(jdbc.substring("jdbc:".length())).getPort());
  }

  /** Runs {@code scripts/test-postgres.sh halt|resume} on the cluster the tests use. */
  private static void postgres(String command, String port) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", ROOT.resolve("scripts/test-postgres.sh").toString(), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("TANDEM_TEST_PG_PORT", port);
    Process p = pb.start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("test-postgres.sh %s finished", command).isTrue();
    assertThat(p.exitValue()).as("test-postgres.sh %s exit code", command).isZero();
  }
}
