package dev.tandem.session;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes the outbound sender when a transaction that queued messages commits, so a callback leaves at
 * once instead of at the next scheduled sweep.
 */
@ApplicationScoped
public class OutboundWakeUp {
  private volatile Runnable listener = () -> {};

  void listen(Runnable listener) {
    this.listener = listener;
  }

  /** Signals that new outbound messages are committed. Never blocks. */
  public void fire() {
    listener.run();
  }
}
