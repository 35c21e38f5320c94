package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A request-reply session (the reliable calculator) whose client is reachable only by
 * WS-MakeConnection, as Metro's MakeConnection client is: each reply goes out on its request's HTTP
 * response and, should that response be lost, is retransmitted on a MakeConnection poll until the
 * client acknowledges it in the offered Sequence (WS-RM 1.1 §2.4, WS-MC 1.1 §3.1).
 */
class MakeConnectionReplyRetransmissionTest {
  private static final String MC_NS = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  private static final String MC = MC_NS + "/anonymous?id=6f1c2a64-3d1e-4c55-9b7e-0c8f3f7d2a11";
  private static final String OFFER = "urn:uuid:mc-offer";

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final InMemoryOutboundStore outbound = new InMemoryOutboundStore();
  private final MetroApplicationInvoker calculator = new MetroApplicationInvoker();
  /** Retransmission after 1 s (WCF's default first interval). */
  private final RmSettings settings = new RmSettings(600_000, 8, 1_000, 8);
  private final ProtocolDispatcher dispatcher =
      new RmEngine(store, outbound, calculator, settings, clock).dispatcher();

  private Answer post(String xml) {
    return dispatcher.dispatch(
        new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), "/service.svc", TO);
  }

  private String open() {
    Answer csr = post(createSequence(RM10, OFFER, "urn:uuid:cs").replace(ANON, MC));
    assertThat(csr).isInstanceOf(Answer.Reply.class);
    return store.sequences.keySet().iterator().next();
  }

  private Answer poll() {
    return post(
        envelope(
                RM10,
                addressing(MC_NS + "/MakeConnection", "urn:uuid:poll-" + now.toEpochMilli()),
                "<mc:MakeConnection><mc:Address>" + MC + "</mc:Address></mc:MakeConnection>")
            .replace(ANON, MC)
            .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC_NS + "\" "));
  }

  private Answer acknowledge(long upper) {
    return post(
        envelope(
            RM10,
            "<r:SequenceAcknowledgement><r:Identifier>" + OFFER + "</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upper + "\"/></r:SequenceAcknowledgement>"
                + addressing(RM10 + "/SequenceAcknowledgement", null).replace(ANON, MC),
            ""));
  }

  @Test
  void aReplyNotAcknowledgedIsRetransmittedOnAPollUntilAcknowledged() {
    String seq = open();
    Answer add = post(calc(RM10, seq, 1, "Add", "100", "15.99").replace(ANON, MC));
    // The reply travels on the request's HTTP response, as before.
    assertThat(add).isInstanceOf(Answer.Reply.class);
    OutboundEnvelope first = ((Answer.Reply) add).envelope();
    assertThat(first.action()).isEqualTo(CALC + "/ICalculator/AddResponse");

    // Within the retransmission interval a poll gets nothing: the reply may still be on its way.
    assertThat(poll()).isEqualTo(new Answer.Park(MC));

    // Unacknowledged after the interval: the same reply (number 1 of the offered Sequence, relating
    // to the Add) on the poll's response.
    now = now.plus(Duration.ofMillis(1_001));
    Answer retransmitted = poll();
    assertThat(retransmitted).isInstanceOf(Answer.Reply.class);
    OutboundEnvelope again = ((Answer.Reply) retransmitted).envelope();
    assertThat(again.action()).isEqualTo(first.action());
    assertThat(again.relatesTo()).isEqualTo("urn:uuid:m-" + seq + "-1");
    assertThat(again.sequence().identifier()).isEqualTo(OFFER);
    assertThat(again.sequence().messageNumber()).isEqualTo(1);
    assertThat(again.to()).isEqualTo(MC);
    assertThat(again.messagePending()).isFalse();

    // Once acknowledged it is never sent again.
    acknowledge(1);
    now = now.plus(Duration.ofMinutes(5));
    assertThat(poll()).isEqualTo(new Answer.Park(MC));
    assertThat(outbound.messages).isEmpty();
  }

  @Test
  void aClientThatNeverAcknowledgesItsRepliesIsRefusedOnceTooManyAreKept() {
    RmSettings two = new RmSettings(600_000, 8, 1_000, 8, 2);
    ProtocolDispatcher bounded =
        new RmEngine(store, outbound, calculator, two, clock).dispatcher();
    java.util.function.Function<String, Answer> send =
        xml ->
            bounded.dispatch(
                new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), "/service.svc", TO);
    send.apply(createSequence(RM10, OFFER, "urn:uuid:cs").replace(ANON, MC));
    String seq = store.sequences.keySet().iterator().next();
    send.apply(calc(RM10, seq, 1, "Add", "1", "2").replace(ANON, MC));
    send.apply(calc(RM10, seq, 2, "Add", "1", "2").replace(ANON, MC));
    assertThatThrownBy(() -> send.apply(calc(RM10, seq, 3, "Add", "1", "2").replace(ANON, MC)))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.CALLBACK_QUEUE_FULL));
    acknowledge(2);
    assertThat(send.apply(calc(RM10, seq, 3, "Add", "1", "2").replace(ANON, MC)))
        .isInstanceOf(Answer.Reply.class);
  }

  @Test
  void aClientWithThePlainAnonymousAddressGetsItsRepliesOnlyOnTheResponse() {
    Answer csr = post(createSequence(RM10, OFFER, "urn:uuid:cs"));
    assertThat(csr).isInstanceOf(Answer.Reply.class);
    String seq = store.sequences.keySet().iterator().next();
    assertThat(post(calc(RM10, seq, 1, "Add", "1", "2"))).isInstanceOf(Answer.Reply.class);
    assertThat(outbound.messages).isEmpty();
  }

  @Test
  void terminatingTheSessionDropsRetainedReplies() {
    String seq = open();
    post(calc(RM10, seq, 1, "Add", "1", "2").replace(ANON, MC));
    assertThat(outbound.messages).hasSize(1);
    post(terminate(RM10, seq, null).replace(ANON, MC));
    assertThat(outbound.messages).isEmpty();
  }
}
