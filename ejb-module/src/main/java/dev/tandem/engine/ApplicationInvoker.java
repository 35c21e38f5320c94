package dev.tandem.engine;

import javax.xml.namespace.QName;

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
   * True when the operation this input Action names answers with a reply message, i.e. it is not
   * one-way. Such a request must carry {@code wsa:MessageID} (WS-Addressing 1.0 Core §3.4), since the
   * reply's {@code wsa:RelatesTo} names it. The default (for invokers that do not know) is false.
   */
  default boolean expectsReply(String endpoint, String action) {
    return false;
  }

  /**
   * The element the body of a request with this input Action must be: the operation's request
   * wrapper (WCF dispatches by Action, then reads the body as that operation's wrapper). Null when
   * unknown, which leaves the body to the service.
   */
  default QName requestElement(String endpoint, String action) {
    return null;
  }

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
