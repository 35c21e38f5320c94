package dev.tandem.store;

import java.util.Optional;

/**
 * The durable state of a session-bound service instance (WCF InstanceContextMode.PerSession), e.g.
 * the duplex calculator's running result. Stateful beans cache it; this store is the truth, written
 * in the transaction of the message that changed it. Joins the caller's transaction.
 */
public interface SessionStateStore {

  /** The state saved for the session, as the service serialised it. */
  Optional<String> load(String sessionId);

  /**
   * Inserts or replaces the session's state.
   *
   * @param sessionId the request Sequence Identifier
   * @param service which service owns it (endpoint path)
   * @param state service-defined text, at most 64 KiB
   */
  void save(String sessionId, String service, String state);

  /** Removes the session's state (session ended). */
  void delete(String sessionId);
}
