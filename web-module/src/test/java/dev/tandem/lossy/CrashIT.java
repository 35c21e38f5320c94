package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crashes while clients run: {@value #SEQUENCES} raw WS-RM Sequences of {@value #MESSAGES} calls
 * retry through a mildly lossy link while the server is killed with SIGKILL {@value #KILLS} times,
 * each time after a random amount of progress (so mid-transaction, mid-reply, between messages), and
 * restarted on the same port and the same PostgreSQL. Every reply must be right, and the execution
 * ledger must show every message executed exactly once, in order: nothing lost, nothing repeated by
 * a crash. Adds about 3 minutes, mostly the {@value #KILLS} server restarts.
 */
class CrashIT {
  static final int KILLS = 5;
  static final int SEQUENCES = 10;
  static final int MESSAGES = 50;
  static final int WINDOW = 4;
  static final LossProfile PROFILE = new LossProfile(0.04, 0.02, 0.02, 0.02, 0.02);
  /**
   * The ledger on; C1 only, because a restart's JIT work competes with the start-up for this
   * machine's two cores, and compiled-code speed is irrelevant to what a crash may lose.
   */
  static final List<String> JVM = List.of("-Dtandem.ledger.enabled=true", "-XX:TieredStopAtLevel=1");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void sigkillsWhileClientsRunLoseAndRepeatNothing() throws Exception {
    ExecutionLedgerReader.requirePostgresql("CrashIT");
    long seed = LossyProxy.seed();
    Random random = new Random(seed);
    long started = System.nanoTime();
    int port = TandemServer.freePort();
    int sslPort = TandemServer.freePort();
    ReliableCalculatorClient.Figures figures = new ReliableCalculatorClient.Figures();
    List<String> sequences = Collections.synchronizedList(new ArrayList<>());
    List<Double> restartSeconds = new ArrayList<>();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService sessions = Executors.newFixedThreadPool(SEQUENCES);
    ExecutorService messages = Executors.newCachedThreadPool();
    TandemServer server = TandemServer.start(port, sslPort, "crash", "server-0.log", JVM);
    try (LossyProxy proxy =
        LossyProxy.start(
            server.endpoint(), PROFILE, seed, Path.of("target", "it", "crash", "proxy-" + seed + ".log"))) {
      Envelopes.to(server.endpoint().toString());
      java.net.URI viaProxy = proxy.via(server.endpoint()); // same port after every restart
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
      List<Future<?>> runs = new ArrayList<>();
      for (int s = 0; s < SEQUENCES; s++) {
        String rm = s % 2 == 0 ? Envelopes.RM10 : Envelopes.RM11;
        double base = 1000.0 * (s + 1);
        runs.add(
            sessions.submit(
                () -> {
                  ReliableCalculatorClient client =
                      new ReliableCalculatorClient(
                          http, viaProxy, rm, base, figures, deadline);
                  sequences.add(client.create());
                  client.run(MESSAGES, WINDOW, messages);
                  client.terminateSequence();
                  return null;
                }));
      }
      for (int kill = 1; kill <= KILLS; kill++) {
        // A random moment while the clients make progress: after 15..60 more replies, plus 0..300 ms.
        long target = figures.replies.sum() + 15 + random.nextInt(46);
        await("progress before kill " + kill)
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> figures.replies.sum() >= target);
        Thread.sleep(random.nextInt(300));
        long replies = figures.replies.sum();
        server.kill();
        System.out.printf("[CrashIT] kill %d (SIGKILL) after %d replies%n", kill, replies);
        long restart = System.nanoTime();
        server = TandemServer.start(port, sslPort, "crash", "server-" + kill + ".log", JVM);
        restartSeconds.add((System.nanoTime() - restart) / 1e9);
      }
      assertThat(figures.replies.sum())
          .as("the clients were still running at the last kill")
          .isLessThan((long) SEQUENCES * MESSAGES);
      for (Future<?> run : runs) {
        run.get();
      }
      ExecutionLedgerReader.Verdict verdict =
          ExecutionLedgerReader.verdict(List.copyOf(sequences), MESSAGES);
      System.out.printf(
          "[CrashIT] seed %d: %d kills, restarts took %s s; %d sequences x %d messages in %.1f s;"
              + " proxy: %s; client: %s; ledger: %s%n",
          seed, KILLS, restartSeconds.stream().map(t -> String.format("%.1f", t)).toList(),
          SEQUENCES, MESSAGES, (System.nanoTime() - started) / 1e9, proxy.figures(), figures,
          verdict);
      assertThat(figures.replies.sum()).isEqualTo((long) SEQUENCES * MESSAGES);
      ExecutionLedgerReader.assertExactlyOnceInOrder(List.copyOf(sequences), MESSAGES);
      assertThat(verdict.executed()).isEqualTo((long) SEQUENCES * MESSAGES);
    } finally {
      sessions.shutdownNow();
      messages.shutdownNow();
      server.close();
    }
  }
}
