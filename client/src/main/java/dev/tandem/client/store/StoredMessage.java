package dev.tandem.client.store;

import java.util.Arrays;

/**
 * A message of the client's Sequence that is not acknowledged yet, as first transmitted.
 *
 * @param number its MessageNumber (a retransmission keeps it, WS-RM 1.1 §3.7)
 * @param messageId its wsa:MessageID (a retransmission keeps it, so the stored reply relates to it)
 * @param action its wsa:Action
 * @param kind what completes it: a reply, or an acknowledgement
 * @param envelope the SOAP envelope's bytes (UTF-8 XML)
 */
public record StoredMessage(long number, String messageId, String action, Kind kind, byte[] envelope) {
  /** What the RM Source waits for before it forgets the message. */
  public enum Kind {
    /** A two-way operation: done when its reply (wsa:RelatesTo its MessageID) has arrived. */
    REQUEST,
    /** A one-way operation: done when a SequenceAcknowledgement covers its number. */
    ONE_WAY,
    /** The Feb 2005 LastMessage (empty body): done when acknowledged. */
    LAST_MESSAGE
  }

  public StoredMessage {
    if (number < 1 || messageId == null || action == null || kind == null || envelope == null) {
      throw new IllegalArgumentException("number >= 1, messageId, action, kind and envelope are required");
    }
    envelope = envelope.clone();
  }

  @Override
  public byte[] envelope() {
    return envelope.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredMessage m
        && m.number == number
        && m.messageId.equals(messageId)
        && m.action.equals(action)
        && m.kind == kind
        && Arrays.equals(m.envelope, envelope);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(number) * 31 + messageId.hashCode();
  }

  @Override
  public String toString() {
    return "StoredMessage[" + number + ", " + action + ", " + kind + ", " + envelope.length + " bytes]";
  }
}
