package dev.tandem.service;

/**
 * A ported WCF service with {@code InstanceContextMode.PerSession} and a callback contract: one
 * instance per session, its state saved by Tandem after every message and restored after a restart.
 *
 * @param <C> the callback contract (WCF's {@code CallbackContract})
 */
public interface SessionService<C> {

  /** Gives the instance its session's callback channel (WCF's {@code GetCallbackChannel<C>()}). */
  void bindCallback(C callback);

  /** The instance's state as text, saved in the transaction of the message that changed it. */
  String snapshot();

  /**
   * Restores a state produced by {@link #snapshot()}.
   *
   * @throws IllegalArgumentException when the text is not a snapshot of this service
   */
  void restore(String snapshot);
}
