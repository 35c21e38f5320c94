package dev.tandem.store;

import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.session.ReliableSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable state of reliable sessions ({@link ReliableSession}: the client's Sequence with its
 * received numbers, held messages and stored replies, and the Sequence Tandem sends in), each stored
 * and locked as one unit. All methods join the caller's transaction; nothing is acknowledged to a peer before
 * that transaction commits.
 *
 * <p>Implementations must keep every per-message operation independent of the Sequence's length: no
 * method scans a Sequence's history.
 */
public interface RmStore {

  /** Inserts a new session. */
  void create(ReliableSession session);

  /**
   * Finds a session by its id (its inbound Sequence's Identifier) and locks it for the rest of the
   * transaction (pessimistic write lock), so concurrent messages of one session are serialised.
   */
  Optional<ReliableSession> lock(String sessionId);

  /**
   * Like {@link #lock}, but does not wait for a session another transaction holds — on another node,
   * say (PostgreSQL: {@code SELECT … FOR UPDATE SKIP LOCKED}): background drains use it so that N
   * nodes share the work instead of queueing behind each other. Stores whose database cannot skip
   * locked rows wait, as {@link #lock} does.
   *
   * @return the locked session; empty when none is stored or another transaction holds it ({@link
   *     #exists} tells which)
   */
  default Optional<ReliableSession> tryLock(String sessionId) {
    return lock(sessionId);
  }

  /** True when a session with that id is stored, locked by anyone or not; takes no lock. */
  boolean exists(String sessionId);

  /**
   * Finds and locks the session whose outbound Sequence ({@link ReliableSession#outbound()}, offered
   * or named by the client) has this Identifier. When there is none, an implementation may hold the
   * Identifier until the transaction ends, so that two transactions creating a session for one
   * Offer run one after the other (the JPA store does: across nodes with a PostgreSQL advisory lock,
   * within one server on other databases with {@code OfferedIdLocks}).
   */
  Optional<ReliableSession> lockBySourceSequence(String sourceSequenceId);

  /** Writes back a session obtained from {@link #lock} or {@link #lockBySourceSequence}. */
  void update(ReliableSession session);

  /** The stored message with that number, if it was received. */
  Optional<StoredMessage> findMessage(String sequenceId, long messageNumber);

  /** Inserts or replaces the stored message (key: Sequence Identifier and MessageNumber). */
  void saveMessage(StoredMessage message);

  /**
   * Inserts a message received for the first time — its MessageNumber is not among the Sequence's
   * received AcknowledgementRanges, so no row can exist — without looking for one first (one
   * statement per message instead of two; the ranges are the index).
   *
   * @throws jakarta.persistence.PersistenceException a row with that key exists (a caller bug), no
   *     later than the flush at commit
   */
  void insertMessage(StoredMessage message);

  /**
   * Identifiers of Sequences not yet terminated whose last activity is before {@code cutoff}, at most
   * {@code limit} of them (InactivityTimeout, WS-RM 1.1 §2.4 / policy).
   */
  List<String> findInactive(Instant cutoff, int limit);

  /**
   * Identifiers of Sequences not yet terminated whose granted {@code Expires} has run out (an
   * expiry at or before {@code now}), at most {@code limit} of them (WS-RM 1.1 §3.4). Sequences that
   * never expire are never returned.
   */
  List<String> findExpired(Instant now, int limit);

  /** Deletes the stored messages of a terminated Sequence; the Sequence row itself remains. */
  void deleteMessages(String sequenceId);

  /**
   * How many Sequences are not terminated (active or closed): the figure the open-Sequence cap
   * ({@code tandem.limits.max-open-sequences}) is checked against. Not locked: concurrent
   * CreateSequences may overshoot the cap by the number running at once.
   */
  long countOpen();

  /**
   * Deletes terminated Sequences whose last activity is before {@code cutoff}, with anything still
   * stored for them, at most {@code limit} (the retention policy, {@code tandem.rm.retention}). A
   * message for a purged Sequence later gets UnknownSequence instead of SequenceTerminated.
   *
   * @return how many Sequences were deleted
   */
  int purgeTerminated(Instant cutoff, int limit);
}
