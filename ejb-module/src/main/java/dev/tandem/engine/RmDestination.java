package dev.tandem.engine;

import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.codec.RmBodyReader;
import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.CallbackAddress;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import dev.tandem.rm.protocol.SequenceLifecycleRequest;
import dev.tandem.store.ExecutionLedger;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The RM Destination for request-reply services (WS-RM 1.1 §2–3, WCF "Request-Reply,
 * Non-Addressable Initiator"): creates Sequences with their offered reply Sequence, delivers each
 * MessageNumber to the service exactly once and in order, holds messages that arrive ahead of a
 * gap, and answers retries with the stored reply. Every method runs inside the caller's transaction
 * and throws {@link RmFaultException} for the spec's faults; the caller rolls back on it.
 */
public final class RmDestination {
  private static final Logger LOG = Logger.getLogger(RmDestination.class.getName());

  private final RmStore store;
  private final OutboundStore outbound;
  private final ApplicationInvoker application;
  private final RmSettings settings;
  private final Clock clock;
  private final DualChannel dual;
  private final ExecutionLedger ledger;
  private final EnvelopeReader reader = new EnvelopeReader();
  private final RmBodyReader bodies = new RmBodyReader();
  private final CallbackAddressCheck addresses;

  /**
   * @param store Sequences and received messages
   * @param outbound messages Tandem sends as RM Source on duplex sessions
   * @param application the hosted services
   * @param settings InactivityTimeout and transfer window
   * @param clock time source (tests pass a fixed one)
   */
  public RmDestination(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock) {
    this(store, outbound, application, settings, clock, m -> {});
  }

  /**
   * @param queued told of every outbound message this destination queues, so the caller can wake the
   *     sender or a parked MakeConnection poll once the transaction commits
   */
  public RmDestination(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock,
      java.util.function.Consumer<dev.tandem.rm.model.OutboundMessage> queued) {
    this(store, outbound, application, settings, clock, queued, ExecutionLedger.NONE);
  }

  /**
   * @param ledger where each delivery to the service is recorded, in its transaction (the
   *     exactly-once evidence; {@link ExecutionLedger#NONE} when off)
   */
  public RmDestination(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock,
      java.util.function.Consumer<dev.tandem.rm.model.OutboundMessage> queued,
      ExecutionLedger ledger) {
    this.ledger = ledger;
    this.store = store;
    this.outbound = outbound;
    this.application = application;
    this.settings = settings;
    this.clock = clock;
    this.dual = new DualChannel(outbound, clock, queued);
    this.addresses = new CallbackAddressCheck(settings.callbacks());
  }

  /**
   * CreateSequence (WS-RM 1.1 §3.4). A retry of a CreateSequence whose Offer is already accepted
   * gets the same response again, so a lost response never creates a second Sequence.
   *
   * @param destinationUri the URI the request was sent to; echoed in Accept/AcksTo (WCF R1108)
   * @throws RmFaultException CreateSequenceRefused without an Offer (WCF B1111), with an Offer
   *     Identifier already in use by another client, with a callback address (AcksTo, Offer
   *     Endpoint, ReplyTo, FaultTo) that is not usable or that the {@link CallbackPolicy} refuses,
   *     with an {@code Expires} or {@code Offer/Expires} that is not an xs:duration or is
   *     negative, or retrying an accepted Offer with a different Expires. A finite Expires is
   *     granted: see {@link CreateSequence#grantedExpires}
   */
  public Answer createSequence(InboundEnvelope in, String endpoint, String destinationUri) {
    RmVersion v = in.rmVersion();
    requireMessageId(in);
    CreateSequence cs = bodies.createSequence(in.body(), v);
    // WS-RM 1.1 §3.4 (February 2005 §3.4): a finite Expires is granted as requested (the response
    // may not exceed it) and kept: the expiry sweep and the next message end the Sequence then.
    // PT0S or none ("never") is what WCF, Metro and CXF clients send ([RM10] B1101: WCF sends none).
    Duration granted = cs.grantedExpires();
    // Before anything is stored: an address the sender cannot or may not POST to (issue #14).
    addresses.createSequence(in, cs);
    boolean duplex = application.isDuplex(endpoint);
    if (cs.offer() == null && !duplex) {
      // WCF B1111: a request-reply session needs the offered Sequence for its replies.
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (duplex
        && CallbackAddress.of(cs.acksTo()).kind() == CallbackAddress.Kind.ANONYMOUS) {
      // A duplex session needs an address to call back: the client's own (wsDualHttpBinding's
      // clientBaseAddress) or an MC anonymous URI it polls (WS-MakeConnection).
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (cs.acksTo().startsWith(MakeConnectionReader.ANONYMOUS_PREFIX)
        && !MakeConnectionReader.isAnonymous(cs.acksTo())) {
      // The MC id is a capability: only an unguessable UUID is accepted.
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    Optional<DestinationSequence> existing =
        cs.offer() == null ? Optional.empty() : store.lockByOfferedId(cs.offer().identifier());
    if (existing.isEmpty() && store.countOpen() >= settings.maxOpenSequences()) {
      // Resource limit: refused, not queued; WCF's MaxPendingChannels plays this part.
      LOG.warning("TANDEM-RM-0006 CreateSequence refused: " + settings.maxOpenSequences()
          + " Sequences open (tandem.limits.max-open-sequences)");
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (cs.offer() == null) {
      return createWithoutOffer(in, cs, endpoint, destinationUri);
    }
    String isb = cs.offer().incompleteSequenceBehavior();
    DestinationSequence seq;
    if (existing.isPresent()) {
      seq = existing.get();
      if (seq.state() != SequenceState.ACTIVE
          || seq.received().highest() > 0
          || seq.isExpired(clock.instant())
          || !Objects.equals(granted, grantedOf(seq))) {
        // Not a retry of the CreateSequence that created it (a retry asks for the same Expires).
        throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
      }
    } else {
      Instant now = clock.instant();
      seq =
          new DestinationSequence(
              "urn:uuid:" + UUID.randomUUID(),
              v,
              cs.offer().identifier(),
              cs.acksTo(),
              endpoint,
              now,
              granted == null ? null : now.plus(granted));
      store.create(seq);
      LOG.fine(() -> "TANDEM-RM-0001 Sequence " + seq.id() + " created, offer " + seq.offeredId());
    }
    CreateSequenceResponse csr =
        new CreateSequenceResponse(seq.id(), destinationUri, isb, grantedOf(seq));
    return reply(
        in,
        seq,
        v.action("CreateSequenceResponse"),
        List.of(),
        new OutboundBody.CreateSequenceResponseBody(csr));
  }

  /**
   * A duplex client that offered no reply Sequence (a WS-MakeConnection client may, WS-MC 1.1 §3):
   * the session starts without one and Tandem, as RM Source of the callback direction, queues its own
   * CreateSequence for the client's address (a poll carries it). Callbacks are numbered and wait
   * until the client's CreateSequenceResponse names their Sequence ({@link
   * #createSequenceResponse}). Unlike a CreateSequence with an Offer, a retry creates another session
   * (nothing identifies it); the abandoned one expires with the InactivityTimeout.
   */
  private Answer createWithoutOffer(
      InboundEnvelope in, CreateSequence cs, String endpoint, String destinationUri) {
    RmVersion v = in.rmVersion();
    Instant now = clock.instant();
    Duration granted = cs.grantedExpires();
    DestinationSequence seq =
        new DestinationSequence(
            "urn:uuid:" + UUID.randomUUID(),
            v,
            null,
            cs.acksTo(),
            endpoint,
            now,
            granted == null ? null : now.plus(granted));
    store.create(seq);
    dual.createReplySequence(seq, destinationUri);
    LOG.fine(() -> "TANDEM-RM-0004 Sequence " + seq.id() + " created without offer");
    return reply(
        in,
        seq,
        v.action("CreateSequenceResponse"),
        List.of(),
        new OutboundBody.CreateSequenceResponseBody(
            new CreateSequenceResponse(seq.id(), null, null, grantedOf(seq))));
  }

  /**
   * The Expires granted to {@code seq} at its creation (its expiry minus its creation time), echoed
   * in the CreateSequenceResponse; null when it never expires.
   */
  private static Duration grantedOf(DestinationSequence seq) {
    return seq.expiresAt() == null
        ? null
        : Duration.between(seq.created(), seq.expiresAt());
  }

  /**
   * The client's CreateSequenceResponse to the CreateSequence Tandem sent for a session's reply
   * Sequence (WS-RM 1.1 §3.4): wsa:RelatesTo names the session (see {@link RmSource#envelope}). The
   * session's waiting callbacks are released into the named Sequence. A repeated response naming the
   * same Sequence is accepted again.
   *
   * @return 202 Accepted
   * @throws RmFaultException InvalidAddressingHeader when RelatesTo names no session awaiting a reply
   *     Sequence; CreateSequenceRefused when the Identifier is another session's
   */
  public Answer createSequenceResponse(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    CreateSequenceResponse csr = bodies.createSequenceResponse(in.body(), v);
    String relatesTo = in.addressing().relatesTo();
    DestinationSequence seq =
        store
            .lock(relatesTo)
            .filter(s -> s.version() == v && s.state() != SequenceState.TERMINATED)
            .filter(s -> application.isDuplex(s.endpoint()))
            .orElseThrow(
                () -> new RmFaultException(RmFault.INVALID_ADDRESSING_HEADER, v, "RelatesTo"));
    if (!seq.awaitsReplySequence()) {
      if (seq.offeredId().equals(csr.identifier())) {
        return new Answer.Accepted(); // a retransmitted response
      }
      throw new RmFaultException(RmFault.INVALID_ADDRESSING_HEADER, v, "RelatesTo");
    }
    if (store.lockByOfferedId(csr.identifier()).isPresent()) {
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    seq.acceptReplySequence(csr.identifier());
    seq.touch(clock.instant());
    store.update(seq);
    dual.replySequenceCreated(seq);
    LOG.fine(() -> "TANDEM-RM-0005 Sequence " + seq.id() + " reply sequence " + csr.identifier());
    return new Answer.Accepted();
  }

  /**
   * A message carrying a Sequence header: an application request, or (February 2005) the empty
   * LastMessage. Executes it once, in order; answers with its reply (stored, so a retry gets the
   * same one), or with an acknowledgement when it is held or one-way.
   *
   * @throws RmFaultException UnknownSequence, SequenceTerminated, SequenceClosed,
   *     LastMessageNumberExceeded, MessageNumberRollover, and those of {@link ApplicationRequest}
   *     (ActionNotSupported, MessageAddressingHeaderRequired, DeserializationFailed)
   */
  public Answer sequenceMessage(InboundEnvelope in) {
    SequenceHeader header = in.sequence();
    RmVersion v = in.rmVersion();
    DestinationSequence seq = lockOrFault(header.identifier(), v);
    long n = header.messageNumber();
    if (n < 1) {
      // WS-RM 1.1 §3.7: MessageNumber starts at 1; 0 cannot be acknowledged.
      throw new RmFaultException(RmFault.MESSAGE_NUMBER_ROLLOVER, v, seq.id());
    }
    if (n == Long.MAX_VALUE) {
      // WS-RM 1.1 §4.5: a MessageNumber that reaches 2^63-1 (or, read as 2^63-1, exceeds it).
      throw new RmFaultException(RmFault.MESSAGE_NUMBER_ROLLOVER, v, seq.id());
    }
    seq.touch(clock.instant());
    if (seq.received().contains(n)) {
      store.update(seq);
      return retry(in, seq, n);
    }
    Long last = seq.lastMessageNumber();
    if (last != null && n > last) {
      throw new RmFaultException(
          v == RmVersion.WSRM_1_1 ? RmFault.SEQUENCE_CLOSED : RmFault.LAST_MESSAGE_NUMBER_EXCEEDED,
          v,
          seq.id());
    }
    if (!seq.state().acceptsNewMessages()) {
      throw new RmFaultException(RmFault.SEQUENCE_CLOSED, v, seq.id());
    }
    if (n > seq.deliveredUpTo() + settings.maxTransferWindow()) {
      // Beyond the transfer window (what BufferRemaining advertised): not stored, not acknowledged;
      // the RM Source sends it again once the gap before it is filled. This bounds the messages
      // held per Sequence, whatever numbers a client sends.
      store.update(seq);
      return acknowledgement(in, seq);
    }
    boolean lastMessage = isLastMessage(in, v);
    if (!lastMessage) {
      ApplicationRequest.check(application, seq.endpoint(), in, v);
    }
    if (lastMessage || header.lastMessage()) {
      if (seq.received().highest() > n) {
        throw new RmFaultException(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED, v, seq.id());
      }
      seq.close(n);
    }
    seq.markReceived(n);
    if (n != seq.deliveredUpTo() + 1) {
      // Ahead of a gap: keep it durably; the transaction that fills the gap delivers it.
      store.saveMessage(StoredMessage.held(seq.id(), n, in.raw()));
      store.update(seq);
      return acknowledgement(in, seq);
    }
    if ((application.isDuplex(seq.endpoint()) || retainsReplies(seq))
        && outbound.countSession(seq.id()) >= settings.maxQueuedPerSession()) {
      throw new RmFaultException(RmFault.CALLBACK_QUEUE_FULL, v, seq.id());
    }
    StoredMessage delivered = deliver(seq, n, in);
    drainHeld(seq);
    store.update(seq);
    return storedReply(in, seq, delivered);
  }

  /**
   * CloseSequence (WS-RM 1.1 §3.5): no new numbers after LastMsgNumber; answers CloseSequenceResponse
   * with a Final acknowledgement.
   */
  public Answer closeSequence(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    requireMessageId(in);
    SequenceLifecycleRequest req = bodies.lifecycle(in.body(), v);
    DestinationSequence seq = lockOrFault(req.identifier(), v);
    if (seq.state() != SequenceState.CLOSED) {
      long last = req.lastMsgNumber() != null ? req.lastMsgNumber() : seq.received().highest();
      if (last < seq.received().highest()) {
        throw new RmFaultException(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED, v, seq.id());
      }
      seq.close(last);
    }
    seq.touch(clock.instant());
    store.update(seq);
    return reply(
        in,
        seq,
        v.action("CloseSequenceResponse"),
        List.of(ack(seq)),
        new OutboundBody.IdentifierBody("CloseSequenceResponse", seq.id()));
  }

  /**
   * TerminateSequence (WS-RM 1.1 §3.6, February 2005 §3.5). Terminating the request Sequence ends the
   * offered reply Sequence too (WCF B1301): in February 2005 the answer is the reply Sequence's own
   * TerminateSequence, in 1.1 a TerminateSequenceResponse. A retry after termination gets the same
   * answer.
   */
  public Answer terminateSequence(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    if (v == RmVersion.WSRM_1_1) {
      // WS-RM 1.1 §3.6: a TerminateSequenceResponse answers it, so it is request-reply (WCF B1801);
      // the February 2005 TerminateSequence is one-way and may come without one.
      requireMessageId(in);
    }
    SequenceLifecycleRequest req = bodies.lifecycle(in.body(), v);
    Optional<DestinationSequence> found = store.lock(req.identifier());
    boolean offeredSide = false;
    if (found.isEmpty()) {
      found = store.lockByOfferedId(req.identifier());
      offeredSide = found.isPresent();
    }
    DestinationSequence seq =
        found
            .filter(s -> s.version() == v)
            .orElseThrow(() -> new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, req.identifier()));
    if (seq.state() != SequenceState.TERMINATED) {
      seq.terminateByClient();
      end(seq);
      LOG.fine(() -> "TANDEM-RM-0002 Sequence " + seq.id() + " terminated by the client");
    }
    if (v == RmVersion.WSRM_1_1) {
      return reply(
          in,
          seq,
          v.action("TerminateSequenceResponse"),
          offeredSide ? List.of() : List.of(ack(seq)),
          new OutboundBody.IdentifierBody("TerminateSequenceResponse", req.identifier()));
    }
    if (offeredSide || seq.awaitsReplySequence()) {
      return new Answer.Accepted(); // no reply Sequence of Tandem's to terminate in turn
    }
    return reply(
        in,
        seq,
        v.action("TerminateSequence"),
        List.of(ack(seq)),
        new OutboundBody.IdentifierBody("TerminateSequence", seq.offeredId()));
  }

  /**
   * A standalone AckRequested (WS-RM 1.1 §3.8): answered with a SequenceAcknowledgement message.
   *
   * @throws RmFaultException UnknownSequence
   */
  public Answer ackRequested(InboundEnvelope in, String identifier) {
    RmVersion v = in.rmVersion();
    DestinationSequence seq = lockOrFault(identifier, v);
    seq.touch(clock.instant());
    store.update(seq);
    return acknowledgement(in, seq);
  }

  /**
   * Processes a SequenceAcknowledgement for an offered reply Sequence (Tandem is its RM Source).
   * Acknowledgements of request Sequences (the client acking Tandem's ack?) are ignored.
   *
   * @throws RmFaultException UnknownSequence, InvalidAcknowledgement (acks a reply never sent)
   */
  public void acknowledgement(RmVersion v, SequenceAcknowledgement ack) {
    Optional<DestinationSequence> found = store.lockByOfferedId(ack.identifier());
    if (found.isEmpty()) {
      if (store.lock(ack.identifier()).isPresent()) {
        return;
      }
      throw new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, ack.identifier());
    }
    DestinationSequence seq = found.get();
    for (AcknowledgementRange r : ack.ranges()) {
      if (r.upper() > seq.replyLastNumber()) {
        throw new RmFaultException(RmFault.INVALID_ACKNOWLEDGEMENT, v, ack.identifier());
      }
    }
    AcknowledgementRanges acked = AcknowledgementRanges.of(ack.ranges());
    seq.acknowledgeReplies(acked);
    if (ack.bufferRemaining() != null) {
      seq.advertiseBuffer(ack.bufferRemaining()); // WCF flow control ([RM10] B4001)
    }
    seq.touch(clock.instant());
    store.update(seq);
    if ((application.isDuplex(seq.endpoint()) || retainsReplies(seq)) && !acked.isEmpty()) {
      // WS-RM 1.1 §2.4: an acknowledged message need not be kept or retransmitted any longer.
      outbound.acknowledge(seq.offeredId(), acked);
    }
    if (application.isDuplex(seq.endpoint())
        && ack.bufferRemaining() != null
        && ack.bufferRemaining() > 0) {
      // Room in the client's buffer again: callbacks held back for it go now, not at their next look.
      dual.release(seq);
    }
  }

  /**
   * Terminates one Sequence idle past the InactivityTimeout or past its granted {@code Expires}
   * (WS-RM 1.1 §3.4: "silently terminated"). No message goes out: the client learns of it by a
   * SequenceTerminated fault (WS-RM 1.1 §4.7) on its next message.
   *
   * @return true when it was terminated now
   */
  public boolean expire(String sequenceId) {
    Instant now = clock.instant();
    return store
        .lock(sequenceId)
        .filter(s -> s.state() != SequenceState.TERMINATED)
        .map(
            s -> {
              if (s.isExpired(now)) {
                end(s);
                LOG.info("TANDEM-RM-0008 Sequence " + s.id() + " terminated: expired");
                return true;
              }
              if (s.lastActivity().plusMillis(settings.inactivityTimeoutMillis()).isBefore(now)) {
                end(s);
                LOG.info("TANDEM-RM-0003 Sequence " + s.id() + " terminated: inactivity");
                return true;
              }
              return false;
            })
        .orElse(false);
  }

  private StoredMessage deliver(DestinationSequence seq, long n, InboundEnvelope in) {
    StoredMessage delivered;
    if (isLastMessage(in, seq.version())) {
      // WCF answers LastMessage with the reply Sequence's own empty LastMessage ([RM10] exchange).
      long replyNumber = seq.nextReplyNumber();
      delivered =
          StoredMessage.held(seq.id(), n, null)
              .delivered(
                  replyNumber,
                  seq.version().action("LastMessage"),
                  null,
                  null,
                  true);
    } else {
      CallbackSink callbacks =
          application.isDuplex(seq.endpoint())
              ? (action, body, delay) -> dual.callback(seq, action, body, delay)
              : CallbackSink.NONE;
      ApplicationReply r =
          application.invoke(
              new Invocation(seq.endpoint(), seq.id(), in.action(), in.body(), callbacks));
      ledger.record(seq.id(), n);
      if (r == null) {
        delivered = StoredMessage.held(seq.id(), n, null).delivered(null, null, null, null, false);
      } else {
        long replyNumber = seq.nextReplyNumber();
        delivered =
            StoredMessage.held(seq.id(), n, null)
                .delivered(replyNumber, r.action(), in.addressing().messageId(), r.body(), false);
      }
    }
    seq.markDelivered(n);
    store.saveMessage(delivered);
    String replyTo = in.addressing().replyTo();
    if (delivered.replyNumber() != null
        && retainsReplies(seq)
        && MakeConnectionReader.isAnonymous(replyTo)) {
      dual.retain(
          seq, replyTo, delivered, clock.instant().plusMillis(settings.retryIntervalMillis()));
    }
    return delivered;
  }

  /**
   * True for a request-reply session whose client is reachable only by WS-MakeConnection (an MC
   * anonymous AcksTo): its replies, answered on each request's HTTP response, are also kept until
   * acknowledged so that a lost response can be retransmitted on a poll ({@link DualChannel#retain}).
   * Metro's MakeConnection client relies on this: it waits for a lost reply on its polls.
   */
  private boolean retainsReplies(DestinationSequence seq) {
    return !application.isDuplex(seq.endpoint()) && MakeConnectionReader.isAnonymous(seq.acksTo());
  }

  /** Delivers held messages that the latest delivery made next in order. */
  private void drainHeld(DestinationSequence seq) {
    long next = seq.deliveredUpTo() + 1;
    while (seq.received().contains(next)) {
      StoredMessage held =
          store
              .findMessage(seq.id(), next)
              .filter(m -> m.status() == MessageStatus.HELD)
              .orElseThrow(() -> new IllegalStateException("held message missing"));
      InboundEnvelope original = reader.read(held.request());
      deliver(seq, next, original);
      next++;
    }
  }

  private Answer retry(InboundEnvelope in, DestinationSequence seq, long n) {
    Optional<StoredMessage> m = store.findMessage(seq.id(), n);
    if (m.isPresent() && m.get().status() == MessageStatus.DELIVERED) {
      return storedReply(in, seq, m.get());
    }
    return acknowledgement(in, seq);
  }

  private Answer storedReply(InboundEnvelope in, DestinationSequence seq, StoredMessage m) {
    if (m.replyNumber() == null || seq.awaitsReplySequence()) {
      // No reply, or (February 2005 LastMessage) a reply Sequence the client has not named yet.
      return acknowledgement(in, seq);
    }
    OutboundBody body =
        m.replyBody() == null || m.replyBody().length == 0
            ? OutboundBody.empty()
            : new OutboundBody.Xml(m.replyBody());
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            seq.version(),
            m.replyAction(),
            m.replyRelatesTo(),
            null,
            new SequenceHeader(seq.offeredId(), m.replyNumber(), m.replyLast()),
            List.of(ack(seq)),
            body);
    boolean fault = ApplicationReply.FAULT_ACTION.equals(m.replyAction());
    return route(seq, out, fault ? 500 : 200);
  }

  private Answer acknowledgement(InboundEnvelope in, DestinationSequence seq) {
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            seq.version(),
            seq.version().action("SequenceAcknowledgement"),
            null,
            null,
            null,
            List.of(ack(seq)),
            OutboundBody.empty());
    return route(seq, out, 200);
  }

  private SequenceAcknowledgement ack(DestinationSequence seq) {
    return Acknowledgements.of(seq, settings.maxTransferWindow());
  }

  /** A protocol response relating to the request. */
  private Answer reply(
      InboundEnvelope in,
      DestinationSequence seq,
      String action,
      List<SequenceAcknowledgement> acks,
      OutboundBody body) {
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            in.rmVersion(),
            action,
            in.addressing().messageId(),
            null,
            null,
            acks,
            body);
    return route(seq, out, 200);
  }

  /**
   * Request-reply sessions answer on the HTTP response; duplex sessions queue the message for the
   * client's own address and answer 202 ([RM10] "Duplex, Addressable Initiator").
   */
  private Answer route(DestinationSequence seq, OutboundEnvelope out, int httpStatus) {
    if (!application.isDuplex(seq.endpoint()) || MakeConnectionReader.isAnonymous(seq.acksTo())) {
      // A MakeConnection client gets protocol answers on the HTTP response of its own request
      // (RSP: the CreateSequenceResponse relates to the request); only callbacks wait for polls.
      return new Answer.Reply(out, httpStatus);
    }
    dual.send(seq, out);
    return new Answer.Accepted();
  }

  /**
   * Terminates a Sequence and everything hanging off it: held messages, queue, service state. Ended
   * by Tandem unless {@link DestinationSequence#terminateByClient} was called first.
   */
  private void end(DestinationSequence seq) {
    seq.terminate();
    seq.touch(clock.instant());
    store.update(seq);
    store.deleteMessages(seq.id());
    if (application.isDuplex(seq.endpoint()) || retainsReplies(seq)) {
      dual.discard(seq);
    }
    application.endSession(seq.endpoint(), seq.id());
  }

  private DestinationSequence lockOrFault(String id, RmVersion v) {
    DestinationSequence seq =
        store
            .lock(id)
            .filter(s -> s.version() == v)
            .orElseThrow(() -> new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, id));
    if (seq.state() == SequenceState.TERMINATED) {
      // WS-RM 1.1 §4.4: UnknownSequence for a terminated Sequence; §4.7: SequenceTerminated tells
      // the client that Tandem ended it (InactivityTimeout, retries exhausted).
      throw new RmFaultException(
          seq.terminatedByClient() ? RmFault.UNKNOWN_SEQUENCE : RmFault.SEQUENCE_TERMINATED, v, id);
    }
    if (seq.isExpired(clock.instant())) {
      // WS-RM 1.1 §3.4: past its Expires the Sequence is terminated, whether or not the sweep has
      // run yet. Answered as one the sweep ended (§4.7); the fault rolls this transaction back, so
      // the sweep's expire() is what records the termination and frees its resources.
      throw new RmFaultException(RmFault.SEQUENCE_TERMINATED, v, id);
    }
    return seq;
  }

  private static boolean isLastMessage(InboundEnvelope in, RmVersion v) {
    return v == RmVersion.WSRM_2005_02
        && (in.sequence().lastMessage() || v.action("LastMessage").equals(in.action()))
        && in.body() == null;
  }

  private static void requireMessageId(InboundEnvelope in) {
    if (in.addressing().messageId() == null) {
      // WCF B1601: CreateSequence/Close/Terminate without MessageID.
      throw new RmFaultException(
          RmFault.MESSAGE_ADDRESSING_HEADER_REQUIRED, in.rmVersion(), "{" + Addressing.NS + "}MessageID");
    }
  }
}
