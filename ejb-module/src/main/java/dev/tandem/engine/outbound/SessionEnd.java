package dev.tandem.engine.outbound;

import dev.tandem.rm.session.ReliableSession;

/**
 * Ends a session and everything hanging off it (held messages, outbound queue, service state); the
 * engine implements it, the queue calls it when a message used up its retry budget.
 */
@FunctionalInterface
public interface SessionEnd {
  /** Terminates {@code session} (locked by the caller) inside the caller's transaction. */
  void end(ReliableSession session);
}
