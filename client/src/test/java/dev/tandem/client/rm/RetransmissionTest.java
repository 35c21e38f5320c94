package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * RmSource against a JDK HttpServer playing a WS-RM Destination that loses responses: the client
 * must retransmit the same message (same MessageID and MessageNumber) with back-off until a reply
 * arrives on an HTTP response.
 */
class RetransmissionTest {
  private static final String CALC = "http://Microsoft.ServiceModel.Samples";
  private static final RmVersion RM = RmVersion.RM10;

  private HttpServer server;
  private URI endpoint;
  private final List<Message> seen = new CopyOnWriteArrayList<>();
  private final Map<Long, AtomicInteger> transmissions = new ConcurrentHashMap<>();
  /** How many transmissions of each application message get an empty 202 before the reply. */
  private volatile int drop = 1;
  private volatile boolean fault;
  private volatile String offered;
  private final AtomicInteger replyNumber = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/service.svc", this::handle);
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/service.svc");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] in;
    try (InputStream is = x.getRequestBody()) {
      in = is.readAllBytes();
    }
    Message m = Message.parse(in);
    seen.add(m);
    Envelope reply = Envelope.create(RM);
    String action = m.action();
    if (RM.action("CreateSequence").equals(action)) {
      offered = Message.text(Message.child(Message.child(m.payload(), RM.ns(), "Offer"), RM.ns(), "Identifier"));
      reply.addressing(RM.action("CreateSequenceResponse"), null, null, Ns.ANONYMOUS);
      relatesTo(reply, m);
      Element csr = reply.rm(reply.body(), "CreateSequenceResponse");
      reply.rm(csr, "Identifier", "urn:uuid:stub");
      reply.epr(reply.rm(csr, "Accept"), RM.ns(), "r:AcksTo", endpoint.toString());
    } else if (RM.action("LastMessage").equals(action) || RM.action("TerminateSequence").equals(action)) {
      long n = m.sequence(RM).map(Message.Sequence::number).orElse(0L);
      reply.sequenceAcknowledgement("urn:uuid:stub", List.of(new long[] {1, Math.max(1, n)}), false);
      reply.addressing(action, null, null, Ns.ANONYMOUS);
      relatesTo(reply, m);
      if (RM.action("TerminateSequence").equals(action)) {
        reply.rm(reply.rm(reply.body(), "TerminateSequence"), "Identifier", offered);
      }
    } else {
      long n = m.sequence(RM).orElseThrow().number();
      int count = transmissions.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
      if (count <= drop) {
        x.sendResponseHeaders(202, -1);
        x.close();
        return;
      }
      if (fault) {
        Element f = reply.element(reply.body(), Ns.SOAP, "s:Fault");
        Element code = reply.element(f, Ns.SOAP, "s:Code");
        reply.element(code, Ns.SOAP, "s:Value", "s:Receiver");
        reply.element(reply.element(f, Ns.SOAP, "s:Reason"), Ns.SOAP, "s:Text", "boom");
        send(x, 500, reply);
        return;
      }
      reply.sequence(offered, replyNumber.incrementAndGet(), false);
      reply.sequenceAcknowledgement("urn:uuid:stub", List.of(new long[] {1, n}), false);
      reply.addressing(action + "Response", null, null, Ns.ANONYMOUS);
      relatesTo(reply, m);
      Element r = reply.element(reply.body(), CALC, "AddResponse");
      r.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", CALC);
      reply.element(r, CALC, "AddResult", "115.99");
    }
    send(x, 200, reply);
  }

  private static void relatesTo(Envelope e, Message request) {
    e.element(e.header(), Ns.WSA, "a:RelatesTo", request.messageId());
  }

  private static void send(HttpExchange x, int status, Envelope e) throws IOException {
    byte[] out = e.toBytes();
    x.getResponseHeaders().set("Content-Type", "application/soap+xml; charset=utf-8");
    x.sendResponseHeaders(status, out.length);
    try (OutputStream os = x.getResponseBody()) {
      os.write(out);
    }
  }

  private RmSource source(int attempts) {
    return new RmSource(
        new HttpTransport(null, null),
        endpoint,
        RM,
        Ns.ANONYMOUS,
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), attempts),
        Duration.ofSeconds(5));
  }

  private static RmSource.BodyWriter add() {
    return (e, body) -> {
      Element w = e.element(body, CALC, "Add");
      e.element(w, CALC, "n1", "100");
      e.element(w, CALC, "n2", "15.99");
    };
  }

  private List<Message> applicationMessages(long n) {
    return seen.stream()
        .filter(m -> m.sequence(RM).filter(s -> s.number() == n && !s.last()).isPresent())
        .filter(m -> (CALC + "/ICalculator/Add").equals(m.action()))
        .toList();
  }

  @Test
  void aLostResponseIsRetransmittedUntilTheReplyArrives() throws Exception {
    RmSource s = source(5);
    assertThat(s.open()).isEqualTo("urn:uuid:stub");

    long t0 = System.nanoTime();
    Message reply = s.request(CALC + "/ICalculator/Add", add());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reply.payloadText(CALC, "AddResult")).isEqualTo("115.99");
    assertThat(ms).isGreaterThanOrEqualTo(90);

    List<Message> sent = applicationMessages(1);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).messageId()).isEqualTo(sent.get(0).messageId());
    assertThat(sent.get(0).headerElement(RM.ns(), "AckRequested")).isNotNull();
    assertThat(s.isAcked(1)).isTrue();

    // The second request acknowledges the reply it got (offered sequence, message 1).
    drop = 0;
    s.request(CALC + "/ICalculator/Add", add());
    Message second = applicationMessages(2).get(0);
    Message.Ack ack = second.acks(RM).get(0);
    assertThat(ack.id()).isEqualTo(s.offeredId());
    assertThat(ack.covers(1)).isTrue();

    s.close();
    assertThat(seen.stream().map(Message::action))
        .contains(RM.action("LastMessage"), RM.action("TerminateSequence"));
    Message last = seen.stream().filter(m -> RM.action("LastMessage").equals(m.action())).findFirst().orElseThrow();
    assertThat(last.sequence(RM).orElseThrow()).isEqualTo(new Message.Sequence("urn:uuid:stub", 3, true));
    assertThat(last.acks(RM).get(0).covers(2)).isTrue();
  }

  @Test
  void givesUpAfterMaxAttemptsWithBackOff() throws Exception {
    RmSource s = source(3);
    s.open();
    drop = Integer.MAX_VALUE;
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> s.request(CALC + "/ICalculator/Add", add()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("after 3 transmissions");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(applicationMessages(1)).hasSize(3);
    assertThat(ms).isGreaterThanOrEqualTo(100 + 200 + 400 - 30);
  }

  @Test
  void aFaultEndsTheExchange() throws Exception {
    RmSource s = source(5);
    s.open();
    drop = 0;
    fault = true;
    assertThatThrownBy(() -> s.request(CALC + "/ICalculator/Add", add()))
        .isInstanceOf(ServiceFaultException.class)
        .hasMessageContaining("s:Receiver: boom");
  }

  @Test
  void anUnreachableServiceIsATransportFailure() {
    server.stop(0);
    RmSource s = source(2);
    assertThatThrownBy(s::open).isInstanceOf(TransportException.class).hasMessageContaining("CreateSequence");
  }
}
