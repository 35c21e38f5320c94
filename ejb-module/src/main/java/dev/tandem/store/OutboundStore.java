package dev.tandem.store;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable queue of the messages Tandem sends as RM Source (WS-RM 1.1 §2.4: the RM Source keeps a
 * message until it is acknowledged). Joins the caller's transaction.
 */
public interface OutboundStore {

  /**
   * Stores a new message; its {@code id} is ignored and assigned.
   *
   * @return the assigned id, increasing in enqueue order
   */
  long enqueue(OutboundMessage message);

  /**
   * Messages due at {@code now} ({@code nextAttemptAt <= now}), oldest id first, at most {@code
   * limit}; messages addressed to a MakeConnection anonymous URI are left out when {@code
   * excludeAddressPrefix} is non-null and their address starts with it.
   */
  List<OutboundMessage> findDue(Instant now, int limit, String excludeAddressPrefix);

  /**
   * The message as stored now, or empty when it is gone (acknowledged, its session ended). The
   * finders read without locks, so a sender re-reads a message here after locking its session:
   * acknowledgements and other senders change messages under that lock, concurrently with a find.
   */
  Optional<OutboundMessage> find(long id);

  /**
   * Writes back attempts, next attempt time and held flag of a message (from {@link
   * OutboundMessage#attempted} or {@link OutboundMessage#heldUntil}).
   */
  void update(OutboundMessage message);

  /**
   * Makes the session's held messages ({@link OutboundMessage#held()}) due at {@code now} and no
   * longer held: the client's answer freed them (an acknowledgement with buffer room, WCF flow
   * control; the CreateSequenceResponse naming their reply Sequence).
   *
   * @return the released messages as they are now stored, oldest first (empty when none was held)
   */
  List<OutboundMessage> releaseHeld(String sessionId, Instant now);

  /** Removes one message (an unsequenced message handed to the transport). */
  void delete(long id);

  /**
   * Removes the messages of {@code sequenceId} whose numbers {@code acknowledged} covers.
   *
   * @return how many were removed
   */
  int acknowledge(String sequenceId, AcknowledgementRanges acknowledged);

  /** Removes every message of a session (terminated, or faulted after its retry budget). */
  int deleteSession(String sessionId);

  /** How many messages of the session are still stored. */
  long countSession(String sessionId);

  /**
   * The oldest stored messages addressed to {@code to}, at most {@code limit} (MakeConnection: what
   * a poll for that address may receive).
   */
  List<OutboundMessage> findByAddress(String to, int limit);

  /**
   * The client answered Tandem's CreateSequence for a session's reply Sequence (WS-RM 1.1 §3.4):
   * removes the session's {@link OutboundMessage.Kind#CREATE_SEQUENCE} message and puts the messages
   * that waited for the Identifier ({@link OutboundMessage#awaitsReplySequence()}) into {@code
   * sequenceId}, keeping their MessageNumbers.
   *
   * @return how many waiting messages now travel in {@code sequenceId}
   */
  int replySequenceCreated(String sessionId, String sequenceId);
}
