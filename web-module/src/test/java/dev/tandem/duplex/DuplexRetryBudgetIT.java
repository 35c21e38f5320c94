package dev.tandem.duplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * A client that stays unreachable: its callback is retransmitted with back-off until the retry
 * budget ({@code tandem.rm.max-retries}, WCF's MaxRetryCount) is spent, then the session ends — its
 * queue is dropped and the client's next message gets SequenceTerminated — instead of retrying
 * forever.
 */
class DuplexRetryBudgetIT {

  @Test
  void anUnreachableClientEndsTheSessionAfterTheRetryBudget() throws Exception {
    int port = TandemServer.freePort();
    List<String> fastRetries = List.of("-Dtandem.rm.retry-interval=200", "-Dtandem.rm.max-retries=3");
    try (TandemServer server =
            TandemServer.start(port, TandemServer.freePort(), "retry-budget", "server.log", fastRetries);
        DualClient client = new DualClient()) {
      DuplexSession s =
          new DuplexSession(
              client, URI.create(server.endpoint() + "/duplex"), "http://Microsoft.ServiceModel.Samples");
      s.open();
      Map<String, Double> before = server.metrics();
      client.stop();
      s.op("AddTo", "1");
      // Each later message is refused once the callback's retries are spent and the session ended.
      HttpResponse<String> refused =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> s.send(s.operation(2, "AddTo", "2")), r -> r.statusCode() == 500);
      assertThat(refused).as("the session must end once the callback's retries are spent").isNotNull();
      JAXPXPathEngine xpath = new JAXPXPathEngine();
      xpath.setNamespaceContext(Map.of("s", "http://www.w3.org/2003/05/soap-envelope"));
      assertThat(xpath.evaluate("//s:Subcode/s:Value", new StreamSource(new StringReader(refused.body()))))
          .isEqualTo("r:SequenceTerminated");
      // The metrics tell the same story: failed POSTs, retransmissions, one session given up.
      Map<String, Double> after = server.metrics();
      assertThat(delta(before, after, "tandem_outbound_giveups_total")).isEqualTo(1);
      assertThat(delta(before, after, "tandem_outbound_post_failures_total")).isGreaterThanOrEqualTo(3);
      assertThat(delta(before, after, "tandem_outbound_transmissions_total", "kind=\"retransmission\""))
          .isGreaterThanOrEqualTo(2);
      assertThat(delta(before, after, "tandem_messages_faulted_total", "code=\"SequenceTerminated\""))
          .isGreaterThanOrEqualTo(1);
      // The dropped callback does not come back when the client does.
      client.start();
      await()
          .during(Duration.ofMillis(2_500)) // more than ten retry intervals of this server
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.received().stream().noneMatch(m -> m.contains("ICalculatorDuplex/Equals")));
    }
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
    return TandemServer.sample(after, name, labels) - TandemServer.sample(before, name, labels);
  }
}
