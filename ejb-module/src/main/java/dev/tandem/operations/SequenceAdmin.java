package dev.tandem.operations;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.engine.RmEngine;
import dev.tandem.operations.SessionViews.MessageView;
import dev.tandem.operations.SessionViews.OutboundView;
import dev.tandem.operations.SessionViews.SessionDetail;
import dev.tandem.operations.SessionViews.SessionPage;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.session.CallbackFailures;
import dev.tandem.session.OutboundWakeUp;
import dev.tandem.session.TandemSettings;
import dev.tandem.store.OperationsStore;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The admin page's reads and actions. Reads run in a transaction of their own and lock nothing (a
 * busy session is shown as last committed). Each action runs in one transaction, locks the
 * session as a message would, and is logged at INFO with the operator's name:
 * TANDEM-ADMIN-0001 (terminate), TANDEM-ADMIN-0002 (purge), TANDEM-ADMIN-0003 (retry now).
 */
@Stateless
public class SequenceAdmin {
  private static final Logger LOG = Logger.getLogger(SequenceAdmin.class.getName());
  /** Inbound messages a detail view lists when not told how many. */
  public static final int DEFAULT_MESSAGES = 500;
  /** Most inbound messages a detail view lists, and most outbound ones. */
  public static final int MAX_MESSAGES = 1000;

  @Inject OperationsStore operations;
  @Inject RmStore store;
  @Inject OutboundStore outbound;
  @Inject MetroApplicationInvoker application;
  @Inject TandemSettings settings;
  @Inject OutboundWakeUp wakeUp;
  @Inject CallbackFailures failures;

  /**
   * Sessions matching {@code filter}, most recently active first, from position {@code offset} (≥
   * 0), at most {@code limit}.
   */
  public SessionPage list(OperationsStore.Filter filter, int offset, int limit) {
    Instant now = Instant.now();
    return new SessionPage(
        operations.count(filter),
        offset,
        operations.sessions(filter, offset, limit).stream()
            .map(r -> SessionViews.summary(r, now))
            .toList());
  }

  /**
   * The session one of whose Sequences has Identifier {@code sequenceId}, with its stored inbound
   * messages from MessageNumber {@code fromNumber} on, at most {@code limit}.
   *
   * @param fromNumber 1 or more
   * @param limit 1 to {@value #MAX_MESSAGES}
   * @throws IllegalArgumentException when {@code fromNumber} or {@code limit} is out of range
   */
  public Optional<SessionDetail> detail(String sequenceId, long fromNumber, int limit) {
    checkMessagePage(fromNumber, limit);
    Instant now = Instant.now();
    return operations.session(sequenceId).map(row -> detail(row, fromNumber, limit, now));
  }

  /**
   * Checks a page of a session's messages before {@link #detail(String, long, int)} is called: a
   * caller outside the bean (the JSON view) gets the plain exception, not an EJBException.
   *
   * @throws IllegalArgumentException when {@code fromNumber} is below 1 or {@code limit} is not 1
   *     to {@value #MAX_MESSAGES}
   */
  public static void checkMessagePage(long fromNumber, int limit) {
    if (fromNumber < 1) {
      throw new IllegalArgumentException("from must be a MessageNumber, 1 or more");
    }
    if (limit < 1 || limit > MAX_MESSAGES) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_MESSAGES);
    }
  }

  private SessionDetail detail(
      OperationsStore.SessionRow row, long fromNumber, int limit, Instant now) {
    String id = row.session().id();
    // One more than the page, to know whether a next page exists without counting.
    List<MessageView> messages =
        operations.messages(id, fromNumber, limit + 1).stream()
            .map(
                m ->
                    new MessageView(
                        m.messageNumber(),
                        m.status() == MessageStatus.HELD
                            ? "held"
                            : m.replyNumber() != null ? "answered" : "delivered",
                        m.replyNumber(),
                        m.replyAction()))
            .toList();
    List<OutboundView> queued =
        operations.outbound(id, MAX_MESSAGES).stream()
            .map(
                o ->
                    new OutboundView(
                        o.messageNumber(),
                        o.kind().toLowerCase(),
                        o.action(),
                        o.to(),
                        o.held() ? "held" : o.attempts() == 0 ? "queued" : "awaiting-ack",
                        o.attempts(),
                        o.nextAttemptAt(),
                        failures.last(o.to()).map(f -> f.at() + " " + f.error()).orElse(null)))
            .toList();
    return new SessionDetail(
        SessionViews.summary(row, now),
        row.session().inbound().acksTo(),
        describe(row.session().backChannel()),
        row.session().inbound().expiresAt(),
        messages.size() > limit ? messages.subList(0, limit) : messages,
        fromNumber,
        messages.size() > limit ? messages.get(limit).messageNumber() : null,
        queued);
  }

  /**
   * Terminates the session (both Sequences); its client's next message gets SequenceTerminated.
   *
   * @param who the operator, for the log
   * @return false when there is no such session or it was terminated already
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean terminate(String sessionId, String who) {
    boolean ended =
        new RmEngine(store, outbound, application, settings.rm(), Clock.systemUTC())
            .lifecycle()
            .terminateByOperator(sessionId);
    if (ended) {
      LOG.info("TANDEM-ADMIN-0001 Sequence " + sessionId + " terminated by operator " + who);
    }
    return ended;
  }

  /**
   * Deletes a terminated session with anything still stored for it (a later message for it gets
   * UnknownSequence).
   *
   * @return false when there is no such session or it is not terminated
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean purge(String sessionId, String who) {
    boolean purged = operations.purge(sessionId);
    if (purged) {
      LOG.info("TANDEM-ADMIN-0002 Sequence " + sessionId + " purged by operator " + who);
    }
    return purged;
  }

  /**
   * Makes the session's outbound messages due now and wakes the sender and any poll parked for
   * them (held messages stay held: the client's buffer is full).
   *
   * @return how many messages were made due
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public int retryNow(String sessionId, String who) {
    Instant now = Instant.now();
    int due = operations.retryNow(sessionId, now);
    operations.outbound(sessionId, MAX_MESSAGES).stream()
        .map(OperationsStore.OutboundRow::to)
        .distinct()
        .forEach(to -> wakeUp.queued(to, now));
    LOG.info(
        "TANDEM-ADMIN-0003 outbound queue of Sequence "
            + sessionId
            + " retried now by operator "
            + who
            + ": "
            + due
            + " messages due");
    return due;
  }

  private static String describe(BackChannel b) {
    return switch (b) {
      case RESPONSE -> "HTTP response of each request";
      case RESPONSE_AND_POLL -> "HTTP response; replies also kept for MakeConnection polls";
      case ADDRESSED -> "POSTed to the client's address (dual HTTP)";
      case POLLED -> "HTTP response; callbacks on MakeConnection polls";
    };
  }
}
