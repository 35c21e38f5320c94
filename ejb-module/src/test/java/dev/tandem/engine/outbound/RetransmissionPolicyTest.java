package dev.tandem.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.session.SourceSequence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RM Source rules: back-off, retry budget and WCF flow control (BufferRemaining). */
class RetransmissionPolicyTest {
  private final RetransmissionPolicy source = new RetransmissionPolicy(1_000, 8);

  private static OutboundMessage callback(long number, int attempts) {
    return new OutboundMessage(
        number, "urn:uuid:s", "urn:uuid:o", number, false, "http://client/", "a", null, new byte[0],
        OutboundMessage.Kind.APPLICATION, attempts, Instant.EPOCH);
  }

  @Test
  void backOffDoublesUpToAMinute() {
    assertThat(source.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(source.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(source.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(source.backoff(30)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void backOffCanStartFromTheMeasuredRoundTrip() {
    assertThat(source.backoff(1, 120)).isEqualTo(Duration.ofMillis(120));
    assertThat(source.backoff(3, 120)).isEqualTo(Duration.ofMillis(480));
  }

  @Test
  void theRetryBudgetIsWcfsMaxRetryCount() {
    assertThat(source.exhausted(callback(1, 7))).isFalse();
    assertThat(source.exhausted(callback(1, 8))).isTrue();
  }

  @Test
  void aMessageOutsideAnySequenceIsAbandonedAfterTheBudgetWithoutEndingItsSession() {
    OutboundMessage ack =
        new OutboundMessage(
            9, "urn:uuid:s", null, 0, false, "http://client/", "ack", null, new byte[0],
            OutboundMessage.Kind.UNSEQUENCED, 8, Instant.EPOCH);
    assertThat(source.exhausted(ack)).as("does not end the session").isFalse();
    assertThat(source.abandoned(ack)).isTrue();
    assertThat(source.abandoned(withAttempts(ack, 7))).isFalse();
    assertThat(source.abandoned(callback(1, 8))).as("a callback ends its session instead").isFalse();
  }

  private static OutboundMessage withAttempts(OutboundMessage m, int attempts) {
    return new OutboundMessage(
        m.id(), m.sessionId(), m.sequenceId(), m.messageNumber(), m.lastMessage(), m.to(), m.action(),
        m.relatesTo(), m.body(), m.kind(), attempts, m.nextAttemptAt());
  }

  @Test
  void callbacksWaitWhileTheClientsBufferIsFull() {
    SourceSequence s = SourceSequence.offered("urn:uuid:o");
    assertThat(source.mayTransmit(callback(5, 0), s)).as("no advertisement: no limit").isTrue();
    s.acknowledge(AcknowledgementRanges.of(List.of(new AcknowledgementRange(1, 2))), 0);
    assertThat(source.mayTransmit(callback(3, 0), s)).isFalse();
    s.acknowledge(AcknowledgementRanges.empty(), 2);
    assertThat(source.mayTransmit(callback(4, 0), s)).isTrue();
    assertThat(source.mayTransmit(callback(5, 0), s)).isFalse();
  }
}
