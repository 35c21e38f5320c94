package dev.tandem.store;

/**
 * The execution ledger: a durable record of every delivery of a Sequence message to the service, the
 * evidence for "every accepted message is executed exactly once, in order" (issue 7). The engine
 * records a delivery in the same transaction as the invocation, so a rolled-back delivery leaves no
 * entry and a committed one always does. Off in production by default ({@code tandem.ledger.enabled}):
 * it costs one insert per message.
 */
public interface ExecutionLedger {

  /** A ledger that records nothing (the default). */
  ExecutionLedger NONE = (sequenceId, messageNumber) -> {};

  /**
   * Records one execution of a message, inside the caller's transaction.
   *
   * @param sequenceId the request Sequence Identifier
   * @param messageNumber the MessageNumber delivered to the service (WS-RM 1.1 §3.7), at least 1
   * @throws jakarta.persistence.PersistenceException (JPA implementation) when the row cannot be
   *     written; the caller's transaction then rolls back, so the delivery is undone with it
   */
  void record(String sequenceId, long messageNumber);
}
