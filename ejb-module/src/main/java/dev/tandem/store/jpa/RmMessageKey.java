package dev.tandem.store.jpa;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@link RmMessageEntity}: Sequence Identifier and MessageNumber. */
class RmMessageKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private String sequenceId;
  private long messageNumber;

  /** For JPA. */
  protected RmMessageKey() {}

  RmMessageKey(String sequenceId, long messageNumber) {
    this.sequenceId = sequenceId;
    this.messageNumber = messageNumber;
  }

  String sequenceId() {
    return sequenceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RmMessageKey other
        && messageNumber == other.messageNumber
        && Objects.equals(sequenceId, other.sequenceId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequenceId, messageNumber);
  }

  @Override
  public String toString() {
    return sequenceId + "#" + messageNumber;
  }
}
