package dev.tandem.engine.outbound;

import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The one queue of messages Tandem sends as RM Source outside an HTTP response (WS-RM 1.1 §2.4: kept
 * until acknowledged). Messages are stored in the transaction that produced them; after commit the
 * {@code queued} listener wakes whoever drains them. There are two drains, with the same rules
 * ({@link RetransmissionPolicy}): {@link #claimDue} for dual HTTP (the sender POSTs what it claims)
 * and {@link #claimFor} for a WS-MakeConnection poll (WS-MC 1.1 §3.1: the poll's response carries
 * the next message for its address). Claiming records the attempt and the next due time before the
 * message leaves, so a crash while sending at worst repeats a transmission (which RM tolerates),
 * never loses one.
 *
 * <p>Every method joins the caller's transaction.
 */
public final class OutboundQueue {
  /** Messages to such addresses wait for a MakeConnection poll instead of a POST. */
  public static final String MAKE_CONNECTION_ANONYMOUS =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";

  /** How many queued messages one poll considers (one is sent, the rest set MessagePending). */
  private static final int POLL_LOOK_AHEAD = 16;

  private static final Logger LOG = Logger.getLogger(OutboundQueue.class.getName());

  private final RmStore store;
  private final OutboundStore outbound;
  private final RetransmissionPolicy policy;
  private final OutboundEnvelopes envelopes;
  private final Clock clock;
  private final Consumer<OutboundMessage> queued;
  private final SessionEnd end;
  private final OutboundEvents events;
  private final EnvelopeWriter writer = new EnvelopeWriter();

  /**
   * @param queued told of every message queued or released (to wake the sender or a parked poll
   *     once the transaction commits)
   * @param end ends a session whose message used up its retry budget
   */
  public OutboundQueue(
      RmStore store,
      OutboundStore outbound,
      RetransmissionPolicy policy,
      OutboundEnvelopes envelopes,
      Clock clock,
      Consumer<OutboundMessage> queued,
      SessionEnd end) {
    this(store, outbound, policy, envelopes, clock, queued, end, OutboundEvents.NONE);
  }

  /** @param events told of every transmission claimed and every give-up */
  public OutboundQueue(
      RmStore store,
      OutboundStore outbound,
      RetransmissionPolicy policy,
      OutboundEnvelopes envelopes,
      Clock clock,
      Consumer<OutboundMessage> queued,
      SessionEnd end,
      OutboundEvents events) {
    this.events = events;
    this.store = store;
    this.outbound = outbound;
    this.policy = policy;
    this.envelopes = envelopes;
    this.clock = clock;
    this.queued = queued;
    this.end = end;
  }

  /**
   * One claimed message and the envelope to send for it.
   *
   * @param message the message as stored after the claim (attempt counted)
   * @param envelope what goes on the wire, with the current acknowledgement
   */
  public record Transmission(OutboundMessage message, OutboundEnvelope envelope) {}

  /**
   * What one {@link #claimDue} found.
   *
   * @param ready the messages to send now
   * @param examined how many due messages it looked at (≤ the limit); at the limit, more may be due
   * @param busy how many of them it left because another transaction (another node's drain, a
   *     request) held their session: still due, for a later round
   */
  public record Claim(List<Transmission> ready, int examined, int busy) {}

  // ---- Enqueue ----------------------------------------------------------------------------------

  /**
   * Queues {@code env} for the session's client at its AcksTo (an {@link
   * dev.tandem.rm.session.BackChannel#ADDRESSED} session's protocol answers). Its acknowledgement
   * headers are not stored: the current ones are added when it is sent.
   */
  public void send(ReliableSession session, OutboundEnvelope env) {
    boolean sequenced = env.sequence() != null;
    enqueue(
        new OutboundMessage(
            0,
            session.id(),
            sequenced ? env.sequence().identifier() : null,
            sequenced ? env.sequence().messageNumber() : 0,
            sequenced && env.sequence().lastMessage(),
            session.acksTo(),
            env.action(),
            env.relatesTo(),
            writer.writeBodyContent(session.version(), env.body()),
            sequenced ? OutboundMessage.Kind.SEQUENCE_PROTOCOL : OutboundMessage.Kind.UNSEQUENCED,
            0,
            clock.instant()));
  }

  /** Queues a callback as the next message of the session's outbound Sequence, due after {@code delay}. */
  public void callback(ReliableSession session, String action, byte[] body, Duration delay) {
    enqueue(
        new OutboundMessage(
            0,
            session.id(),
            session.outbound().id(),
            session.outbound().nextMessageNumber(),
            false,
            session.acksTo(),
            action,
            null,
            body,
            OutboundMessage.Kind.APPLICATION,
            0,
            clock.instant().plus(delay)));
  }

  /**
   * Queues Tandem's own CreateSequence for the session's outbound Sequence, which the client did not
   * offer (WS-RM 1.1 §3.4; WS-MC 1.1 §3 lets it travel on a poll). Its AcksTo — and so its ReplyTo,
   * where the client must send the CreateSequenceResponse — is {@code tandemUri}.
   */
  public void createSourceSequence(ReliableSession session, String tandemUri) {
    enqueue(
        new OutboundMessage(
            0,
            session.id(),
            null,
            0,
            false,
            session.acksTo(),
            session.version().action("CreateSequence"),
            null,
            writer.writeBodyContent(
                session.version(),
                new OutboundBody.CreateSequenceBody(new CreateSequence(tandemUri, null, null))),
            OutboundMessage.Kind.CREATE_SEQUENCE,
            0,
            clock.instant()));
  }

  /**
   * The client named the outbound Sequence: its waiting messages now travel in it, and whoever
   * waits for the client's address (the sender, a parked poll) is woken after commit.
   */
  public void sourceSequenceNamed(ReliableSession session) {
    if (outbound.replySequenceCreated(session.id(), session.outbound().id()) > 0) {
      outbound.findByAddress(session.acksTo(), 1).forEach(queued);
    }
    release(session);
  }

  /**
   * The client's answer may have freed the session's held messages (room in its buffer, its
   * outbound Sequence named): they are due now, and the sender or a parked poll is woken after
   * commit. Whether each may go is decided again when it is claimed.
   */
  public void release(ReliableSession session) {
    outbound.releaseHeld(session.id(), clock.instant()).forEach(queued);
  }

  /**
   * Keeps a reply that has just gone out on its request's HTTP response, for a {@link
   * dev.tandem.rm.session.BackChannel#RESPONSE_AND_POLL} session: should that response never reach
   * the client, the reply stays unacknowledged and is retransmitted on a MakeConnection poll for
   * {@code address} (WS-RM 1.1 §2.4; WS-MC 1.1 §3.1). Dropped when the client acknowledges it.
   *
   * @param address the request's ReplyTo (an MC anonymous URI)
   * @param reply the stored reply, with its number in the outbound Sequence
   * @param firstRetry when it may first go out again
   */
  public void retain(ReliableSession session, String address, StoredMessage reply, Instant firstRetry) {
    boolean lastMessage = session.version().action("LastMessage").equals(reply.replyAction());
    enqueue(
        new OutboundMessage(
            0,
            session.id(),
            session.outbound().id(),
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
  public void discard(ReliableSession session) {
    outbound.deleteSession(session.id());
  }

  private void enqueue(OutboundMessage m) {
    outbound.enqueue(m);
    queued.accept(m);
  }

  // ---- Drains -----------------------------------------------------------------------------------

  /**
   * The dual-HTTP drain: claims the messages due now for addressable clients (looks at most at
   * {@code limit}), retransmitting after {@code initialIntervalMillis} (ms, doubled per attempt).
   * A message outside a Sequence stays queued until {@link #delivered} confirms the POST.
   */
  public Claim claimDue(int limit, long initialIntervalMillis) {
    Instant now = clock.instant();
    List<Transmission> ready = new ArrayList<>();
    Set<String> ended = new HashSet<>();
    Set<String> busy = new HashSet<>();
    int skipped = 0;
    List<OutboundMessage> due = outbound.findDue(now, limit, MAKE_CONNECTION_ANONYMOUS);
    for (OutboundMessage found : due) {
      if (ended.contains(found.sessionId())) {
        continue;
      }
      if (busy.contains(found.sessionId())) {
        skipped++;
        continue;
      }
      Optional<ReliableSession> locked = store.tryLock(found.sessionId());
      if (locked.isEmpty() && store.exists(found.sessionId())) {
        busy.add(found.sessionId()); // another node's drain has it, or a request: not ours to wait for
        skipped++;
        continue;
      }
      claim(found, locked, now, initialIntervalMillis, ended).ifPresent(ready::add);
    }
    return new Claim(ready, due.size(), skipped);
  }

  /**
   * The MakeConnection drain: claims the next message due for {@code address}, with {@code
   * mc:MessagePending} set when more wait (WS-MC 1.1 §3.3). Handing it to the poll's response is
   * its delivery, so a message outside a Sequence leaves the queue at once.
   *
   * @return the envelope for the poll's response, or empty when nothing is due for that address
   */
  public Optional<OutboundEnvelope> claimFor(String address) {
    Instant now = clock.instant();
    Set<String> ended = new HashSet<>();
    List<OutboundMessage> waiting = outbound.findByAddress(address, POLL_LOOK_AHEAD);
    for (OutboundMessage found : waiting) {
      if (ended.contains(found.sessionId())) {
        continue;
      }
      // A poll waits for the session's lock: what it finds due is its answer.
      Optional<Transmission> t =
          claim(found, store.lock(found.sessionId()), now, policy.retryIntervalMillis(), ended);
      if (t.isPresent()) {
        OutboundMessage m = t.get().message();
        if (!m.awaitsAnswer()) {
          outbound.delete(m.id());
        }
        // Messages that wait for the client to name their Sequence are not "pending" to a poll.
        boolean pending =
            waiting.stream().anyMatch(o -> o.id() != m.id() && !o.awaitsReplySequence());
        return Optional.of(t.get().envelope().withMessagePending(pending));
      }
    }
    return Optional.empty();
  }

  /**
   * A message outside a Sequence reached the client (its POST was answered 2xx): it is done. Under
   * its session's lock, as every change to a queued message: another drain (on another node) may be
   * claiming it again right now, and its update must not meet a row deleted under it.
   */
  public void delivered(String sessionId, long id) {
    store.lock(sessionId);
    outbound.delete(id);
  }

  /**
   * Claims one message found by an unlocked scan, given its session locked (empty: no longer
   * stored): re-reads it under that lock (an
   * acknowledgement or another drain may have removed or claimed it since), then applies the
   * policy: hold it (the client's buffer is full or its Sequence is not named yet: due again when
   * the client's answer {@linkplain #release releases} it, at the latest after the retry interval,
   * without counting an attempt — left due, such messages filled every page of the oldest-first scan
   * and hid the messages behind them), drop it (outside a Sequence, budget used), end its session
   * (in a Sequence, budget used), or record the attempt and build its envelope.
   */
  private Optional<Transmission> claim(
      OutboundMessage found,
      Optional<ReliableSession> locked,
      Instant now,
      long initialIntervalMillis,
      Set<String> ended) {
    if (locked.isEmpty()) {
      outbound.delete(found.id());
      return Optional.empty();
    }
    Optional<OutboundMessage> current = outbound.find(found.id());
    if (current.isEmpty() || !isDue(current.get(), now)) {
      return Optional.empty();
    }
    OutboundMessage m = current.get();
    ReliableSession session = locked.get();
    if (!policy.mayTransmit(m, session.outbound())) {
      outbound.update(m.heldUntil(now.plusMillis(policy.retryIntervalMillis())));
      return Optional.empty();
    }
    if (policy.abandoned(m)) {
      outbound.delete(m.id()); // outside a Sequence: the client asks again, the session goes on
      return Optional.empty();
    }
    if (policy.exhausted(m)) {
      giveUp(session, m);
      events.gaveUp();
      ended.add(m.sessionId());
      return Optional.empty();
    }
    OutboundMessage attempted =
        m.attempted(now.plus(policy.backoff(m.attempts() + 1, initialIntervalMillis)));
    outbound.update(attempted);
    events.transmitted(m.attempts() > 0);
    return Optional.of(new Transmission(attempted, envelopes.envelope(attempted, session)));
  }

  private void giveUp(ReliableSession session, OutboundMessage m) {
    // WCF faults the session when MaxRetryCount is reached; both Sequences end.
    LOG.warning(
        "TANDEM-RM-0010 Session "
            + session.id()
            + " ended: message "
            + m.messageNumber()
            + " to "
            + m.to()
            + " unacknowledged after "
            + m.attempts()
            + " transmissions");
    end.end(session);
    outbound.deleteSession(session.id());
  }

  private static boolean isDue(OutboundMessage m, Instant now) {
    return m.nextAttemptAt() != null && !m.nextAttemptAt().isAfter(now);
  }
}
