package dev.tandem.engine.outbound;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Tandem as RM Source of a session's outbound Sequence (WS-RM 1.1 §2.4): takes in the client's
 * SequenceAcknowledgements (WS-RM 1.1 §3.9) of what the {@link OutboundQueue} sent, drops what they
 * cover and records its BufferRemaining (WCF flow control), releasing what the room lets go.
 */
public final class RmSource {
  private final RmStore store;
  private final OutboundStore outbound;
  private final OutboundQueue queue;
  private final Clock clock;

  public RmSource(RmStore store, OutboundStore outbound, OutboundQueue queue, Clock clock) {
    this.store = store;
    this.outbound = outbound;
    this.queue = queue;
    this.clock = clock;
  }

  /**
   * Processes a SequenceAcknowledgement. One for a Sequence Tandem is the RM Destination of (the
   * client acknowledging Tandem's own acknowledgement) is ignored.
   *
   * @throws RmFaultException UnknownSequence (no session has that Sequence in either direction),
   *     InvalidAcknowledgement (it acknowledges a MessageNumber never sent, WS-RM 1.1 §4.3)
   */
  public void acknowledgement(RmVersion v, SequenceAcknowledgement ack) {
    Optional<ReliableSession> found = store.lockBySourceSequence(ack.identifier());
    if (found.isEmpty()) {
      if (store.lock(ack.identifier()).isPresent()) {
        return;
      }
      throw new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, ack.identifier());
    }
    ReliableSession session = found.get();
    for (AcknowledgementRange r : ack.ranges()) {
      if (r.upper() > session.outbound().lastMessageNumber()) {
        throw new RmFaultException(RmFault.INVALID_ACKNOWLEDGEMENT, v, ack.identifier());
      }
    }
    AcknowledgementRanges acked = AcknowledgementRanges.of(ack.ranges());
    session.outbound().acknowledge(acked, ack.bufferRemaining()); // [RM10] B4001
    session.inbound().touch(clock.instant());
    store.update(session);
    if (session.backChannel().queues() && !acked.isEmpty()) {
      // WS-RM 1.1 §2.4: an acknowledged message need not be kept or retransmitted any longer.
      outbound.acknowledge(session.outbound().id(), acked);
    }
    if (session.backChannel().carriesCallbacks()
        && ack.bufferRemaining() != null
        && ack.bufferRemaining() > 0) {
      // Room in the client's buffer again: callbacks held back for it go now, not at their next look.
      queue.release(session);
    }
  }
}
