package dev.tandem.store.jpa;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.rm.session.SourceSequence;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One row of {@code rm_sequence}: a {@link ReliableSession}, its inbound {@link DestinationSequence}
 * and its outbound {@link SourceSequence} (columns {@code offered_id}, {@code reply_*}) together, so
 * that one row lock serialises the whole session.
 * Acknowledgement ranges are stored in {@link AcknowledgementRanges#encode()}'s text form, so a
 * write costs O(ranges), never O(messages).
 */
@Entity(name = "RmSequence")
@Table(name = "rm_sequence")
class RmSequenceEntity {
  @Id
  @Column(name = "id", length = 200)
  private String id;

  @Enumerated(EnumType.STRING)
  @Column(name = "rm_version", nullable = false, updatable = false, length = 20)
  private RmVersion rmVersion;

  @Column(name = "offered_id", length = 1024)
  private String offeredId;

  @Column(name = "acks_to", updatable = false, length = 2048)
  private String acksTo;

  @Column(name = "endpoint", updatable = false, length = 1024)
  private String endpoint;

  /** Chosen at CreateSequence (V9__back_channel.sql filled it in for older rows). */
  @Enumerated(EnumType.STRING)
  @Column(name = "back_channel", nullable = false, updatable = false, length = 20)
  private BackChannel backChannel;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false, length = 20)
  private SequenceState state;

  @Column(name = "received_ranges", nullable = false)
  private String receivedRanges;

  @Column(name = "delivered_up_to", nullable = false)
  private long deliveredUpTo;

  @Column(name = "last_message_number")
  private Long lastMessageNumber;

  @Column(name = "reply_last_number", nullable = false)
  private long replyLastNumber;

  @Column(name = "reply_acknowledged", nullable = false)
  private String replyAcknowledged;

  @Column(name = "reply_buffer_remaining")
  private Integer replyBufferRemaining;

  @Column(name = "terminated_by_client", nullable = false)
  private boolean terminatedByClient;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "last_activity", nullable = false)
  private Instant lastActivity;

  /** The granted Expires' end (WS-RM 1.1 §3.4); null when the Sequence never expires. */
  @Column(name = "expires_at", updatable = false)
  private Instant expiresAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  /** For JPA. */
  protected RmSequenceEntity() {}

  String id() {
    return id;
  }

  /** A new row holding {@code session}. */
  static RmSequenceEntity of(ReliableSession session) {
    DestinationSequence sequence = session.inbound();
    RmSequenceEntity e = new RmSequenceEntity();
    e.id = sequence.id();
    e.rmVersion = sequence.version();
    e.acksTo = sequence.acksTo();
    e.endpoint = sequence.endpoint();
    e.backChannel = session.backChannel();
    e.createdAt = sequence.created();
    e.expiresAt = sequence.expiresAt();
    e.copyMutableStateFrom(session);
    return e;
  }

  /**
   * Copies what may change during a session's life; the Identifier, version, AcksTo, endpoint, back
   * channel, creation time and expiry are fixed at CreateSequence (the outbound Sequence's
   * Identifier is set once, when the client offered none and answered Tandem's CreateSequence).
   */
  void copyMutableStateFrom(ReliableSession session) {
    DestinationSequence sequence = session.inbound();
    SourceSequence source = session.outbound();
    offeredId = source.id();
    state = sequence.state();
    terminatedByClient = sequence.terminatedByClient();
    receivedRanges = sequence.received().encode();
    deliveredUpTo = sequence.deliveredUpTo();
    lastMessageNumber = sequence.lastMessageNumber();
    replyLastNumber = source.lastMessageNumber();
    replyAcknowledged = source.acknowledged().encode();
    replyBufferRemaining = source.bufferRemaining();
    lastActivity = sequence.lastActivity();
  }

  /** The session this row holds (a fresh instance each call). */
  ReliableSession toDomain() {
    DestinationSequence inbound =
        DestinationSequence.restore(
            id,
            rmVersion,
            acksTo,
            endpoint,
            createdAt,
            state,
            terminatedByClient,
            AcknowledgementRanges.decode(receivedRanges),
            deliveredUpTo,
            lastMessageNumber,
            lastActivity,
            expiresAt);
    SourceSequence outbound =
        SourceSequence.restore(
            offeredId,
            replyLastNumber,
            AcknowledgementRanges.decode(replyAcknowledged),
            replyBufferRemaining);
    return new ReliableSession(inbound, outbound, backChannel);
  }
}
