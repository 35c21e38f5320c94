package dev.tandem.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code session_state}: the serialised state of a session-bound service instance. */
@Entity(name = "SessionState")
@Table(name = "session_state")
class SessionStateEntity {
  @Id
  @Column(name = "session_id", length = 200)
  private String sessionId;

  @Column(name = "service", nullable = false, length = 1024)
  private String service;

  @Column(name = "state", nullable = false)
  private String state;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** For JPA. */
  protected SessionStateEntity() {}

  /** A new row for {@code sessionId}. */
  static SessionStateEntity of(String sessionId, String service, String state, Instant now) {
    SessionStateEntity e = new SessionStateEntity();
    e.sessionId = sessionId;
    e.replace(service, state, now);
    return e;
  }

  /** Replaces everything but the key. */
  void replace(String service, String state, Instant now) {
    this.service = service;
    this.state = state;
    this.updatedAt = now;
  }

  String state() {
    return state;
  }
}
