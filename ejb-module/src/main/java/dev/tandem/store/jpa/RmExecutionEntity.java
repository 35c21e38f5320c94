package dev.tandem.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code rm_execution}: one delivery of a message to the service (V5 migration). */
@Entity(name = "RmExecution")
@Table(name = "rm_execution")
class RmExecutionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "sequence_id", nullable = false, length = 200)
  private String sequenceId;

  @Column(name = "message_number", nullable = false)
  private long messageNumber;

  @Column(name = "executed_at", nullable = false)
  private Instant executedAt;

  /** For JPA. */
  protected RmExecutionEntity() {}

  RmExecutionEntity(String sequenceId, long messageNumber, Instant executedAt) {
    this.sequenceId = sequenceId;
    this.messageNumber = messageNumber;
    this.executedAt = executedAt;
  }
}
