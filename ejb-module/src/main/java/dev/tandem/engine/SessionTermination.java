package dev.tandem.engine;

import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.engine.outbound.SessionEnd;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.RmStore;
import java.time.Clock;

/**
 * Ends a session and everything hanging off it: both Sequences, held messages, the outbound queue,
 * the service's state. Ended by Tandem (a later message gets SequenceTerminated, WS-RM 1.1 §4.7)
 * unless {@link dev.tandem.rm.session.DestinationSequence#terminateByClient} was called first.
 */
final class SessionTermination implements SessionEnd {
  private final RmStore store;
  private final ApplicationInvoker application;
  private final Clock clock;
  private OutboundQueue queue;

  SessionTermination(RmStore store, ApplicationInvoker application, Clock clock) {
    this.store = store;
    this.application = application;
    this.clock = clock;
  }

  /** The queue is built with this termination, so it is handed over afterwards. */
  void queue(OutboundQueue queue) {
    this.queue = queue;
  }

  @Override
  public void end(ReliableSession session) {
    session.inbound().terminate();
    session.inbound().touch(clock.instant());
    store.update(session);
    store.deleteMessages(session.id());
    if (session.backChannel().queues()) {
      queue.discard(session);
    }
    application.endSession(session.endpoint(), session.id());
  }
}
