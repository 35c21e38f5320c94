package dev.tandem.session;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.engine.RmSource;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The transactional steps of sending outbound messages, each in a transaction of its own so that no
 * HTTP call ever runs inside one.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class OutboundDelivery {
  /** Messages to such addresses wait for a MakeConnection poll instead of a POST. */
  public static final String MAKE_CONNECTION_ANONYMOUS =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";

  private static final Logger LOG = Logger.getLogger(OutboundDelivery.class.getName());

  @Inject OutboundStore outbound;
  @Inject RmStore store;
  @Inject TandemSettings settings;
  @Inject MetroApplicationInvoker application;

  private final EnvelopeWriter writer = new EnvelopeWriter();

  /**
   * What one {@link #claimDue} found.
   *
   * @param ready the messages to send now
   * @param examined how many due messages it looked at (≤ the limit); at the limit, more may be due
   */
  public record Claim(List<OutboundDispatch> ready, int examined) {}

  /**
   * Claims the messages due now (looks at most at {@code limit}): encodes each with the current
   * acknowledgement and records the attempt and the next due time before anything is sent, so a
   * crash during sending at worst repeats a transmission (which RM tolerates), never loses one.
   * Sessions whose message used up its retry budget are ended instead. A message that may not go yet
   * (the client's buffer is full, or its reply Sequence is not named yet) is held: due again as soon
   * as the client's answer frees it ({@link dev.tandem.store.OutboundStore#releaseHeld}), at the
   * latest after {@code tandem.rm.retry-interval}, without counting an attempt. Left due, such messages filled
   * every page of the oldest-first scan, and messages queued after them (a CreateSequenceResponse, the
   * callbacks of other sessions) were never reached (soak, 64 concurrent sessions: four duplex
   * sessions never got their CreateSequenceResponse in 9 minutes).
   */
  public Claim claimDue(int limit) {
    return claimDue(limit, settings.rm().retryIntervalMillis());
  }

  /**
   * As {@link #claimDue(int)}, retransmitting after {@code initialIntervalMillis} (ms, doubled per
   * attempt) — the sender passes twice the measured round trip once it has one.
   */
  public Claim claimDue(int limit, long initialIntervalMillis) {
    RmSource source = new RmSource(settings.rm());
    Instant now = Instant.now();
    List<OutboundDispatch> ready = new ArrayList<>();
    Set<String> ended = new HashSet<>();
    List<OutboundMessage> due = outbound.findDue(now, limit, MAKE_CONNECTION_ANONYMOUS);
    for (OutboundMessage found : due) {
      if (ended.contains(found.sessionId())) {
        continue; // its session was given up earlier in this batch; the message is deleted
      }
      Optional<DestinationSequence> session = store.lock(found.sessionId());
      if (session.isEmpty()) {
        outbound.delete(found.id());
        continue;
      }
      // Read again under the session lock: an acknowledgement may have removed it, or another
      // sender claimed it, since the unlocked find.
      Optional<OutboundMessage> current = outbound.find(found.id());
      if (current.isEmpty() || !isDue(current.get(), now)) {
        continue;
      }
      OutboundMessage m = current.get();
      DestinationSequence seq = session.get();
      if (!source.mayTransmit(m, seq)) {
        // Waits for the client's next acknowledgement (or its reply Sequence); off the due scan
        // meanwhile, so that it does not hide the messages behind it.
        // The client's answer that frees it releases it at once (RmDestination); this is the fallback.
        outbound.update(m.heldUntil(now.plusMillis(settings.rm().retryIntervalMillis())));
        continue;
      }
      if (source.abandoned(m)) {
        outbound.delete(m.id()); // outside a Sequence: the client asks again, the session goes on
        continue;
      }
      if (source.exhausted(m)) {
        giveUp(seq, m);
        ended.add(m.sessionId());
        continue;
      }
      outbound.update(
          m.attempted(now.plus(source.backoff(m.attempts() + 1, initialIntervalMillis))));
      ready.add(
          new OutboundDispatch(
              m.id(), m.sessionId(), m.to(), writer.write(source.envelope(m, seq)), m.awaitsAnswer()));
    }
    return new Claim(ready, due.size());
  }

  private static boolean isDue(OutboundMessage m, Instant now) {
    return m.nextAttemptAt() != null && !m.nextAttemptAt().isAfter(now);
  }

  /** A message outside a Sequence reached the client: it is done. */
  public void delivered(long id) {
    outbound.delete(id);
  }

  private void giveUp(DestinationSequence seq, OutboundMessage m) {
    // WCF faults the session when MaxRetryCount is reached; both Sequences end.
    LOG.warning(
        "TANDEM-RM-0010 Session "
            + seq.id()
            + " ended: message "
            + m.messageNumber()
            + " to "
            + m.to()
            + " unacknowledged after "
            + m.attempts()
            + " transmissions");
    if (seq.state() != SequenceState.TERMINATED) {
      seq.terminate();
      store.update(seq);
      store.deleteMessages(seq.id());
    }
    outbound.deleteSession(seq.id());
    application.endSession(seq.endpoint(), seq.id());
  }
}
