package dev.tandem.store;

import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.session.ReliableSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator sees and does (the admin page, its JSON view, the metrics' gauges): read-only
 * views across sessions, and the few writes an operator may ask for. Every method joins the
 * caller's transaction. Views are bounded: lists take a {@code limit}, so a store with 100,000
 * Sequences answers a page, not all of them.
 */
public interface OperationsStore {

  /**
   * A filter for {@link #sessions}: any part may be null (no filter).
   *
   * @param state the inbound Sequence's state
   * @param endpoint the service path, e.g. {@code /service.svc}
   * @param idContains part of either Sequence's Identifier (case-sensitive)
   */
  record Filter(SequenceState state, String endpoint, String idContains) {
    public static final Filter ALL = new Filter(null, null, null);
  }

  /**
   * One session as listed: its inbound Sequence (client → service) and, when there is one, its
   * outbound Sequence (service → client: replies or callbacks).
   *
   * @param queued outbound messages stored for the session (not yet acknowledged)
   */
  record SessionRow(ReliableSession session, Instant created, long queued) {}

  /** Sessions matching {@code filter}, most recently active first, at most {@code limit}. */
  default List<SessionRow> sessions(Filter filter, int limit) {
    return sessions(filter, 0, limit);
  }

  /**
   * A page of {@link #sessions(Filter, int)}: skips the first {@code offset} (≥ 0) of that order.
   * Pages taken one after the other may overlap or skip a session whose activity moved it.
   */
  List<SessionRow> sessions(Filter filter, int offset, int limit);

  /** How many sessions match {@code filter} (for "showing 200 of N"). */
  long count(Filter filter);

  /** The session whose inbound or outbound Sequence has this Identifier, not locked. */
  Optional<SessionRow> session(String sequenceId);

  /**
   * One stored inbound message (key: Sequence Identifier, MessageNumber).
   *
   * @param status HELD (behind a gap) or DELIVERED
   * @param replyNumber the outbound MessageNumber of its stored reply (the answer a retransmission
   *     gets), or null (one-way, or not delivered yet)
   * @param replyAction the stored reply's Action, or null
   */
  record MessageRow(long messageNumber, MessageStatus status, Long replyNumber, String replyAction) {}

  /**
   * The inbound messages stored for the session whose MessageNumber is {@code fromNumber} or more,
   * in MessageNumber order, at most {@code limit} (a page that the next call continues from the last
   * MessageNumber + 1).
   */
  List<MessageRow> messages(String sessionId, long fromNumber, int limit);

  /**
   * One outbound message waiting for its acknowledgement or its transmission.
   *
   * @param messageNumber its MessageNumber in the outbound Sequence (0 outside a Sequence)
   * @param attempts transmissions so far
   * @param nextAttemptAt when it is due again (null: not due until an answer releases it)
   * @param held true while the client's buffer is full or its Sequence not yet named
   */
  record OutboundRow(
      long id,
      long messageNumber,
      String kind,
      String action,
      String to,
      int attempts,
      Instant nextAttemptAt,
      boolean held) {}

  /** The outbound messages stored for the session, in order, at most {@code limit}. */
  List<OutboundRow> outbound(String sessionId, int limit);

  /**
   * Makes the session's outbound messages due now (the operator's "retry now"); held ones stay
   * held.
   *
   * @return how many were made due
   */
  int retryNow(String sessionId, Instant now);

  /**
   * Deletes a terminated session with anything still stored for it. A later message for it gets
   * UnknownSequence.
   *
   * @return false when there is no such session or it is not terminated
   */
  boolean purge(String sessionId);

  /**
   * Figures for the metrics' gauges, all from one look at the store.
   *
   * @param sessions sessions by endpoint and then by their inbound Sequence's state
   * @param held inbound messages held behind a gap
   * @param queued outbound messages stored (all sessions)
   * @param pendingMakeConnection of those, messages addressed to a MakeConnection anonymous URI
   */
  record Census(
      Map<String, Map<SequenceState, Long>> sessions, long held, long queued, long pendingMakeConnection) {}

  /** Counts for the gauges (aggregate queries over the whole store: run them seconds apart). */
  Census census();

  /** The RM version of the session's Sequences (a convenience for views). */
  default RmVersion version(SessionRow row) {
    return row.session().inbound().version();
  }
}
