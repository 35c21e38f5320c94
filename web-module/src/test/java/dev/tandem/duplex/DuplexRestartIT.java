package dev.tandem.duplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import java.net.URI;
import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A duplex session across a crash: the uber-jar is killed with SIGKILL while a callback is still
 * unacknowledged (the client is down), then started again on the same PostgreSQL database. The
 * pending callback is delivered by the new process, the running result continues from the stored
 * session state, and every callback number arrives with the right value.
 */
class DuplexRestartIT {

  @Test
  void aDuplexSessionSurvivesSigkillOnPostgresql() throws Exception {
    assertThat(System.getenv("TANDEM_JDBC_URL"))
        .as("DuplexRestartIT runs on PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .isNotBlank()
        .startsWith("jdbc:postgresql:");
    int port = TandemServer.freePort();
    try (DualClient client = new DualClient()) {
      DuplexSession s;
      try (TandemServer first = TandemServer.start(port, "duplex-first.log")) {
        URI endpoint = URI.create(first.endpoint() + "/duplex");
        s = new DuplexSession(client, endpoint, "http://Microsoft.ServiceModel.Samples");
        s.open();
        s.op("AddTo", "100");
        s.op("MultiplyBy", "2");
        s.callbacks(2, Duration.ofSeconds(30));
        s.acknowledge(2);
        client.stop();
        s.op("SubtractFrom", "50");
        // The callback is queued and its first POST refused.
        await().atMost(Duration.ofSeconds(30)).until(() -> client.refusedConnections() >= 1);
        first.kill();
      }
      client.start();
      try (TandemServer second = TandemServer.start(port, "duplex-second.log")) {
        s.op("AddTo", "1");
        TreeMap<Long, String> cbs = s.callbacks(4, Duration.ofSeconds(60));
        assertThat(cbs.keySet()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(DuplexCalculatorIT.callback(client, cbs.get(1L))).isEqualTo("Equals(100.0)");
        assertThat(DuplexCalculatorIT.callback(client, cbs.get(2L))).isEqualTo("Equals(200.0)");
        assertThat(DuplexCalculatorIT.callback(client, cbs.get(3L))).isEqualTo("Equals(150.0)");
        assertThat(DuplexCalculatorIT.callback(client, cbs.get(4L))).isEqualTo("Equals(151.0)");
        // Each number carries one value: retransmissions repeat a callback, never renumber it.
        for (String m : client.received()) {
          String number = client.x("//r10:Sequence/r10:MessageNumber", m);
          if (!number.isEmpty() && cbs.containsKey(Long.parseLong(number))) {
            assertThat(DuplexCalculatorIT.callback(client, m))
                .isEqualTo(DuplexCalculatorIT.callback(client, cbs.get(Long.parseLong(number))));
          }
        }
        s.acknowledge(4);
        s.close();
      }
    }
  }
}
