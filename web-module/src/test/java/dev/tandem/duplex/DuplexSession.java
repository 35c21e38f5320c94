package dev.tandem.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Envelopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One WCF-like dual client session (WS-RM February 2005) against a duplex endpoint: opens the
 * Sequence pair, sends one-way operations, collects and acknowledges callbacks, closes.
 */
final class DuplexSession {
  private static final String RM10 = Envelopes.RM10;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final DualClient client;
  final URI endpoint;
  final String ns;
  final String offer = "urn:uuid:" + UUID.randomUUID();
  String id;
  long next = 1;

  DuplexSession(DualClient client, URI endpoint, String ns) {
    this.client = client;
    this.endpoint = endpoint;
    this.ns = ns;
  }

  String addressing(String action) {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + client.address() + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + endpoint + "</a:To>";
  }

  int post(String envelope) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(resp.body()).as("a dual channel answers with an empty body").isEmpty();
    return resp.statusCode();
  }

  void open() throws Exception {
    String cs =
        Envelopes.envelope(
            RM10,
            addressing(RM10 + "/CreateSequence"),
            "<r:CreateSequence><r:AcksTo><a:Address>" + client.address() + "</a:Address></r:AcksTo>"
                + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>");
    assertThat(post(cs)).isEqualTo(202);
    String csr = client.awaitAction(RM10 + "/CreateSequenceResponse", Duration.ofSeconds(30));
    id = client.x("//r10:CreateSequenceResponse/r10:Identifier", csr);
    assertThat(id).startsWith("urn:uuid:");
  }

  void op(String name, String n) throws Exception {
    String body =
        n == null
            ? "<" + name + " xmlns=\"" + ns + "\"/>"
            : "<" + name + " xmlns=\"" + ns + "\"><n>" + n + "</n></" + name + ">";
    String env =
        Envelopes.envelope(
            RM10,
            Envelopes.sequence(id, next++, false) + addressing(ns + "/ICalculatorDuplex/" + name),
            body);
    assertThat(post(env)).isEqualTo(202);
  }

  /** Waits for callbacks 1..count of the offered Sequence; returns them by MessageNumber. */
  TreeMap<Long, String> callbacks(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    TreeMap<Long, String> byNumber = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      byNumber.clear();
      for (String m : client.received()) {
        if (offer.equals(client.x("//r10:Sequence/r10:Identifier", m))) {
          byNumber.putIfAbsent(Long.parseLong(client.x("//r10:Sequence/r10:MessageNumber", m)), m);
        }
      }
      if (byNumber.size() >= count) {
        return byNumber;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("got callbacks " + byNumber.keySet() + ", wanted " + count);
  }

  /** Acknowledges callbacks 1..upTo, as WCF's client does. */
  void acknowledge(long upTo) throws Exception {
    String ack =
        Envelopes.envelope(
            RM10,
            "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upTo + "\"/></r:SequenceAcknowledgement>"
                + addressing(RM10 + "/SequenceAcknowledgement"),
            "");
    assertThat(post(ack)).isEqualTo(202);
  }

  void close() throws Exception {
    String last =
        Envelopes.envelope(
            RM10, Envelopes.sequence(id, next++, true) + addressing(RM10 + "/LastMessage"), "");
    assertThat(post(last)).isEqualTo(202);
    client.await(
        m -> offer.equals(client.x("//r10:Sequence/r10:Identifier", m))
            && !client.x("//r10:Sequence/r10:LastMessage", m).isEmpty()
            || client.x("count(//r10:Sequence/r10:LastMessage)", m).equals("1"),
        Duration.ofSeconds(30));
    String term =
        Envelopes.envelope(
            RM10,
            addressing(RM10 + "/TerminateSequence"),
            "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>");
    assertThat(post(term)).isEqualTo(202);
    String t = client.awaitAction(RM10 + "/TerminateSequence", Duration.ofSeconds(30));
    assertThat(client.x("//r10:TerminateSequence/r10:Identifier", t)).isEqualTo(offer);
  }
}
