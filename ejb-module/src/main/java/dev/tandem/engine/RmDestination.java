package dev.tandem.engine;

import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceHeader;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.ExecutionLedger;
import java.time.Instant;
import java.util.Optional;

/**
 * The RM Destination (WS-RM 1.1 §2–3): delivers each MessageNumber of a session's inbound Sequence
 * to the service exactly once and in order, holds messages that arrive ahead of a gap, answers
 * retries with the stored reply, and answers AckRequested. The session's life (CreateSequence,
 * Close, Terminate, expiry) is {@link SequenceLifecycle}'s. Every method runs inside the caller's
 * transaction and throws {@link RmFaultException} for the spec's faults; the caller rolls back on it.
 */
public final class RmDestination {
  private final EngineContext context;
  private final ExecutionLedger ledger;
  private final EnvelopeReader reader = new EnvelopeReader();

  RmDestination(EngineContext context, ExecutionLedger ledger) {
    this.context = context;
    this.ledger = ledger;
  }

  /**
   * A message carrying a Sequence header: an application request, or (February 2005) the empty
   * LastMessage. Executes it once, in order; answers with its reply (stored, so a retry gets the
   * same one), or with an acknowledgement when it is held or one-way.
   *
   * @throws RmFaultException UnknownSequence, SequenceTerminated, SequenceClosed,
   *     LastMessageNumberExceeded, MessageNumberRollover, CallbackQueueFull (too many queued for the
   *     client, {@code tandem.limits.max-queued-per-session}), and those of {@link
   *     ApplicationRequest} (ActionNotSupported, MessageAddressingHeaderRequired,
   *     DeserializationFailed)
   */
  public Answer sequenceMessage(InboundEnvelope in) {
    SequenceHeader header = in.sequence();
    RmVersion v = in.rmVersion();
    ReliableSession session = context.locks().lockOrFault(header.identifier(), v);
    DestinationSequence seq = session.inbound();
    long n = header.messageNumber();
    if (n < 1) {
      // WS-RM 1.1 §3.7: MessageNumber starts at 1; 0 cannot be acknowledged.
      throw new RmFaultException(RmFault.MESSAGE_NUMBER_ROLLOVER, v, seq.id());
    }
    if (n == Long.MAX_VALUE) {
      // WS-RM 1.1 §4.5: a MessageNumber that reaches 2^63-1 (or, read as 2^63-1, exceeds it).
      throw new RmFaultException(RmFault.MESSAGE_NUMBER_ROLLOVER, v, seq.id());
    }
    seq.touch(context.clock().instant());
    if (seq.received().contains(n)) {
      context.events().retransmissionAnswered(seq.endpoint());
      context.store().update(session);
      return retry(in, session, n);
    }
    Long last = seq.lastMessageNumber();
    if (last != null && n > last) {
      throw new RmFaultException(in.variation().beyondLastMessageFault(), v, seq.id());
    }
    if (!seq.state().acceptsNewMessages()) {
      throw new RmFaultException(RmFault.SEQUENCE_CLOSED, v, seq.id());
    }
    if (n > seq.deliveredUpTo() + context.settings().maxTransferWindow()) {
      // Beyond the transfer window (what BufferRemaining advertised): not stored, not acknowledged;
      // the RM Source sends it again once the gap before it is filled. This bounds the messages
      // held per Sequence, whatever numbers a client sends.
      context.events().refusedBeyondWindow(seq.endpoint());
      context.store().update(session);
      return context.answers().acknowledgement(in, session);
    }
    boolean lastMessage = isLastMessage(in, v);
    if (!lastMessage) {
      ApplicationRequest.check(context.application(), seq.endpoint(), in, v);
    }
    if (lastMessage || header.lastMessage()) {
      if (seq.received().highest() > n) {
        throw new RmFaultException(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED, v, seq.id());
      }
      seq.close(n);
    }
    seq.markReceived(n);
    context.events().received(seq.endpoint());
    if (n != seq.deliveredUpTo() + 1) {
      context.events().heldBehindGap(seq.endpoint());
      // Ahead of a gap: keep it durably; the transaction that fills the gap delivers it.
      context.store().insertMessage(StoredMessage.held(seq.id(), n, in.raw()));
      context.store().update(session);
      return context.answers().acknowledgement(in, session);
    }
    if (session.backChannel().queues()
        && context.outbound().countSession(seq.id())
            >= context.settings().maxQueuedPerSession()) {
      throw new RmFaultException(RmFault.CALLBACK_QUEUE_FULL, v, seq.id());
    }
    StoredMessage delivered = deliver(session, n, in, false);
    drainHeld(session);
    context.store().update(session);
    return context.answers().storedReply(in, session, delivered);
  }

  /**
   * A standalone AckRequested (WS-RM 1.1 §3.8): answered with a SequenceAcknowledgement message.
   *
   * @throws RmFaultException UnknownSequence, SequenceTerminated
   */
  public Answer ackRequested(InboundEnvelope in, String identifier) {
    ReliableSession session = context.locks().lockOrFault(identifier, in.rmVersion());
    session.inbound().touch(context.clock().instant());
    context.store().update(session);
    return context.answers().acknowledgement(in, session);
  }

  /** @param wasHeld true when the message is stored already (held behind a gap until now) */
  private StoredMessage deliver(
      ReliableSession session, long n, InboundEnvelope in, boolean wasHeld) {
    DestinationSequence seq = session.inbound();
    StoredMessage delivered;
    if (isLastMessage(in, seq.version())) {
      // WCF answers LastMessage with the outbound Sequence's own empty LastMessage ([RM10] exchange).
      long replyNumber = session.outbound().nextMessageNumber();
      delivered =
          StoredMessage.held(seq.id(), n, null)
              .delivered(replyNumber, seq.version().action("LastMessage"), null, null, true);
    } else {
      CallbackSink callbacks =
          session.backChannel().carriesCallbacks()
              ? (action, body, delay) -> context.queue().callback(session, action, body, delay)
              : CallbackSink.NONE;
      ApplicationReply r =
          context.application().invoke(
              new Invocation(seq.endpoint(), seq.id(), in.action(), in.body(), callbacks));
      ledger.record(seq.id(), n);
      if (r == null) {
        delivered = StoredMessage.held(seq.id(), n, null).delivered(null, null, null, null, false);
      } else {
        long replyNumber = session.outbound().nextMessageNumber();
        delivered =
            StoredMessage.held(seq.id(), n, null)
                .delivered(replyNumber, r.action(), in.addressing().messageId(), r.body(), false);
      }
    }
    seq.markDelivered(n);
    context.events().delivered(seq.endpoint());
    if (wasHeld) {
      context.store().saveMessage(delivered);
    } else {
      context.store().insertMessage(delivered);
    }
    String replyTo = in.addressing().replyTo();
    if (delivered.replyNumber() != null
        && session.backChannel().retainsReplies()
        && MakeConnectionReader.isAnonymous(replyTo)) {
      // Metro's MakeConnection client waits on its polls for a reply whose response was lost.
      Instant firstRetry =
          context.clock().instant().plusMillis(context.settings().retryIntervalMillis());
      context.queue().retain(session, replyTo, delivered, firstRetry);
    }
    return delivered;
  }

  /** Delivers held messages that the latest delivery made next in order. */
  private void drainHeld(ReliableSession session) {
    DestinationSequence seq = session.inbound();
    long next = seq.deliveredUpTo() + 1;
    while (seq.received().contains(next)) {
      StoredMessage held =
          context.store()
              .findMessage(seq.id(), next)
              .filter(m -> m.status() == MessageStatus.HELD)
              .orElseThrow(() -> new IllegalStateException("held message missing"));
      InboundEnvelope original = reader.read(held.request());
      deliver(session, next, original, true);
      next++;
    }
  }

  private Answer retry(InboundEnvelope in, ReliableSession session, long n) {
    Optional<StoredMessage> m = context.store().findMessage(session.id(), n);
    if (m.isPresent() && m.get().status() == MessageStatus.DELIVERED) {
      return context.answers().storedReply(in, session, m.get());
    }
    return context.answers().acknowledgement(in, session);
  }

  private static boolean isLastMessage(InboundEnvelope in, RmVersion v) {
    return ProtocolVariation.of(v).isLastMessage(in.sequence(), in.action(), in.body() == null);
  }
}
