package dev.tandem.engine;

import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.store.OutboundStore;
import java.time.Clock;

/**
 * The addressed channel of a duplex session ([RM10] "Duplex, Addressable Initiator"): every message
 * Tandem sends to the client — CreateSequenceResponse, acknowledgements, callbacks, LastMessage,
 * TerminateSequence — is stored here in the transaction that produced it and POSTed to the client's
 * address after commit, instead of travelling on the HTTP response.
 */
final class DualChannel {
  private final OutboundStore outbound;
  private final Clock clock;
  private final EnvelopeWriter writer = new EnvelopeWriter();

  DualChannel(OutboundStore outbound, Clock clock) {
    this.outbound = outbound;
    this.clock = clock;
  }

  /**
   * Queues {@code env} for the session's client. Its acknowledgement headers are not stored: the
   * sender adds the current ones when it sends.
   */
  void send(DestinationSequence seq, OutboundEnvelope env) {
    boolean sequenced = env.sequence() != null;
    outbound.enqueue(
        new OutboundMessage(
            0,
            seq.id(),
            sequenced ? env.sequence().identifier() : null,
            sequenced ? env.sequence().messageNumber() : 0,
            sequenced && env.sequence().lastMessage(),
            seq.acksTo(),
            env.action(),
            env.relatesTo(),
            writer.writeBodyContent(seq.version(), env.body()),
            sequenced ? OutboundMessage.Kind.SEQUENCE_PROTOCOL : OutboundMessage.Kind.UNSEQUENCED,
            0,
            clock.instant()));
  }

  /** Queues a callback as the next message of the session's offered Sequence. */
  void callback(DestinationSequence seq, String action, byte[] body) {
    outbound.enqueue(
        new OutboundMessage(
            0,
            seq.id(),
            seq.offeredId(),
            seq.nextReplyNumber(),
            false,
            seq.acksTo(),
            action,
            null,
            body,
            OutboundMessage.Kind.APPLICATION,
            0,
            clock.instant()));
  }

  /** Drops whatever the session still had queued (it ended). */
  void discard(DestinationSequence seq) {
    outbound.deleteSession(seq.id());
  }
}
