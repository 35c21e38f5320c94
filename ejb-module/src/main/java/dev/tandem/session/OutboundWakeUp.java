package dev.tandem.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Wakes the outbound sender when a transaction that queued messages commits, so a callback leaves at
 * once instead of at the next scheduled sweep.
 */
@ApplicationScoped
public class OutboundWakeUp {
  private volatile Runnable listener = () -> {};
  private final List<BiConsumer<String, Instant>> addressListeners = new CopyOnWriteArrayList<>();

  void listen(Runnable listener) {
    this.listener = listener;
  }

  /**
   * Registers for committed messages by address (the MakeConnection poll registry).
   *
   * @param listener gets the address and the time the message falls due
   */
  public void listenAddresses(BiConsumer<String, Instant> listener) {
    addressListeners.add(listener);
  }

  /** Signals that new outbound messages are committed. Never blocks. */
  public void fire() {
    listener.run();
  }

  /** Signals that a message for {@code address}, due at {@code dueAt}, is committed. */
  public void queued(String address, Instant dueAt) {
    listener.run();
    addressListeners.forEach(l -> l.accept(address, dueAt));
  }
}
