package dev.tandem.rm.model;

import dev.tandem.rm.session.DestinationSequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequenceStateTest {

  @Test
  void activeClosesAndTerminates() {
    assertThat(SequenceState.ACTIVE.acceptsNewMessages()).isTrue();
    assertThat(SequenceState.ACTIVE.close()).isEqualTo(SequenceState.CLOSED);
    assertThat(SequenceState.ACTIVE.terminate()).isEqualTo(SequenceState.TERMINATED);
  }

  @Test
  void closedAcceptsNoNewNumbersButMayCloseAgainAndTerminate() {
    assertThat(SequenceState.CLOSED.acceptsNewMessages()).isFalse();
    assertThat(SequenceState.CLOSED.close()).isEqualTo(SequenceState.CLOSED);
    assertThat(SequenceState.CLOSED.terminate()).isEqualTo(SequenceState.TERMINATED);
  }

  @Test
  void terminatedIsFinal() {
    assertThat(SequenceState.TERMINATED.acceptsNewMessages()).isFalse();
    assertThat(SequenceState.TERMINATED.terminate()).isEqualTo(SequenceState.TERMINATED);
    assertThatThrownBy(SequenceState.TERMINATED::close).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deliveryMustBeInOrder() {
    DestinationSequence s =
        new DestinationSequence("urn:uuid:s", RmVersion.WSRM_1_1, "a", "/service.svc", Instant.EPOCH);
    s.markDelivered(1);
    assertThatThrownBy(() -> s.markDelivered(3)).isInstanceOf(IllegalStateException.class);
    s.markDelivered(2);
    assertThat(s.deliveredUpTo()).isEqualTo(2);
    s.close(2);
    assertThat(s.state()).isEqualTo(SequenceState.CLOSED);
    assertThat(s.lastMessageNumber()).isEqualTo(2);
  }
}
