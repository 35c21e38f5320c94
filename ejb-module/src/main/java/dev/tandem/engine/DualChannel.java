package dev.tandem.engine;

import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.store.OutboundStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The addressed channel of a duplex session ([RM10] "Duplex, Addressable Initiator"): every message
 * Tandem sends to the client — CreateSequenceResponse, acknowledgements, callbacks, LastMessage,
 * TerminateSequence — is stored here in the transaction that produced it and POSTed to the client's
 * address after commit, instead of travelling on the HTTP response.
 */
final class DualChannel {
  private final OutboundStore outbound;
  private final Clock clock;
  private final Consumer<OutboundMessage> queued;
  private final EnvelopeWriter writer = new EnvelopeWriter();

  /**
   * @param queued told of every message queued (to wake the sender or a parked poll after commit)
   */
  DualChannel(OutboundStore outbound, Clock clock, Consumer<OutboundMessage> queued) {
    this.outbound = outbound;
    this.clock = clock;
    this.queued = queued;
  }

  private void enqueue(OutboundMessage m) {
    outbound.enqueue(m);
    queued.accept(m);
  }

  /**
   * Queues {@code env} for the session's client. Its acknowledgement headers are not stored: the
   * sender adds the current ones when it sends.
   */
  void send(DestinationSequence seq, OutboundEnvelope env) {
    boolean sequenced = env.sequence() != null;
    enqueue(
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

  /**
   * Queues a callback as the next message of the session's offered Sequence, due after {@code
   * delay}.
   */
  void callback(DestinationSequence seq, String action, byte[] body, Duration delay) {
    enqueue(
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
            clock.instant().plus(delay)));
  }

  /**
   * Queues Tandem's own CreateSequence for the session's reply Sequence, which the client did not
   * offer (WS-RM 1.1 §3.4; WS-MC 1.1 §3 lets it travel on a poll). Its AcksTo — and so its ReplyTo,
   * where the client must send the CreateSequenceResponse — is {@code tandemUri}.
   */
  void createReplySequence(DestinationSequence seq, String tandemUri) {
    enqueue(
        new OutboundMessage(
            0,
            seq.id(),
            null,
            0,
            false,
            seq.acksTo(),
            seq.version().action("CreateSequence"),
            null,
            writer.writeBodyContent(
                seq.version(),
                new OutboundBody.CreateSequenceBody(
                    new dev.tandem.rm.protocol.CreateSequence(tandemUri, null, null))),
            OutboundMessage.Kind.CREATE_SEQUENCE,
            0,
            clock.instant()));
  }

  /**
   * The client named the reply Sequence: its waiting callbacks now travel in it, and whoever waits
   * for the client's address (the sender, a parked poll) is woken after commit.
   */
  void replySequenceCreated(DestinationSequence seq) {
    if (outbound.replySequenceCreated(seq.id(), seq.offeredId()) > 0) {
      outbound.findByAddress(seq.acksTo(), 1).forEach(queued);
    }
    release(seq);
  }

  /**
   * The client's answer may have freed the session's held messages (room in its buffer, its reply
   * Sequence named): they are due now, and the sender or a parked poll is woken after commit.
   * Whether each may go is decided again when it is claimed.
   */
  void release(DestinationSequence seq) {
    outbound.releaseHeld(seq.id(), clock.instant()).forEach(queued);
  }

  /**
   * Keeps a reply that has just gone out on its request's HTTP response, for a client whose replies
   * go to an MC anonymous URI: should that response never reach it, the reply stays unacknowledged
   * and is retransmitted on a MakeConnection poll for {@code address} (WS-RM 1.1 §2.4: the RM Source
   * retransmits until acknowledged; WS-MC 1.1 §3.1: a poll's response carries a message pending for
   * its address). The copy is dropped when the client acknowledges the reply's number.
   *
   * @param address the request's ReplyTo (an MC anonymous URI)
   * @param reply the stored reply, with its number in the offered Sequence
   * @param firstRetry when it may first go out again
   */
  void retain(DestinationSequence seq, String address, StoredMessage reply, Instant firstRetry) {
    boolean lastMessage = seq.version().action("LastMessage").equals(reply.replyAction());
    enqueue(
        new OutboundMessage(
            0,
            seq.id(),
            seq.offeredId(),
            reply.replyNumber(),
            reply.replyLast(),
            address,
            reply.replyAction(),
            reply.replyRelatesTo(),
            reply.replyBody() == null ? new byte[0] : reply.replyBody(),
            lastMessage ? OutboundMessage.Kind.SEQUENCE_PROTOCOL : OutboundMessage.Kind.APPLICATION,
            1, // the first transmission was the request's HTTP response
            firstRetry));
  }

  /** Drops whatever the session still had queued (it ended). */
  void discard(DestinationSequence seq) {
    outbound.deleteSession(seq.id());
  }
}
