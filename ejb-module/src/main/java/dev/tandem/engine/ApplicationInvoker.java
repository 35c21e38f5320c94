package dev.tandem.engine;

import org.w3c.dom.Element;

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
   * Invokes the operation.
   *
   * @param endpoint service path, e.g. {@code /service.svc}
   * @param action the request's wsa:Action
   * @param body the request's SOAP Body content element
   * @return the reply, or null for a one-way operation
   */
  ApplicationReply invoke(String endpoint, String action, Element body);
}
