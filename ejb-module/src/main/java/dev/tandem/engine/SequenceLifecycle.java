package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.RmBodyReader;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.CallbackAddress;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.RmAction;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceLifecycleRequest;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.ReliableSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The life of a reliable session at the RM Destination: CreateSequence (choosing the {@link
 * BackChannel} once), the client's CreateSequenceResponse to Tandem's own CreateSequence,
 * CloseSequence, TerminateSequence, and the silent end at the InactivityTimeout or the granted
 * Expires (WS-RM 1.1 §3.4–3.6). Every method runs inside the caller's transaction and throws {@link
 * RmFaultException} for the spec's faults; the caller rolls back on it.
 */
public final class SequenceLifecycle {
  private static final Logger LOG = Logger.getLogger(SequenceLifecycle.class.getName());

  private final EngineContext context;

  private final CallbackAddressCheck addresses;
  private final RmBodyReader bodies = new RmBodyReader();

  SequenceLifecycle(EngineContext context) {
    this.context = context;
    this.addresses = new CallbackAddressCheck(context.settings().callbacks());
  }

  /**
   * CreateSequence (WS-RM 1.1 §3.4). A retry of a CreateSequence whose Offer is already accepted
   * gets the same response again, so a lost response never creates a second session.
   *
   * @param destinationUri the URI the request was sent to; echoed in Accept/AcksTo (WCF R1108)
   * @throws RmFaultException CreateSequenceRefused without an Offer on a request-reply endpoint (WCF
   *     B1111), with an Offer Identifier already in use by another client, with a callback address
   *     (AcksTo, Offer Endpoint, ReplyTo, FaultTo) that is not usable or that the {@link
   *     CallbackPolicy} refuses, with an {@code Expires} or {@code Offer/Expires} that is not an
   *     xs:duration or is negative, retrying an accepted Offer with a different Expires, or beyond
   *     {@code tandem.limits.max-open-sequences}. A finite Expires is granted: see {@link
   *     CreateSequence#grantedExpires}
   */
  public Answer createSequence(InboundEnvelope in, String endpoint, String destinationUri) {
    RmVersion v = in.rmVersion();
    SessionLocks.requireMessageId(in);
    CreateSequence cs = bodies.createSequence(in.body(), v);
    // WS-RM 1.1 §3.4 (February 2005 §3.4): a finite Expires is granted as requested (the response
    // may not exceed it) and kept: the expiry sweep and the next message end the Sequence then.
    // PT0S or none ("never") is what WCF, Metro and CXF clients send ([RM10] B1101: WCF sends none).
    Duration granted = cs.grantedExpires();
    // Before anything is stored: an address the sender cannot or may not POST to (issue #14).
    addresses.createSequence(in, cs);
    BackChannel backChannel = backChannel(cs, endpoint, v);
    Optional<ReliableSession> existing =
        cs.offer() == null
            ? Optional.empty()
            : context.store().lockBySourceSequence(cs.offer().identifier());
    long maxOpen = context.settings().maxOpenSequences();
    if (existing.isEmpty() && context.store().countOpen() >= maxOpen) {
      // Resource limit: refused, not queued; WCF's MaxPendingChannels plays this part.
      LOG.warning("TANDEM-RM-0006 CreateSequence refused: " + maxOpen
          + " Sequences open (tandem.limits.max-open-sequences)");
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    Instant now = context.clock().instant();
    String id = "urn:uuid:" + UUID.randomUUID();
    if (cs.offer() == null) {
      // A duplex client that offered no Sequence (a WS-MakeConnection client may, WS-MC 1.1 §3):
      // Tandem, as RM Source, queues its own CreateSequence for the client's address (a poll
      // carries it); callbacks are numbered and wait until the client's response names the
      // Sequence. Nothing identifies a retry, which creates another session; the abandoned one ends
      // at the InactivityTimeout.
      ReliableSession session =
          ReliableSession.create(id, v, null, cs.acksTo(), endpoint, backChannel, now, granted);
      context.store().create(session);
      context.queue().createSourceSequence(session, destinationUri);
      LOG.fine(() -> "TANDEM-RM-0004 Sequence " + session.id() + " created without offer");
      return createSequenceResponse(
          in, session, new CreateSequenceResponse(session.id(), null, null, session.granted()));
    }
    ReliableSession session;
    if (existing.isPresent()) {
      session = existing.get();
      if (session.inbound().state() != SequenceState.ACTIVE
          || session.inbound().received().highest() > 0
          || session.inbound().isExpired(now)
          || !Objects.equals(granted, session.granted())) {
        // Not a retry of the CreateSequence that created it (a retry asks for the same Expires).
        throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
      }
    } else {
      session =
          ReliableSession.create(
              id, v, cs.offer().identifier(), cs.acksTo(), endpoint, backChannel, now, granted);
      context.store().create(session);
      LOG.fine(() -> "TANDEM-RM-0001 Sequence " + id + " created, offer " + cs.offer().identifier());
    }
    String isb = cs.offer().incompleteSequenceBehavior();
    return createSequenceResponse(
        in,
        session,
        new CreateSequenceResponse(session.id(), destinationUri, isb, session.granted()));
  }

  /**
   * Decides, once, how Tandem will reach the client of a new session.
   *
   * @throws RmFaultException CreateSequenceRefused when the endpoint cannot serve that client
   */
  private BackChannel backChannel(CreateSequence cs, String endpoint, RmVersion v) {
    boolean duplex = context.application().isDuplex(endpoint);
    if (cs.offer() == null && !duplex) {
      // WCF B1111: a request-reply session needs the offered Sequence for its replies.
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (duplex && CallbackAddress.of(cs.acksTo()).kind() == CallbackAddress.Kind.ANONYMOUS) {
      // A duplex session needs an address to call back: the client's own (wsDualHttpBinding's
      // clientBaseAddress) or an MC anonymous URI it polls (WS-MakeConnection).
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (cs.acksTo().startsWith(MakeConnectionReader.ANONYMOUS_PREFIX)
        && !MakeConnectionReader.isAnonymous(cs.acksTo())) {
      // The MC id is a capability: only an unguessable UUID is accepted.
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    return BackChannel.choose(duplex, MakeConnectionReader.isAnonymous(cs.acksTo()));
  }

  private Answer createSequenceResponse(
      InboundEnvelope in, ReliableSession session, CreateSequenceResponse csr) {
    return context.answers().reply(
        in,
        session,
        in.rmVersion().action("CreateSequenceResponse"),
        List.of(),
        new OutboundBody.CreateSequenceResponseBody(csr));
  }

  /**
   * The client's CreateSequenceResponse to the CreateSequence Tandem sent for a session's outbound
   * Sequence (WS-RM 1.1 §3.4): wsa:RelatesTo names the session (see {@link
   * dev.tandem.engine.outbound.OutboundEnvelopes#envelope}). The session's waiting callbacks are
   * released into the named Sequence. A repeated response naming the same Sequence is accepted again.
   *
   * @return 202 Accepted
   * @throws RmFaultException InvalidAddressingHeader when RelatesTo names no session awaiting an
   *     outbound Sequence; CreateSequenceRefused when the Identifier is another session's
   */
  public Answer createSequenceResponse(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    CreateSequenceResponse csr = bodies.createSequenceResponse(in.body(), v);
    ReliableSession session =
        context.store()
            .lock(in.addressing().relatesTo())
            .filter(s -> s.version() == v && s.inbound().state() != SequenceState.TERMINATED)
            .filter(s -> s.backChannel().carriesCallbacks())
            .orElseThrow(
                () -> new RmFaultException(RmFault.INVALID_ADDRESSING_HEADER, v, "RelatesTo"));
    if (!session.outbound().awaitsIdentifier()) {
      if (session.outbound().id().equals(csr.identifier())) {
        return new Answer.Accepted(); // a retransmitted response
      }
      throw new RmFaultException(RmFault.INVALID_ADDRESSING_HEADER, v, "RelatesTo");
    }
    if (context.store().lockBySourceSequence(csr.identifier()).isPresent()) {
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    session.outbound().named(csr.identifier());
    session.inbound().touch(context.clock().instant());
    context.store().update(session);
    context.queue().sourceSequenceNamed(session);
    LOG.fine(() -> "TANDEM-RM-0005 Sequence " + session.id() + " reply sequence " + csr.identifier());
    return new Answer.Accepted();
  }

  /**
   * CloseSequence (WS-RM 1.1 §3.5): no new numbers after LastMsgNumber; answers CloseSequenceResponse
   * with a Final acknowledgement.
   *
   * @throws RmFaultException those of {@link SessionLocks#lockOrFault}; LastMessageNumberExceeded
   *     when LastMsgNumber is below a number already received
   */
  public Answer closeSequence(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    SessionLocks.requireMessageId(in);
    SequenceLifecycleRequest req = bodies.lifecycle(in.body(), v);
    ReliableSession session = context.locks().lockOrFault(req.identifier(), v);
    var inbound = session.inbound();
    if (inbound.state() != SequenceState.CLOSED) {
      long last = req.lastMsgNumber() != null ? req.lastMsgNumber() : inbound.received().highest();
      if (last < inbound.received().highest()) {
        throw new RmFaultException(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED, v, session.id());
      }
      inbound.close(last);
    }
    inbound.touch(context.clock().instant());
    context.store().update(session);
    return context.answers().reply(
        in,
        session,
        v.action("CloseSequenceResponse"),
        List.of(context.answers().ack(session)),
        new OutboundBody.IdentifierBody("CloseSequenceResponse", session.id()));
  }

  /**
   * TerminateSequence (WS-RM 1.1 §3.6, February 2005 §3.5), of either Sequence of a session.
   * Terminating one ends the other too (WCF B1301): in February 2005 the answer is the outbound
   * Sequence's own TerminateSequence, in 1.1 a TerminateSequenceResponse. A retry after termination
   * gets the same answer.
   *
   * @throws RmFaultException UnknownSequence when no session has that Sequence
   */
  public Answer terminateSequence(InboundEnvelope in) {
    RmVersion v = in.rmVersion();
    if (in.variation().hasTerminateSequenceResponse()) {
      // WS-RM 1.1 §3.6: a TerminateSequenceResponse answers it, so it is request-reply (WCF B1801);
      // the February 2005 TerminateSequence is one-way and may come without one.
      SessionLocks.requireMessageId(in);
    }
    SequenceLifecycleRequest req = bodies.lifecycle(in.body(), v);
    Optional<ReliableSession> found = context.store().lock(req.identifier());
    boolean sourceSide = false;
    if (found.isEmpty()) {
      found = context.store().lockBySourceSequence(req.identifier());
      sourceSide = found.isPresent();
    }
    ReliableSession session =
        found
            .filter(s -> s.version() == v)
            .orElseThrow(() -> new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, req.identifier()));
    if (session.inbound().state() != SequenceState.TERMINATED) {
      session.inbound().terminateByClient();
      context.termination().end(session);
      LOG.fine(() -> "TANDEM-RM-0002 Sequence " + session.id() + " terminated by the client");
    }
    if (in.variation().hasTerminateSequenceResponse()) {
      return context.answers().reply(
          in,
          session,
          in.variation().action(RmAction.TERMINATE_SEQUENCE_RESPONSE),
          sourceSide ? List.of() : List.of(context.answers().ack(session)),
          new OutboundBody.IdentifierBody("TerminateSequenceResponse", req.identifier()));
    }
    if (sourceSide || session.outbound().awaitsIdentifier()) {
      return new Answer.Accepted(); // no outbound Sequence of Tandem's to terminate in turn
    }
    return context.answers().reply(
        in,
        session,
        v.action("TerminateSequence"),
        List.of(context.answers().ack(session)),
        new OutboundBody.IdentifierBody("TerminateSequence", session.outbound().id()));
  }

  /**
   * Terminates one session idle past the InactivityTimeout or past its granted {@code Expires}
   * (WS-RM 1.1 §3.4: "silently terminated"). No message goes out: the client learns of it by a
   * SequenceTerminated fault (WS-RM 1.1 §4.7) on its next message.
   *
   * @return true when it was terminated now
   */
  public boolean expire(String sessionId) {
    Instant now = context.clock().instant();
    return context.store()
        .lock(sessionId)
        .filter(s -> s.inbound().state() != SequenceState.TERMINATED)
        .map(
            s -> {
              if (s.inbound().isExpired(now)) {
                context.termination().end(s);
                LOG.info("TANDEM-RM-0008 Sequence " + s.id() + " terminated: expired");
                return true;
              }
              if (s.inbound()
                  .lastActivity()
                  .plusMillis(context.settings().inactivityTimeoutMillis())
                  .isBefore(now)) {
                context.termination().end(s);
                LOG.info("TANDEM-RM-0003 Sequence " + s.id() + " terminated: inactivity");
                return true;
              }
              return false;
            })
        .orElse(false);
  }

  /**
   * Terminates a session on an operator's request (the admin page): both Sequences end, held
   * messages and the outbound queue are discarded, the service's state is released. No message goes
   * out: the client learns of it by a SequenceTerminated fault (WS-RM 1.1 §4.7) on its next
   * message, as after an InactivityTimeout.
   *
   * @return false when there is no such session or it was terminated already
   */
  public boolean terminateByOperator(String sessionId) {
    return context.store()
        .lock(sessionId)
        .filter(s -> s.inbound().state() != SequenceState.TERMINATED)
        .map(
            s -> {
              context.termination().end(s);
              return true;
            })
        .orElse(false);
  }
}
