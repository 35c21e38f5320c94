package dev.tandem.mc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * The RSP sample across a crash: a client that cannot listen sends ProcessData, the uber-jar is
 * killed with SIGKILL before the callback falls due and before any poll, and started again on the
 * same PostgreSQL database and port. A MakeConnection poll to the new process receives the callback
 * once, as message 1 of the offered sequence; once acknowledged on the next poll it is not delivered
 * again (that poll is held for the hold time and answered 202).
 */
class MakeConnectionRestartIT {
  private static final String RM10 = Envelopes.RM10;
  private static final String MC = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  private static final String TEMPURI = "http://tempuri.org/";
  private static final String CALLBACK = TEMPURI + "IProcessDataDuplex/SendProcessedData";
  private static final long HOLD_MS = 2_000;
  private static final List<String> JVM = List.of("-Dtandem.mc.hold-time=" + HOLD_MS);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final JAXPXPathEngine xpath = new JAXPXPathEngine();
  private final String address = MC + "/anonymous?id=" + UUID.randomUUID();
  private final String offer = "urn:uuid:" + UUID.randomUUID();
  private URI endpoint;

  {
    xpath.setNamespaceContext(
        Map.of(
            "s", "http://www.w3.org/2003/05/soap-envelope",
            "a", "http://www.w3.org/2005/08/addressing",
            "r", RM10,
            "mc", MC,
            "t", TEMPURI));
  }

  @Test
  void aCallbackQueuedBeforeSigkillIsPolledOnceFromTheRestartedServer() throws Exception {
    assertThat(System.getenv("TANDEM_JDBC_URL"))
        .as("MakeConnectionRestartIT runs on PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .isNotBlank()
        .startsWith("jdbc:postgresql:");
    int port = TandemServer.freePort();
    int sslPort = TandemServer.freePort();
    String id;
    try (TandemServer first = TandemServer.start(port, sslPort, "mc-restart", "mc-first.log", JVM)) {
      endpoint = URI.create(first.endpoint() + "/rsp");
      HttpResponse<String> cs =
          post(
              Envelopes.envelope(
                  RM10,
                  addressing(RM10 + "/CreateSequence"),
                  "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                      + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>"));
      assertThat(cs.statusCode()).as(cs.body()).isEqualTo(200);
      id = x("//r:CreateSequenceResponse/r:Identifier", cs.body());
      assertThat(id).startsWith("urn:uuid:");

      HttpResponse<String> ack =
          post(
              Envelopes.envelope(
                  RM10,
                  Envelopes.sequence(id, 1, false) + addressing(TEMPURI + "IProcessDataDuplex/ProcessData"),
                  "<ProcessData xmlns=\"" + TEMPURI + "\"><rawData>abc</rawData></ProcessData>"));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      assertThat(x("//r:AcknowledgementRange/@Upper", ack.body())).isEqualTo("1");
      // The callback is due 5 s after ProcessData committed: kill well before that, and before any poll.
      first.kill();
    }

    try (TandemServer second = TandemServer.start(port, sslPort, "mc-restart", "mc-second.log", JVM)) {
      assertThat(URI.create(second.endpoint() + "/rsp")).isEqualTo(endpoint);
      List<String> callbacks = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (callbacks.isEmpty() && System.nanoTime() < deadline) {
        HttpResponse<String> r = post(poll(null));
        if (r.statusCode() == 200) {
          assertThat(x("//a:Action", r.body())).as(r.body()).isEqualTo(CALLBACK);
          callbacks.add(r.body());
        } else {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
      }
      assertThat(callbacks).as("the callback queued before SIGKILL, polled from the new process").hasSize(1);
      String cb = callbacks.get(0);
      assertThat(x("//t:SendProcessedData/t:processedData", cb))
          .isEqualTo("Computed hash of 'abc' is '900150983CD24FB0D6963F7D28E17F72'");
      assertThat(x("//r:Sequence/r:Identifier", cb)).isEqualTo(offer);
      assertThat(x("//r:Sequence/r:MessageNumber", cb)).isEqualTo("1");
      assertThat(x("//a:To", cb)).isEqualTo(address);
      assertThat(x("//mc:MessagePending/@pending", cb)).isEqualTo("false");

      // Acknowledged on the next poll: nothing more is sent, the poll is held and answered 202.
      for (int i = 0; i < 2; i++) {
        long start = System.nanoTime();
        HttpResponse<String> next = post(poll(ack(1)));
        long heldMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(next.statusCode()).as("poll %d after the ack: %s", i, next.body()).isEqualTo(202);
        assertThat(next.body()).isEmpty();
        assertThat(heldMs).isGreaterThanOrEqualTo(HOLD_MS - 200);
      }

      HttpResponse<String> t =
          post(
              Envelopes.envelope(
                  RM10,
                  ack(1) + addressing(RM10 + "/TerminateSequence"),
                  "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>"));
      assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    }
  }

  private String x(String path, String xml) {
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }

  private HttpResponse<String> post(String envelope) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String addressing(String action) {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + address + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + endpoint + "</a:To>";
  }

  private String poll(String ackHeader) {
    return Envelopes.envelope(
            RM10,
            (ackHeader == null ? "" : ackHeader) + addressing(MC + "/MakeConnection"),
            "<mc:MakeConnection><mc:Address>" + address + "</mc:Address></mc:MakeConnection>")
        .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC + "\" ");
  }

  private String ack(long upTo) {
    return "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
        + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upTo + "\"/></r:SequenceAcknowledgement>";
  }
}
