package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbering and acknowledgements of the client's own Sequence. */
class OutboundSequenceTest {

  @Test
  void numbersStartAtOneOnceTheSequenceIsCreated() {
    OutboundSequence s = new OutboundSequence();
    assertThatThrownBy(s::next).isInstanceOf(IllegalStateException.class).hasMessage("open() first");
    s.created("urn:uuid:s");
    assertThat(s.next()).isEqualTo(1);
    assertThat(s.next()).isEqualTo(2);
    assertThat(s.lastNumber()).isEqualTo(2);
    assertThat(s.isResumed()).isFalse();
    assertThat(s.lastMessageWritten()).isFalse();
  }

  @Test
  void aRestoredSequenceNumbersOnAfterTheStoredLastNumber() {
    OutboundSequence s = new OutboundSequence();
    s.restore("urn:uuid:s", 7, true);
    assertThat(s.id()).isEqualTo("urn:uuid:s");
    assertThat(s.next()).isEqualTo(8);
    assertThat(s.isResumed()).isTrue();
    assertThat(s.lastMessageWritten()).isTrue();
  }

  @Test
  void onlyAssignedNumbersOfThisSequenceAreAcknowledged() {
    OutboundSequence s = new OutboundSequence();
    s.created("urn:uuid:s");
    s.next();
    s.next();
    s.next();
    s.acknowledge(new Message.Ack("urn:uuid:other", List.of(new long[] {1, 3}), false));
    assertThat(s.isAcked(1)).isFalse();

    // An acknowledgement cannot cover what was not sent: 0 and 4..10 are ignored.
    s.acknowledge(new Message.Ack("urn:uuid:s", List.of(new long[] {0, 1}, new long[] {3, 10}), false));
    assertThat(s.isAcked(0)).isFalse();
    assertThat(s.isAcked(1)).isTrue();
    assertThat(s.isAcked(2)).isFalse();
    assertThat(s.isAcked(3)).isTrue();
    assertThat(s.isAcked(4)).isFalse();
    s.next();
    assertThat(s.isAcked(4)).isFalse();
  }

  @Test
  void beforeTheSequenceIsCreatedNothingIsAcknowledged() {
    OutboundSequence s = new OutboundSequence();
    s.acknowledge(new Message.Ack("urn:uuid:s", List.of(new long[] {1, 1}), false));
    assertThat(s.isAcked(1)).isFalse();
  }
}
