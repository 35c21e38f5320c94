package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.client.store.ClientStore;
import dev.tandem.client.store.MvClientStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * A client that dies with a request unanswered resumes its Sequence from a durable store: a stub
 * RM Destination (Feb 2005) runs each MessageNumber once and answers a retransmission with the stored
 * reply; the first client loses the reply of message 2 (as if killed), a second client on the same
 * store retransmits message 2 byte for byte, continues with message 3 and ends the Sequence.
 */
class ResumeTest {
  private static final String CALC = "http://Microsoft.ServiceModel.Samples";
  private static final String ADD = CALC + "/ICalculator/Add";
  private static final RmVersion RM = RmVersion.RM10;

  @TempDir Path dir;
  private HttpServer server;
  private URI endpoint;
  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final Map<Long, byte[]> replies = new ConcurrentHashMap<>();
  private final AtomicInteger executions = new AtomicInteger();
  private final AtomicInteger replyNumber = new AtomicInteger();
  private volatile String offered;
  /** While set, the reply to this MessageNumber is lost (202) after the operation ran. */
  private volatile long lose = -1;

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
    received.add(in);
    Message m = Message.parse(in);
    Envelope reply = Envelope.create(RM);
    String action = m.action();
    if (RM.action("CreateSequence").equals(action)) {
      offered = Message.text(Message.child(Message.child(m.payload(), RM.ns(), "Offer"), RM.ns(), "Identifier"));
      reply.addressing(RM.action("CreateSequenceResponse"), null, null, Ns.ANONYMOUS);
      reply.element(reply.header(), Ns.WSA, "a:RelatesTo", m.messageId());
      Element csr = reply.rm(reply.body(), "CreateSequenceResponse");
      reply.rm(csr, "Identifier", "urn:uuid:stub");
      send(x, reply.toBytes());
      return;
    }
    if (RM.action("TerminateSequence").equals(action) || RM.action("LastMessage").equals(action)) {
      long n = m.sequence(RM).map(Message.Sequence::number).orElse(0L);
      reply.sequenceAcknowledgement("urn:uuid:stub", List.of(new long[] {1, Math.max(1, n)}), false);
      reply.addressing(action, null, null, Ns.ANONYMOUS);
      reply.element(reply.header(), Ns.WSA, "a:RelatesTo", m.messageId());
      send(x, reply.toBytes());
      return;
    }
    long n = m.sequence(RM).orElseThrow().number();
    byte[] out =
        replies.computeIfAbsent(
            n,
            k -> {
              // WS-RM exactly-once: the operation runs for the first copy only; copies get this reply.
              executions.incrementAndGet();
              reply.sequence(offered, replyNumber.incrementAndGet(), false);
              reply.sequenceAcknowledgement("urn:uuid:stub", List.of(new long[] {1, k}), false);
              reply.addressing(ADD + "Response", null, null, Ns.ANONYMOUS);
              reply.element(reply.header(), Ns.WSA, "a:RelatesTo", m.messageId());
              Element r = reply.element(reply.body(), CALC, "AddResponse");
              reply.element(r, CALC, "AddResult", "result-" + k);
              return reply.toBytes();
            });
    if (n == lose) {
      x.sendResponseHeaders(202, -1);
      x.close();
      return;
    }
    send(x, out);
  }

  private static void send(HttpExchange x, byte[] out) throws IOException {
    x.getResponseHeaders().set("Content-Type", "application/soap+xml; charset=utf-8");
    x.sendResponseHeaders(200, out.length);
    try (OutputStream os = x.getResponseBody()) {
      os.write(out);
    }
  }

  private RmSource source(ClientStore store, int attempts) {
    return new RmSource(
        new HttpTransport(null, null), endpoint, RM, Ns.ANONYMOUS,
        new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), attempts), Duration.ofSeconds(5), store);
  }

  private static RmSource.BodyWriter add(long i) {
    return (e, body) -> e.element(e.element(body, CALC, "Add"), CALC, "n1", Long.toString(i));
  }

  private static final RmSource.ResultReader RESULT = (n, reply) -> n + ": " + reply.payloadText(CALC, "AddResult");

  private List<Message> copiesOf(long n) {
    return received.stream()
        .map(b -> { try { return Message.parse(b); } catch (IOException e) { throw new AssertionError(e); } })
        .filter(m -> ADD.equals(m.action()) && m.sequence(RM).orElseThrow().number() == n)
        .toList();
  }

  @Test
  void aRestartedClientRetransmitsTheStoredMessageAndFinishesTheSequence() throws Exception {
    try (ClientStore store = MvClientStore.open(dir)) {
      RmSource first = source(store, 2);
      first.open("test");
      first.request(ADD, add(1), RESULT);
      lose = 2;
      // The "killed" client: message 2 ran on the service but its reply never arrived.
      assertThatThrownBy(() -> first.request(ADD, add(2), RESULT)).isInstanceOf(TransportException.class);
    }
    lose = -1;
    byte[] firstCopy = received.get(received.size() - 1);

    try (ClientStore store = MvClientStore.open(dir)) {
      RmSource second = source(store, 3);
      assertThat(second.resume("test", RESULT)).isEqualTo(1);
      assertThat(second.sequenceId()).isEqualTo("urn:uuid:stub");
      assertThat(second.lastNumber()).isEqualTo(2);
      // Retransmitted as stored: same bytes, so same MessageNumber and MessageID.
      assertThat(received.get(received.size() - 1)).isEqualTo(firstCopy);
      assertThat(copiesOf(2)).extracting(Message::messageId).containsOnly(copiesOf(2).get(0).messageId());
      assertThat(store.results()).containsExactly(Map.entry(1L, "1: result-1"), Map.entry(2L, "2: result-2"));

      second.request(ADD, add(3), RESULT);
      Message third = copiesOf(3).get(0);
      // It acknowledges the replies received before the restart (offered Sequence 1..3).
      assertThat(third.acks(RM).get(0).covers(1)).isTrue();
      assertThat(third.acks(RM).get(0).covers(2)).isTrue();
      second.close();
      assertThat(store.sequence()).isEmpty();
      assertThat(store.results()).isEmpty();
    }
    assertThat(executions).hasValue(3);
    Message last = received.stream().map(b -> { try { return Message.parse(b); } catch (IOException e) { throw new AssertionError(e); } })
        .filter(m -> RM.action("LastMessage").equals(m.action())).findFirst().orElseThrow();
    assertThat(last.sequence(RM).orElseThrow().number()).isEqualTo(4);
  }

  @Test
  void aStoreOfAnotherRunIsRefused() throws Exception {
    try (ClientStore store = MvClientStore.open(dir)) {
      source(store, 2).open("calculator count=2");
    }
    try (ClientStore store = MvClientStore.open(dir)) {
      assertThatThrownBy(() -> source(store, 2).resume("calculator count=3", RESULT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("calculator count=2");
      assertThatThrownBy(() -> source(store, 2).open("calculator count=3")).isInstanceOf(IllegalStateException.class);
    }
  }
}
