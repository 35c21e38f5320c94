package dev.tandem.operations;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.rm.session.SourceSequence;
import dev.tandem.store.OperationsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The shapes the admin page and its JSON view show (records: JSON-B writes them as objects, the
 * pages read them with EL method calls). Times are ISO-8601 instants; ages in seconds.
 */
public final class SessionViews {
  private SessionViews() {}

  /**
   * One Sequence of a session.
   *
   * @param direction {@code inbound} (client → service: RM Destination here) or {@code outbound}
   *     (service → client: replies or callbacks, RM Source here)
   * @param messages inbound: MessageNumbers received; outbound: MessageNumbers sent
   * @param done inbound: delivered to the service in order; outbound: acknowledged by the client
   * @param ranges the AcknowledgementRanges (inbound: what Tandem acknowledges; outbound: what the
   *     client acknowledged), e.g. {@code 1-4,6}
   */
  public record SequenceView(
      String id, String direction, String state, long messages, long done, String ranges) {}

  /**
   * One session as listed.
   *
   * @param id the session's id: its inbound Sequence's Identifier
   * @param held inbound messages held behind a gap
   * @param queued outbound messages stored, not yet acknowledged
   * @param outbound its outbound Sequence, or null while there is none
   */
  public record SessionSummary(
      String id,
      String endpoint,
      String rmVersion,
      String state,
      String backChannel,
      SequenceView inbound,
      SequenceView outbound,
      long held,
      long queued,
      Instant lastActivity,
      Instant created,
      long ageSeconds,
      long idleSeconds) {}

  /**
   * A page of the list: {@code sessions} are the matching sessions from position {@code offset}
   * (0-based) on, at most the limit's number, of {@code total} matching.
   */
  public record SessionPage(long total, int offset, List<SessionSummary> sessions) {}

  /**
   * One inbound message.
   *
   * @param status {@code held} (behind a gap), {@code answered} (delivered, its reply stored for
   *     retransmissions) or {@code delivered} (delivered, one-way)
   */
  public record MessageView(long messageNumber, String status, Long replyNumber, String replyAction) {}

  /**
   * One outbound message waiting for its acknowledgement or its transmission.
   *
   * @param status {@code held} (the client's buffer is full or its Sequence not yet named), {@code
   *     queued} (not sent yet) or {@code awaiting-ack} (sent, unacknowledged)
   * @param lastError the last failed POST to its address on this node, or null
   */
  public record OutboundView(
      long messageNumber,
      String kind,
      String action,
      String to,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError) {}

  /**
   * One session in detail.
   *
   * @param acksTo the client's AcksTo address
   * @param backChannelDescription how answers and callbacks reach the client
   * @param messages stored inbound messages, in MessageNumber order, from {@code messagesFrom}
   * @param messagesFrom the first MessageNumber asked for (1 for the start)
   * @param messagesNext the MessageNumber the next page of {@code messages} starts at, or null when
   *     {@code messages} runs to the last stored one
   */
  public record SessionDetail(
      SessionSummary summary,
      String acksTo,
      String backChannelDescription,
      Instant expiresAt,
      List<MessageView> messages,
      long messagesFrom,
      Long messagesNext,
      List<OutboundView> outbound) {}

  /** The summary of a stored session at {@code now}. */
  public static SessionSummary summary(OperationsStore.SessionRow row, Instant now) {
    ReliableSession s = row.session();
    DestinationSequence in = s.inbound();
    SourceSequence out = s.outbound();
    long received = in.received().count();
    SequenceView inbound =
        new SequenceView(
            in.id(),
            "inbound",
            in.state().name().toLowerCase(),
            received,
            in.deliveredUpTo(),
            format(in.received()));
    SequenceView outbound =
        out.awaitsIdentifier()
            ? null
            : new SequenceView(
                out.id(),
                "outbound",
                in.state().name().toLowerCase(),
                out.lastMessageNumber(),
                out.acknowledged().count(),
                format(out.acknowledged()));
    return new SessionSummary(
        s.id(),
        in.endpoint(),
        in.version().name(),
        in.state().name().toLowerCase(),
        s.backChannel().name().toLowerCase(),
        inbound,
        outbound,
        received - in.deliveredUpTo(),
        row.queued(),
        in.lastActivity(),
        in.created(),
        Duration.between(in.created(), now).toSeconds(),
        Duration.between(in.lastActivity(), now).toSeconds());
  }

  /** {@code 1-4,6} for the ranges [1,4] and [6,6]; empty for none. */
  static String format(AcknowledgementRanges ranges) {
    StringBuilder b = new StringBuilder();
    for (AcknowledgementRange r : ranges.ranges()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(r.lower());
      if (r.upper() != r.lower()) {
        b.append('-').append(r.upper());
      }
    }
    return b.toString();
  }
}
