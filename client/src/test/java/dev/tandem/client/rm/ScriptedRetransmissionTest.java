package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@link Retransmission} driven by scripted transmissions instead of HTTP: the retry budget, TLS
 * failures, and when a fault ends the exchange as done. ({@link RetransmissionTest} runs the RM
 * Source against a lossy HTTP server.)
 */
class ScriptedRetransmissionTest {
  private static final RmVersion RM = RmVersion.RM11;
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:1/service.svc");

  private final Inbox inbox = new Inbox(RM, new OutboundSequence());

  private Retransmission retransmission(int attempts) {
    return new Retransmission(
        new HttpTransport(null, null),
        ENDPOINT,
        new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(20), attempts),
        Duration.ofSeconds(1),
        inbox);
  }

  /** Answers each transmission with the next response of {@code script}, then with empty 202s. */
  private static Retransmission.Transmission script(HttpTransport.Response... script) {
    Deque<HttpTransport.Response> left = new ArrayDeque<>(java.util.List.of(script));
    return () -> left.isEmpty() ? new HttpTransport.Response(202, null) : left.poll();
  }

  private static HttpTransport.Response reply(String relatesTo) throws IOException {
    Envelope e = Envelope.create(RM).addressing("urn:test:Reply", null, null, Ns.ANONYMOUS);
    e.element(e.header(), Ns.WSA, "a:RelatesTo", relatesTo);
    return new HttpTransport.Response(200, Message.parse(e.toBytes()));
  }

  private static HttpTransport.Response fault() throws IOException {
    Envelope e = Envelope.create(RM).addressing(Ns.WSA + "/fault", null, null, Ns.ANONYMOUS);
    Element f = e.element(e.body(), Ns.SOAP, "s:Fault");
    e.element(e.element(f, Ns.SOAP, "s:Code"), Ns.SOAP, "s:Value", "s:Sender");
    e.element(e.element(f, Ns.SOAP, "s:Reason"), Ns.SOAP, "s:Text", "unknown sequence");
    return new HttpTransport.Response(500, Message.parse(e.toBytes()));
  }

  @Test
  void retransmitsUntilTheAnswerArrivesOnAResponse() throws Exception {
    Retransmission r = retransmission(5);
    HttpTransport.Response empty = new HttpTransport.Response(202, null);
    r.exchange("Ping", script(empty, empty, reply("urn:uuid:ping")), () -> inbox.hasReply("urn:uuid:ping"), 0);
    assertThat(r.transmissions()).isEqualTo(3);
  }

  @Test
  void givesUpAfterTheBudgetWithTheLastIoErrorAsCause() {
    Retransmission r = retransmission(3);
    assertThatThrownBy(() -> r.exchange("Ping", () -> {
          throw new IOException("refused");
        }, () -> false, 0))
        .isInstanceOf(TransportException.class)
        .hasMessage("no answer to Ping from " + ENDPOINT + " after 3 transmissions (java.io.IOException: refused)")
        .hasCauseInstanceOf(IOException.class);
    assertThat(r.transmissions()).isEqualTo(3);
  }

  @Test
  void aTlsFailureIsNotRetransmitted() {
    Retransmission r = retransmission(5);
    assertThatThrownBy(() -> r.exchange("Ping", () -> {
          throw new IOException("handshake", new SSLHandshakeException("PKIX path building failed"));
        }, () -> false, 0))
        .isInstanceOf(TransportException.class)
        .hasMessage("TLS failure talking to " + ENDPOINT + ": PKIX path building failed");
    assertThat(r.transmissions()).isEqualTo(1);
  }

  @Test
  void aFaultEndsTheExchangeWithServiceFaultException() throws Exception {
    Retransmission r = retransmission(5);
    HttpTransport.Response fault = fault();
    assertThatThrownBy(() -> r.exchange("Ping", script(fault), () -> false, 0))
        .isInstanceOf(ServiceFaultException.class)
        .hasMessage("SOAP fault: s:Sender: unknown sequence");
  }

  @Test
  void aFaultOnTheFirstTransmissionIsAFaultEvenWhenRetransmissionsMayFault() throws Exception {
    Retransmission r = retransmission(5);
    HttpTransport.Response fault = fault();
    assertThatThrownBy(() -> r.exchange("TerminateSequence", script(fault), () -> false, 2))
        .isInstanceOf(ServiceFaultException.class);
  }

  @Test
  void aFaultOnARetransmissionCountsAsDoneFromTheGivenTransmissionAndIsForgotten() throws Exception {
    Retransmission r = retransmission(5);
    r.exchange("TerminateSequence", script(new HttpTransport.Response(202, null), fault()), () -> false, 2);
    assertThat(r.transmissions()).isEqualTo(2);
    // The fault is cleared: waiting again does not throw it.
    assertThat(inbox.await(() -> true, Duration.ofMillis(10))).isTrue();
  }
}
