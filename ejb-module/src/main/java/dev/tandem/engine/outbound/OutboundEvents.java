package dev.tandem.engine.outbound;

/**
 * What the RM Source's outbound queue tells an observer (metrics): transmissions and give-ups.
 * Called inside the claiming transaction; an implementation that counts should count only once that
 * transaction commits.
 */
public interface OutboundEvents {
  /** Observes nothing. */
  OutboundEvents NONE = new OutboundEvents() {};

  /**
   * A message was claimed for transmission (a POST to a dual client, or the answer to a
   * MakeConnection poll).
   *
   * @param retransmission true when it had been transmitted before (WS-RM 1.1 §2.1 retransmission)
   */
  default void transmitted(boolean retransmission) {}

  /** A message went unacknowledged after MaxRetryCount transmissions and its session ended. */
  default void gaveUp() {}
}
