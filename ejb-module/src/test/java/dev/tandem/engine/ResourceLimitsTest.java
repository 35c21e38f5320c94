package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.codec.EnvelopeReader;
import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RM Destination's resource limits: the open-Sequence cap (CreateSequenceRefused) and the
 * transfer window as the bound on messages held behind a gap (WCF flow control).
 */
class ResourceLimitsTest {
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final List<String> executed = new ArrayList<>();
  private final ApplicationInvoker service =
      new ApplicationInvoker() {
        @Override
        public boolean supports(String endpoint, String action) {
          return true;
        }

        @Override
        public ApplicationReply invoke(Invocation invocation) {
          executed.add(invocation.sessionId());
          return null;
        }
      };
  /** Window 4, at most 2 open Sequences. */
  private final RmSettings settings = new RmSettings(600_000, 4, 1_000, 8, 1_000, 2);

  private final ProtocolDispatcher dispatcher =
      new RmEngine(store, new InMemoryOutboundStore(), service, settings, Clock.systemUTC()).dispatcher();

  private Answer post(String xml) {
    return dispatcher.dispatch(
        new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), "/service.svc", TO);
  }

  private String open(String offer) {
    Answer.Reply r = (Answer.Reply) post(createSequence(RM11, offer, "urn:uuid:" + offer.hashCode()));
    return r.envelope().body() instanceof dev.tandem.codec.OutboundBody.CreateSequenceResponseBody b
        ? b.response().identifier()
        : null;
  }

  @Test
  void aCreateSequenceBeyondTheOpenSequenceCapIsRefusedUntilOneEnds() {
    String first = open("urn:uuid:o1");
    open("urn:uuid:o2");
    assertThatThrownBy(() -> open("urn:uuid:o3"))
        .isInstanceOfSatisfying(
            RmFaultException.class,
            e -> assertThat(e.fault()).isEqualTo(RmFault.CREATE_SEQUENCE_REFUSED));
    // A retried CreateSequence for an Offer already accepted is not a new Sequence: still answered.
    assertThat(open("urn:uuid:o2")).isNotNull();

    post(terminate(RM11, first, null));
    assertThat(open("urn:uuid:o3")).isNotNull();
  }

  @Test
  void messagesBeyondTheTransferWindowAreNeitherHeldNorAcknowledged() {
    String seq = open("urn:uuid:w");
    // (2^63-1 itself gets MessageNumberRollover, WS-RM 1.1 §4.5; the largest usable number is 2^63-2.)
    for (long n : new long[] {2, 3, 4, 5, 6, 1_000_000, Long.MAX_VALUE - 1}) {
      post(calc(RM11, seq, n, "Add", "1", "1"));
    }
    DestinationSequence s = store.sequences.get(seq).inbound();
    // 1 is missing: 2..4 fit in the window of 4 after it; 5 and beyond were dropped.
    assertThat(s.received().ranges()).containsExactly(new AcknowledgementRange(2, 4));
    assertThat(store.messages).hasSize(3);
    assertThat(executed).isEmpty();

    post(calc(RM11, seq, 1, "Add", "1", "1"));
    assertThat(executed).hasSize(4);
    // The dropped ones are accepted when the RM Source sends them again.
    post(calc(RM11, seq, 6, "Add", "1", "1"));
    post(calc(RM11, seq, 5, "Add", "1", "1"));
    assertThat(store.sequences.get(seq).inbound().deliveredUpTo()).isEqualTo(6);
    assertThat(executed).hasSize(6);
  }

  @Test
  void terminatedSequencesArePurgedAfterRetentionAndThenUnknown() {
    String seq = open("urn:uuid:p");
    post(terminate(RM11, seq, null));
    assertThat(store.purgeTerminated(Instant.now().minusSeconds(60), 10)).isZero();
    assertThat(store.purgeTerminated(Instant.now().plusSeconds(1), 10)).isEqualTo(1);
    assertThatThrownBy(() -> post(calc(RM11, seq, 1, "Add", "1", "1")))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.UNKNOWN_SEQUENCE));
  }
}
