package dev.tandem.engine;

import dev.tandem.engine.outbound.OutboundEvents;

/**
 * What the engine tells an observer (metrics) about inbound Sequence messages, per endpoint (the
 * service path, e.g. {@code /service.svc}). Called inside the message's transaction; an
 * implementation that counts should count only once it commits, so that a message whose
 * transaction rolls back (a fault) is not counted as accepted. Every method must be cheap.
 */
public interface RmEvents extends OutboundEvents {
  /** Observes nothing. */
  RmEvents NONE = new RmEvents() {};

  /** A MessageNumber not received before was accepted (delivered now or held behind a gap). */
  default void received(String endpoint) {}

  /** An accepted message was ahead of a gap: stored and held until the gap fills (WS-RM 1.1 §2). */
  default void heldBehindGap(String endpoint) {}

  /** A message was delivered to the service (in order; a held one when its gap filled). */
  default void delivered(String endpoint) {}

  /**
   * A MessageNumber received before arrived again and was answered from the store (its stored
   * reply, or an acknowledgement); it was not delivered again.
   */
  default void retransmissionAnswered(String endpoint) {}

  /**
   * A message beyond the transfer window (the BufferRemaining advertised) was turned away
   * unacknowledged; the RM Source sends it again later.
   */
  default void refusedBeyondWindow(String endpoint) {}
}
