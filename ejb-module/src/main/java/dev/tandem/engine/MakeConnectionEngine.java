package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * WS-MakeConnection 1.1 (§3): a client that cannot listen polls with {@code MakeConnection} for its
 * MC anonymous address, and the next message queued for that address travels on the poll's HTTP
 * response, with {@code mc:MessagePending} saying whether more wait. Messages stay queued until
 * acknowledged (a poll response lost on the way is covered by RM retransmission on a later poll).
 */
public final class MakeConnectionEngine {
  /** How many queued messages one look-up considers (one is sent, the rest set MessagePending). */
  private static final int LOOK_AHEAD = 16;

  private final RmStore store;
  private final OutboundStore outbound;
  private final RmSource source;
  private final Clock clock;
  private final MakeConnectionReader reader = new MakeConnectionReader();

  public MakeConnectionEngine(RmStore store, OutboundStore outbound, RmSettings settings, Clock clock) {
    this.store = store;
    this.outbound = outbound;
    this.source = new RmSource(settings);
    this.clock = clock;
  }

  /**
   * A MakeConnection poll: the next due message for its address, or {@link Answer.Park} when none is
   * due yet.
   *
   * @throws dev.tandem.rm.protocol.RmFaultException MissingSelection, UnsupportedSelection
   */
  public Answer poll(InboundEnvelope in) {
    String address = reader.address(in.body());
    Optional<Answer.Reply> reply = deliver(address, in.soapVersion());
    return reply.isPresent() ? reply.get() : new Answer.Park(address);
  }

  /**
   * Claims the next message due for {@code address} (its attempt is recorded, so it is offered again
   * only after its back-off if no acknowledgement comes), as the poll's reply.
   *
   * @return the reply, or empty when nothing is due for that address
   */
  public Optional<Answer.Reply> deliver(String address, SoapVersion soap) {
    Instant now = clock.instant();
    List<OutboundMessage> waiting = outbound.findByAddress(address, LOOK_AHEAD);
    for (OutboundMessage found : waiting) {
      if (!isDue(found, now)) {
        continue;
      }
      Optional<DestinationSequence> session = store.lock(found.sessionId());
      if (session.isEmpty()) {
        outbound.delete(found.id());
        continue;
      }
      // Read again under the session lock: an acknowledgement (or a concurrent poll) may have
      // removed or claimed it since the unlocked find.
      Optional<OutboundMessage> current = outbound.find(found.id());
      if (current.isEmpty() || !isDue(current.get(), now)) {
        continue;
      }
      OutboundMessage m = current.get();
      if (!source.mayTransmit(m, session.get())) {
        continue;
      }
      if (m.awaitsAnswer()) {
        outbound.update(m.attempted(now.plus(source.backoff(m.attempts() + 1))));
      } else {
        outbound.delete(m.id()); // nothing will acknowledge or answer it
      }
      // Callbacks that wait for the client to name their Sequence are not "pending" to a poll.
      boolean pending = waiting.stream().anyMatch(o -> o.id() != m.id() && !o.awaitsReplySequence());
      OutboundEnvelope env = source.envelope(m, session.get()).withMessagePending(pending);
      return Optional.of(new Answer.Reply(env, 200));
    }
    return Optional.empty();
  }

  private static boolean isDue(OutboundMessage m, Instant now) {
    return m.nextAttemptAt() != null && !m.nextAttemptAt().isAfter(now);
  }
}
