package dev.tandem.engine;

/**
 * The port through which the engine delivers a message to a service (the ported WCF samples). The
 * engine calls it inside the message's transaction, exactly once per MessageNumber, in order.
 */
public interface ApplicationInvoker {

  /**
   * True when messages to {@code endpoint} must travel in a WS-RM Sequence (all of Tandem's sample
   * endpoints but the plain baseline).
   */
  default boolean isReliable(String endpoint) {
    return true;
  }

  /** True when the service at {@code endpoint} has an operation with this input Action. */
  boolean supports(String endpoint, String action);

  /**
   * True when the endpoint is a duplex service (WCF wsDualHttpBinding): one-way operations,
   * callbacks on the offered Sequence, and every message answered on its own channel rather than on
   * the HTTP response.
   */
  default boolean isDuplex(String endpoint) {
    return false;
  }

  /**
   * Invokes the operation.
   *
   * @return the reply, or null for a one-way operation
   */
  ApplicationReply invoke(Invocation invocation);

  /** The session ended (terminated, timed out or faulted): the service may drop its state. */
  default void endSession(String endpoint, String sessionId) {}
}
