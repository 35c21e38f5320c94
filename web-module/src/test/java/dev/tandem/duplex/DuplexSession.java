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
public final class DuplexSession {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final DualClient client;
  final URI endpoint;
  final String ns;
  /** The RM namespace the client speaks (February 2005 or 1.1). */
  final String rm;
  /** Its XPath prefix in {@link DualClient#NS}. */
  private final String p;
  final String offer = "urn:uuid:" + UUID.randomUUID();
  String id;
  long next = 1;

  /** A WS-RM February 2005 session (wsDualHttpBinding's default). */
  public DuplexSession(DualClient client, URI endpoint, String ns) {
    this(client, endpoint, ns, Envelopes.RM10);
  }

  DuplexSession(DualClient client, URI endpoint, String ns, String rm) {
    this.client = client;
    this.endpoint = endpoint;
    this.ns = ns;
    this.rm = rm;
    this.p = rm.equals(Envelopes.RM10) ? "r10" : "r11";
  }

  boolean isRm11() {
    return !rm.equals(Envelopes.RM10);
  }

  String addressing(String action) {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + client.address() + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + endpoint + "</a:To>";
  }

  /** POSTs and returns the full response (faults come back on it). */
  HttpResponse<String> send(String envelope) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  int post(String envelope) throws Exception {
    HttpResponse<String> resp = send(envelope);
    assertThat(resp.body()).as("a dual channel answers with an empty body").isEmpty();
    return resp.statusCode();
  }

  public void open() throws Exception {
    String offerEndpoint =
        isRm11()
            ? "<r:Endpoint><a:Address>" + client.address() + "</a:Address></r:Endpoint>"
                + "<r:IncompleteSequenceBehavior>DiscardFollowingFirstGap</r:IncompleteSequenceBehavior>"
            : "";
    String cs =
        Envelopes.envelope(
            rm,
            addressing(rm + "/CreateSequence"),
            "<r:CreateSequence><r:AcksTo><a:Address>" + client.address() + "</a:Address></r:AcksTo>"
                + "<r:Offer><r:Identifier>" + offer + "</r:Identifier>" + offerEndpoint
                + "</r:Offer></r:CreateSequence>");
    assertThat(post(cs)).isEqualTo(202);
    String csr = client.awaitAction(rm + "/CreateSequenceResponse", Duration.ofSeconds(30));
    id = client.x("//" + p + ":CreateSequenceResponse/" + p + ":Identifier", csr);
    assertThat(id).startsWith("urn:uuid:");
  }

  String operation(long number, String name, String n) {
    String body =
        n == null
            ? "<" + name + " xmlns=\"" + ns + "\"/>"
            : "<" + name + " xmlns=\"" + ns + "\"><n>" + n + "</n></" + name + ">";
    return Envelopes.envelope(
        rm,
        Envelopes.sequence(id, number, false) + addressing(ns + "/ICalculatorDuplex/" + name),
        body);
  }

  public void op(String name, String n) throws Exception {
    assertThat(post(operation(next++, name, n))).isEqualTo(202);
  }

  /** Waits for callbacks 1..count of the offered Sequence; returns them by MessageNumber. */
  public TreeMap<Long, String> callbacks(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    TreeMap<Long, String> byNumber = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      byNumber.clear();
      for (String m : client.received()) {
        if (offer.equals(client.x("//" + p + ":Sequence/" + p + ":Identifier", m))) {
          byNumber.putIfAbsent(
              Long.parseLong(client.x("//" + p + ":Sequence/" + p + ":MessageNumber", m)), m);
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
  public void acknowledge(long upTo) throws Exception {
    acknowledge(upTo, null);
  }

  /** Acknowledges callbacks 1..upTo with WCF's flow-control {@code netrm:BufferRemaining}. */
  void acknowledge(long upTo, Integer bufferRemaining) throws Exception {
    String buffer =
        bufferRemaining == null
            ? ""
            : "<netrm:BufferRemaining xmlns:netrm=\"http://schemas.microsoft.com/ws/2006/05/rm\">"
                + bufferRemaining + "</netrm:BufferRemaining>";
    String ack =
        Envelopes.envelope(
            rm,
            "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upTo + "\"/>" + buffer
                + "</r:SequenceAcknowledgement>"
                + addressing(rm + "/SequenceAcknowledgement"),
            "");
    assertThat(post(ack)).isEqualTo(202);
  }

  /**
   * Ends the session as WCF does: February 2005 LastMessage (answered by the offered Sequence's
   * LastMessage) then TerminateSequence (answered by the offered Sequence's TerminateSequence); WS-RM
   * 1.1 CloseSequence then TerminateSequence (answered by their responses), all POSTed to the client.
   */
  public void close() throws Exception {
    if (isRm11()) {
      String close =
          Envelopes.envelope(
              rm,
              addressing(rm + "/CloseSequence"),
              "<r:CloseSequence><r:Identifier>" + id + "</r:Identifier><r:LastMsgNumber>" + (next - 1)
                  + "</r:LastMsgNumber></r:CloseSequence>");
      assertThat(post(close)).isEqualTo(202);
      String cr = client.awaitAction(rm + "/CloseSequenceResponse", Duration.ofSeconds(30));
      assertThat(client.x("//r11:CloseSequenceResponse/r11:Identifier", cr)).isEqualTo(id);
      String term =
          Envelopes.envelope(
              rm,
              addressing(rm + "/TerminateSequence"),
              "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier><r:LastMsgNumber>"
                  + (next - 1) + "</r:LastMsgNumber></r:TerminateSequence>");
      assertThat(post(term)).isEqualTo(202);
      String tr = client.awaitAction(rm + "/TerminateSequenceResponse", Duration.ofSeconds(30));
      assertThat(client.x("//r11:TerminateSequenceResponse/r11:Identifier", tr)).isEqualTo(id);
      return;
    }
    String last =
        Envelopes.envelope(
            rm, Envelopes.sequence(id, next++, true) + addressing(rm + "/LastMessage"), "");
    assertThat(post(last)).isEqualTo(202);
    client.await(
        m -> offer.equals(client.x("//r10:Sequence/r10:Identifier", m))
            && client.x("count(//r10:Sequence/r10:LastMessage)", m).equals("1"),
        Duration.ofSeconds(30));
    String term =
        Envelopes.envelope(
            rm,
            addressing(rm + "/TerminateSequence"),
            "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>");
    assertThat(post(term)).isEqualTo(202);
    String t = client.awaitAction(rm + "/TerminateSequence", Duration.ofSeconds(30));
    assertThat(client.x("//r10:TerminateSequence/r10:Identifier", t)).isEqualTo(offer);
  }
}
