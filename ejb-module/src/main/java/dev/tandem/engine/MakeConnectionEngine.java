package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.engine.outbound.OutboundQueue;
import java.util.Optional;

/**
 * WS-MakeConnection 1.1 (§3): a client that cannot listen polls with {@code MakeConnection} for its
 * MC anonymous address, and the next message queued for that address travels on the poll's HTTP
 * response, with {@code mc:MessagePending} saying whether more wait. It is one of the two drains of
 * the {@link OutboundQueue}; messages stay queued until acknowledged (a poll response lost on the way
 * is covered by RM retransmission on a later poll).
 */
public final class MakeConnectionEngine {
  private final OutboundQueue queue;
  private final MakeConnectionReader reader = new MakeConnectionReader();

  MakeConnectionEngine(OutboundQueue queue) {
    this.queue = queue;
  }

  /**
   * A MakeConnection poll: the next due message for its address, or {@link Answer.Park} when none is
   * due yet.
   *
   * @throws dev.tandem.rm.protocol.RmFaultException MissingSelection, UnsupportedSelection
   */
  public Answer poll(InboundEnvelope in) {
    String address = reader.address(in.body());
    Optional<Answer.Reply> reply = deliver(address);
    return reply.isPresent() ? reply.get() : new Answer.Park(address);
  }

  /**
   * Claims the next message due for {@code address} as a poll's reply (its attempt is recorded, so
   * it is offered again only after its back-off if no acknowledgement comes).
   *
   * @return the reply, or empty when nothing is due for that address
   */
  public Optional<Answer.Reply> deliver(String address) {
    return queue.claimFor(address).map(env -> new Answer.Reply(env, 200));
  }
}
