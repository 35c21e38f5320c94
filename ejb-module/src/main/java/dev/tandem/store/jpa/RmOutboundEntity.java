package dev.tandem.store.jpa;

import dev.tandem.rm.model.OutboundMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of {@code rm_outbound}: a message Tandem sends as RM Source ({@link OutboundMessage}).
 * Only the attempts and the next attempt time change after the insert.
 *
 * <p>The body is a plain {@code byte[]} bound as VARBINARY, never as a LOB (see {@link
 * RmMessageEntity}).
 */
@Entity(name = "RmOutbound")
@Table(name = "rm_outbound")
class RmOutboundEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "session_id", nullable = false, updatable = false, length = 200)
  private String sessionId;

  @Column(name = "sequence_id", length = 1024)
  private String sequenceId;

  @Column(name = "message_number", nullable = false, updatable = false)
  private long messageNumber;

  @Column(name = "last_message", nullable = false, updatable = false)
  private boolean lastMessage;

  @Column(name = "to_address", nullable = false, updatable = false, length = 2048)
  private String toAddress;

  @Column(name = "action", nullable = false, updatable = false, length = 2048)
  private String action;

  @Column(name = "relates_to", updatable = false, length = 2048)
  private String relatesTo;

  @JdbcTypeCode(SqlTypes.VARBINARY)
  @Column(name = "body", nullable = false, updatable = false)
  private byte[] body;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false, updatable = false, length = 32)
  private OutboundMessage.Kind kind;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "held", nullable = false)
  private boolean held;

  /** For JPA. */
  protected RmOutboundEntity() {}

  /** A new row holding {@code message}; its id is left to the database. */
  static RmOutboundEntity of(OutboundMessage message) {
    RmOutboundEntity e = new RmOutboundEntity();
    e.sessionId = message.sessionId();
    e.sequenceId = message.sequenceId();
    e.messageNumber = message.messageNumber();
    e.lastMessage = message.lastMessage();
    e.toAddress = message.to();
    e.action = message.action();
    e.relatesTo = message.relatesTo();
    e.body = message.body();
    e.kind = message.kind();
    e.copyAttemptsFrom(message);
    return e;
  }

  /** Copies what changes after the insert: attempts, next attempt time, held. */
  void copyAttemptsFrom(OutboundMessage message) {
    attempts = message.attempts();
    nextAttemptAt = message.nextAttemptAt();
    held = message.held();
  }

  long id() {
    return id;
  }

  String sessionId() {
    return sessionId;
  }

  String sequenceId() {
    return sequenceId;
  }

  long messageNumber() {
    return messageNumber;
  }

  /** The domain record this row holds; the body array is shared, not copied. */
  OutboundMessage toDomain() {
    return new OutboundMessage(
        id,
        sessionId,
        sequenceId,
        messageNumber,
        lastMessage,
        toAddress,
        action,
        relatesTo,
        body,
        kind,
        attempts,
        nextAttemptAt,
        held);
  }
}
