package dev.tandem.rm.model;

/**
 * Life-cycle of a Sequence at the RM Destination (WS-RM 1.1 §3.5–3.6, Appendix "State Tables"). The
 * allowed transitions live here and only here.
 */
public enum SequenceState {
  /** Created and accepting messages. */
  ACTIVE,
  /**
   * No new message numbers accepted: WS-RM 1.1 CloseSequence received, or (February 2005) the
   * LastMessage number is known. Retries of received numbers are still answered.
   */
  CLOSED,
  /** Ended by TerminateSequence or by InactivityTimeout; any further message gets a fault. */
  TERMINATED;

  /**
   * The state after a CloseSequence / LastMessage.
   *
   * @throws IllegalStateException when the Sequence is already terminated
   */
  public SequenceState close() {
    if (this == TERMINATED) {
      throw new IllegalStateException("a terminated sequence cannot be closed");
    }
    return CLOSED;
  }

  /** The state after TerminateSequence or an InactivityTimeout: always allowed, idempotent. */
  public SequenceState terminate() {
    return TERMINATED;
  }

  /** True when a message with a number not yet received may be accepted. */
  public boolean acceptsNewMessages() {
    return this == ACTIVE;
  }
}
