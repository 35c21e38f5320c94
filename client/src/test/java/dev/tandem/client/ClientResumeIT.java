package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code --store}: the client jar as a separate JVM runs {@code calculator --count 50} (200 calls
 * in one Sequence) against the uber-jar, is killed (SIGKILL) once replies have appeared, and is
 * rerun with the same store. The rerun must resume the same Sequence and print all 200 results,
 * correct and in order; the server must have run each call exactly once (with PostgreSQL,
 * TANDEM_TEST_JDBC_URL: one reply number per message, none for a duplicate). Shares the server of
 * ClientAgainstTandemIT ({@link SharedServer#get()}); adds 20–40 s (two client JVMs, 200 calls).
 */
@EnabledIfSystemProperty(named = "tandem.clientJar", matches = ".+")
class ClientResumeIT {
  private static final int COUNT = 50;
  private static final int CALLS = 4 * COUNT;
  private static final Pattern STORED = Pattern.compile("Sequence (\\S+) stored in");
  private static final Pattern RESUMING =
      Pattern.compile("resuming Sequence (\\S+) from .*: (\\d+) of (\\d+) results were stored, (\\d+) unacknowledged");

  private static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    server = SharedServer.get();
  }


  /** A client process whose stdout lines and stderr are collected as they come. */
  private static final class ClientProcess {
    final Process process;
    final List<String> out = Collections.synchronizedList(new ArrayList<>());
    final StringBuffer err = new StringBuffer();

    ClientProcess(Path store, String rm) throws IOException {
      Path jar = Path.of(System.getProperty("tandem.clientJar"));
      process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar", jar.toString(),
                  "calculator", "--url", server.endpoint().toString(), "--rm", rm,
                  "--count", Integer.toString(COUNT), "--store", store.toString())
              .start();
      pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out::add);
      pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
          l -> err.append(l).append('\n'));
    }

    private static void pump(BufferedReader in, java.util.function.Consumer<String> sink) {
      Thread t = new Thread(() -> in.lines().forEach(sink), "client-output");
      t.setDaemon(true);
      t.start();
    }

    int awaitExit() throws InterruptedException {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("client exited in time; stderr: %s", err).isTrue();
      // Let the pumps drain what the process wrote before it exited.
      await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
      Thread.sleep(100);
      return process.exitValue();
    }
  }

  private static List<String> expectedLines() {
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < COUNT; r++) {
      lines.add("Add(" + (100 + r) + ",15.99) = " + net(100 + r + 15.99));
      lines.add("Subtract(" + (145 + r) + ",76.54) = " + net(145 + r - 76.54));
      lines.add("Multiply(" + (9 + r) + ",81.25) = " + net((9 + r) * 81.25));
      lines.add("Divide(" + (22 + r) + ",7) = " + net((22 + r) / 7.0));
    }
    return lines;
  }

  /** A double as the .NET client prints it (shortest round-trip form, no trailing ".0"). */
  private static String net(double d) {
    return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  @Test
  @Timeout(value = 400, unit = TimeUnit.SECONDS)
  void aKilledClientResumesItsSequenceAndNoCallRunsTwice() throws Exception {
    Path store = Files.createTempDirectory(Path.of(System.getProperty("tandem.it.dir", "target/it")), "client-store");

    ClientProcess first = new ClientProcess(store, "1.0");
    await().atMost(Duration.ofSeconds(120)).until(() -> first.out.size() >= 20 || !first.process.isAlive());
    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the store
    first.process.waitFor(30, TimeUnit.SECONDS);
    int printedBeforeKill = first.out.size();
    assertThat(printedBeforeKill).as("killed mid-sequence; stderr: %s", first.err).isBetween(20, CALLS - 1);
    Matcher created = STORED.matcher(first.err);
    assertThat(created.find()).as(first.err.toString()).isTrue();
    String sequenceId = created.group(1);

    long t0 = System.nanoTime();
    ClientProcess second = new ClientProcess(store, "1.0");
    assertThat(second.awaitExit()).as(second.err.toString()).isZero();
    long rerunMs = (System.nanoTime() - t0) / 1_000_000;
    Matcher resumed = RESUMING.matcher(second.err);
    assertThat(resumed.find()).as(second.err.toString()).isTrue();
    assertThat(resumed.group(1)).isEqualTo(sequenceId);
    int stored = Integer.parseInt(resumed.group(2));
    int retransmitted = Integer.parseInt(resumed.group(4));
    System.out.printf(
        "ClientResumeIT: killed after %d printed results; resumed Sequence %s with %d results stored, %d message(s)"
            + " retransmitted; the rerun took %d ms%n",
        printedBeforeKill, sequenceId, stored, retransmitted, rerunMs);
    // Every result printed before the kill was stored before it was printed.
    assertThat(stored).isGreaterThanOrEqualTo(printedBeforeKill);
    assertThat(second.out).containsExactlyElementsOf(expectedLines());
    assertThat(second.out.subList(0, printedBeforeKill)).isEqualTo(first.out.subList(0, printedBeforeKill));
    // The store is emptied once the Sequence is terminated: a third run starts a new Sequence.
    try (var s = dev.tandem.client.store.MvClientStore.open(store)) {
      assertThat(s.sequence()).isEmpty();
    }

    String jdbc = System.getenv("TANDEM_JDBC_URL");
    if (jdbc != null && !jdbc.isBlank()) {
      assertExecutedOnceOnTheServer(jdbc, sequenceId);
    }
  }

  /**
   * The server numbers a reply for each execution (RmDestination: a retransmission gets the stored
   * reply, no new number): the calls + the LastMessage, and every message number received once.
   */
  private static void assertExecutedOnceOnTheServer(String jdbc, String sequenceId) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, System.getenv("TANDEM_JDBC_USER"), System.getenv("TANDEM_JDBC_PASSWORD"));
        PreparedStatement q =
            c.prepareStatement(
                "select s.state, s.reply_last_number, s.received_ranges"
                    + " from rm_sequence s where s.id = ?")) {
      q.setString(1, sequenceId);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).as("Sequence %s in the server's database", sequenceId).isTrue();
        assertThat(rs.getString(1)).isEqualTo("TERMINATED");
        assertThat(rs.getLong(2)).isEqualTo(CALLS + 1);
        assertThat(rs.getString(3)).isEqualTo("1-" + (CALLS + 1));
      }
    }
  }
}
