package dev.tandem.store.jpa;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One row of {@code rm_sequence}: a {@link DestinationSequence} with its offered reply Sequence.
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

  /** A new row holding {@code sequence}. */
  static RmSequenceEntity of(DestinationSequence sequence) {
    RmSequenceEntity e = new RmSequenceEntity();
    e.id = sequence.id();
    e.rmVersion = sequence.version();
    e.offeredId = sequence.offeredId();
    e.acksTo = sequence.acksTo();
    e.endpoint = sequence.endpoint();
    e.createdAt = sequence.created();
    e.expiresAt = sequence.expiresAt();
    e.copyMutableStateFrom(sequence);
    return e;
  }

  /**
   * Copies what may change during a Sequence's life; the Identifier, version, AcksTo, endpoint,
   * creation time and expiry are fixed at CreateSequence (the reply Sequence's Identifier is set once, when
   * the client did not offer one and answered Tandem's CreateSequence).
   */
  void copyMutableStateFrom(DestinationSequence sequence) {
    offeredId = sequence.offeredId();
    state = sequence.state();
    terminatedByClient = sequence.terminatedByClient();
    receivedRanges = sequence.received().encode();
    deliveredUpTo = sequence.deliveredUpTo();
    lastMessageNumber = sequence.lastMessageNumber();
    replyLastNumber = sequence.replyLastNumber();
    replyAcknowledged = sequence.replyAcknowledged().encode();
    replyBufferRemaining = sequence.replyBufferRemaining();
    lastActivity = sequence.lastActivity();
  }

  /** The domain object this row holds (a fresh instance each call). */
  DestinationSequence toDomain() {
    DestinationSequence restored =
        DestinationSequence.restore(
        id,
        rmVersion,
        offeredId,
        acksTo,
        endpoint,
        createdAt,
        state,
        terminatedByClient,
        AcknowledgementRanges.decode(receivedRanges),
        deliveredUpTo,
        lastMessageNumber,
        replyLastNumber,
        AcknowledgementRanges.decode(replyAcknowledged),
        lastActivity,
        expiresAt);
    restored.advertiseBuffer(replyBufferRemaining);
    return restored;
  }
}
