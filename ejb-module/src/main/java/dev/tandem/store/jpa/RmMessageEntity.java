package dev.tandem.store.jpa;

import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.StoredMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of {@code rm_message}: a received message of a Sequence ({@link StoredMessage}).
 *
 * <p>The payloads are plain {@code byte[]} bound as VARBINARY ({@code bytea} on PostgreSQL, BINARY
 * VARYING on H2), never as a LOB: pgjdbc's Blob API does not read {@code bytea}.
 */
@Entity(name = "RmMessage")
@Table(name = "rm_message")
@IdClass(RmMessageKey.class)
class RmMessageEntity {
  @Id
  @Column(name = "sequence_id", length = 200)
  private String sequenceId;

  @Id
  @Column(name = "message_number")
  private long messageNumber;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false, length = 20)
  private MessageStatus status;

  @JdbcTypeCode(SqlTypes.VARBINARY)
  @Column(name = "request")
  private byte[] request;

  @Column(name = "reply_number")
  private Long replyNumber;

  @Column(name = "reply_action", length = 2048)
  private String replyAction;

  @Column(name = "reply_relates_to", length = 2048)
  private String replyRelatesTo;

  @JdbcTypeCode(SqlTypes.VARBINARY)
  @Column(name = "reply_body")
  private byte[] replyBody;

  @Column(name = "reply_last", nullable = false)
  private boolean replyLast;

  /** For JPA. */
  protected RmMessageEntity() {}

  /** A new row holding {@code message}. */
  static RmMessageEntity of(StoredMessage message) {
    RmMessageEntity e = new RmMessageEntity();
    e.sequenceId = message.sequenceId();
    e.messageNumber = message.messageNumber();
    e.copyStateFrom(message);
    return e;
  }

  /** Replaces everything but the key with {@code message}'s values. */
  void copyStateFrom(StoredMessage message) {
    status = message.status();
    request = message.request();
    replyNumber = message.replyNumber();
    replyAction = message.replyAction();
    replyRelatesTo = message.replyRelatesTo();
    replyBody = message.replyBody();
    replyLast = message.replyLast();
  }

  String sequenceId() {
    return sequenceId;
  }

  /** The domain record this row holds; the arrays are shared, not copied. */
  StoredMessage toDomain() {
    return new StoredMessage(
        sequenceId,
        messageNumber,
        status,
        request,
        replyNumber,
        replyAction,
        replyRelatesTo,
        replyBody,
        replyLast);
  }
}
