package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeReader;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** InactivityTimeout: an idle Sequence is terminated, an active one is not. */
class InactivityTimeoutTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final MetroApplicationInvoker app = new MetroApplicationInvoker();
  private final RmEngine engine = new RmEngine(store, new InMemoryOutboundStore(), app, new RmSettings(60_000, 8), clock);
  private final ProtocolDispatcher dispatcher = engine.dispatcher();

  private Answer post(String xml) {
    return dispatcher.dispatch(
        new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), "/service.svc", TO);
  }

  private String create() {
    post(createSequence(RM10, "urn:uuid:idle-offer", "urn:uuid:c"));
    return store.sequences.keySet().iterator().next();
  }

  @Test
  void idleSequencesAreTerminatedAndThenFault() {
    String seq = create();
    now = now.plus(Duration.ofSeconds(59));
    assertThat(engine.lifecycle().expire(seq)).isFalse();
    post(calc(RM10, seq, 1, "Add", "1", "1"));
    now = now.plus(Duration.ofSeconds(59));
    assertThat(store.findInactive(now.minusMillis(60_000), 10)).isEmpty();
    assertThat(engine.lifecycle().expire(seq)).isFalse();
    now = now.plus(Duration.ofSeconds(2));
    assertThat(store.findInactive(now.minusMillis(60_000), 10)).containsExactly(seq);
    assertThat(engine.lifecycle().expire(seq)).isTrue();
    assertThat(store.sequences.get(seq).inbound().state()).isEqualTo(SequenceState.TERMINATED);
    assertThat(store.messages).isEmpty();
    assertThatThrownBy(() -> post(calc(RM10, seq, 2, "Add", "1", "1")))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.SEQUENCE_TERMINATED));
  }
}
