package dev.tandem.store;

import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.StoredMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable state of the RM Destination: Sequences, their received numbers, held messages and
 * stored replies. All methods join the caller's transaction; nothing is acknowledged to a peer before
 * that transaction commits.
 *
 * <p>Implementations must keep every per-message operation independent of the Sequence's length: no
 * method scans a Sequence's history.
 */
public interface RmStore {

  /** Inserts a new Sequence. */
  void create(DestinationSequence sequence);

  /**
   * Finds a Sequence by its Identifier and locks it for the rest of the transaction (pessimistic
   * write lock), so concurrent messages of one Sequence are serialised.
   */
  Optional<DestinationSequence> lock(String sequenceId);

  /**
   * Finds and locks the Sequence whose offered reply Sequence has this Identifier. When there is
   * none, an implementation may hold the Identifier until the transaction ends, so that two
   * transactions creating a Sequence for one Offer run one after the other (the JPA store does,
   * within one server: {@code OfferedIdLocks}).
   */
  Optional<DestinationSequence> lockByOfferedId(String offeredId);

  /** Writes back a Sequence obtained from {@link #lock}. */
  void update(DestinationSequence sequence);

  /** The stored message with that number, if it was received. */
  Optional<StoredMessage> findMessage(String sequenceId, long messageNumber);

  /** Inserts or replaces the stored message (key: Sequence Identifier and MessageNumber). */
  void saveMessage(StoredMessage message);

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
