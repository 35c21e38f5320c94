package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.codec.EnvelopeReader;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RM Destination of a duplex session, with a fake one-way service that calls back once per
 * message: everything for the client is queued (202 on the HTTP response), callbacks are numbered in
 * the offered Sequence, and a session whose client never drains its queue is refused new messages.
 */
class DuplexEngineTest {
  private static final String CLIENT = "http://127.0.0.1:9/client/";

  private final InMemoryRmStore store = new InMemoryRmStore();
  private final InMemoryOutboundStore outbound = new InMemoryOutboundStore();
  private final ApplicationInvoker echo =
      new ApplicationInvoker() {
        @Override
        public boolean isDuplex(String endpoint) {
          return true;
        }

        @Override
        public boolean supports(String endpoint, String action) {
          return true;
        }

        @Override
        public ApplicationReply invoke(Invocation invocation) {
          invocation.callbacks().send("urn:callback", "<Echo xmlns=\"urn:x\"/>".getBytes(StandardCharsets.UTF_8));
          return null;
        }
      };
  private final RmSettings settings = new RmSettings(600_000, 8, 1_000, 8, 4);
  private final ProtocolDispatcher dispatcher =
      new RmEngine(store, outbound, echo, settings, Clock.systemUTC()).dispatcher();

  private Answer post(String xml) {
    return dispatcher.dispatch(
        new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), "/d", TO);
  }

  private String open() {
    String cs =
        createSequence(RM10, "urn:uuid:offer", "urn:uuid:c").replace(ANON, CLIENT);
    assertThat(post(cs)).isInstanceOf(Answer.Accepted.class);
    return store.sequences.keySet().iterator().next();
  }

  private String op(String seq, long n) {
    return calc(RM10, seq, n, "Add", "1", "1").replace(ANON, CLIENT);
  }

  @Test
  void everythingForTheClientIsQueuedAndCallbacksAreNumbered() {
    String seq = open();
    assertThat(post(op(seq, 1))).isInstanceOf(Answer.Accepted.class);
    assertThat(outbound.messages.values())
        .extracting(OutboundMessage::action)
        .containsExactly(RM10 + "/CreateSequenceResponse", "urn:callback", RM10 + "/SequenceAcknowledgement");
    OutboundMessage callback = outbound.messages.values().stream().filter(OutboundMessage::isSequenced).findFirst().orElseThrow();
    assertThat(callback.sequenceId()).isEqualTo("urn:uuid:offer");
    assertThat(callback.messageNumber()).isEqualTo(1);
    assertThat(callback.to()).isEqualTo(CLIENT);
  }

  @Test
  void aSessionWhoseQueueIsFullIsRefusedNewMessagesUntilItDrains() {
    String seq = open();
    post(op(seq, 1));
    post(op(seq, 2)); // queue: CSR, 2 callbacks, 2 acks = 5 >= 4
    assertThatThrownBy(() -> post(op(seq, 3)))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.CALLBACK_QUEUE_FULL));
    List<Long> unsequenced =
        outbound.messages.values().stream().filter(m -> !m.isSequenced()).map(OutboundMessage::id).toList();
    unsequenced.forEach(outbound::delete); // delivered
    String ack =
        envelope(
            RM10,
            "<r:SequenceAcknowledgement><r:Identifier>urn:uuid:offer</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"2\"/></r:SequenceAcknowledgement>"
                + addressing(RM10 + "/SequenceAcknowledgement", null),
            "");
    post(ack);
    assertThat(outbound.messages).isEmpty();
    assertThat(post(op(seq, 3))).isInstanceOf(Answer.Accepted.class);
  }

  private Answer acknowledgeFirstCallback(int bufferRemaining) {
    return post(
        envelope(
            RM10,
            "<r:SequenceAcknowledgement><r:Identifier>urn:uuid:offer</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/>"
                + "<netrm:BufferRemaining xmlns:netrm=\"http://schemas.microsoft.com/ws/2006/05/rm\">"
                + bufferRemaining
                + "</netrm:BufferRemaining></r:SequenceAcknowledgement>"
                + addressing(RM10 + "/SequenceAcknowledgement", null),
            ""));
  }

  /**
   * WCF flow control: a callback the sender held back because the client's buffer was full goes as
   * soon as an acknowledgement advertises room, not at the sender's next look a retry interval later.
   */
  @Test
  void aHeldCallbackIsDueAgainOnceTheClientAdvertisesRoom() {
    String seq = open();
    post(op(seq, 1));
    post(op(seq, 2));
    OutboundMessage second =
        outbound.messages.values().stream()
            .filter(m -> m.isSequenced() && m.messageNumber() == 2)
            .findFirst()
            .orElseThrow();
    java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
    outbound.update(second.heldUntil(later)); // as the sender does when the buffer is full

    acknowledgeFirstCallback(0); // no room yet
    assertThat(outbound.find(second.id()).orElseThrow().held()).isTrue();
    assertThat(outbound.find(second.id()).orElseThrow().nextAttemptAt()).isEqualTo(later);

    java.time.Instant before = java.time.Instant.now();
    acknowledgeFirstCallback(1);
    OutboundMessage released = outbound.find(second.id()).orElseThrow();
    assertThat(released.held()).isFalse();
    assertThat(released.nextAttemptAt()).isBetween(before, java.time.Instant.now());
    assertThat(released.attempts()).isZero();
  }

  private static final String MC =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=6f1c2a9e-8a53-4d0e-9d4b-2b1f0c8e7d11";

  private String poll() {
    return envelope(
        RM11,
        addressing("http://docs.oasis-open.org/ws-rx/wsmc/200702/MakeConnection", "urn:uuid:p"),
        "<mc:MakeConnection xmlns:mc=\"http://docs.oasis-open.org/ws-rx/wsmc/200702\"><mc:Address>"
            + MC
            + "</mc:Address></mc:MakeConnection>");
  }

  private static String text(Answer a) {
    assertThat(a).isInstanceOf(Answer.Reply.class);
    return new String(
        new dev.tandem.codec.EnvelopeWriter().write(((Answer.Reply) a).envelope()),
        StandardCharsets.UTF_8);
  }

  @Test
  void aClientWithoutOfferGetsTandemsCreateSequenceOnAPollAndCallbacksOnceItAnswers() {
    Answer created = post(createSequence(RM11, null, "urn:uuid:c").replace(ANON, MC));
    String seq = store.sequences.keySet().iterator().next();
    assertThat(text(created)).contains("CreateSequenceResponse").contains(seq);
    assertThat(post(calc(RM11, seq, 1, "Add", "1", "1").replace(ANON, MC)))
        .isInstanceOf(Answer.Reply.class); // its acknowledgement, on the back channel

    // The first poll carries Tandem's CreateSequence (ReplyTo/AcksTo: Tandem), not the callback.
    String cs = text(post(poll()));
    assertThat(cs)
        .contains("<r:CreateSequence xmlns:r=")
        .contains("pending=\"false\"") // the callback cannot go before the answer
        .contains("<a:MessageID>" + seq + "</a:MessageID>")
        .contains("<a:ReplyTo><a:Address>" + TO + "</a:Address></a:ReplyTo>")
        .doesNotContain("<r:Offer>");
    assertThat(post(poll())).isInstanceOf(Answer.Park.class); // the callback waits for the answer

    String csr =
        envelope(
            RM11,
            addressing(RM11 + "/CreateSequenceResponse", "urn:uuid:r")
                + "<a:RelatesTo>" + seq + "</a:RelatesTo>",
            "<r:CreateSequenceResponse><r:Identifier>urn:uuid:client-made</r:Identifier>"
                + "</r:CreateSequenceResponse>");
    assertThat(post(csr)).isInstanceOf(Answer.Accepted.class);
    assertThat(post(csr)).isInstanceOf(Answer.Accepted.class); // a retransmitted response

    String callback = text(post(poll()));
    assertThat(callback)
        .contains("<r:Identifier>urn:uuid:client-made</r:Identifier>")
        .contains("<r:MessageNumber>1</r:MessageNumber>")
        .contains("urn:callback");
    assertThat(outbound.messages.values())
        .noneMatch(m -> m.kind() == OutboundMessage.Kind.CREATE_SEQUENCE);
  }

  @Test
  void aCreateSequenceResponseRelatingToNothingIsAnInvalidAddressingHeader() {
    String csr =
        envelope(
            RM11,
            addressing(RM11 + "/CreateSequenceResponse", "urn:uuid:r")
                + "<a:RelatesTo>urn:uuid:nothing</a:RelatesTo>",
            "<r:CreateSequenceResponse><r:Identifier>urn:uuid:x</r:Identifier>"
                + "</r:CreateSequenceResponse>");
    assertThatThrownBy(() -> post(csr))
        .isInstanceOfSatisfying(
            RmFaultException.class,
            e -> assertThat(e.fault()).isEqualTo(RmFault.INVALID_ADDRESSING_HEADER));
  }
}
