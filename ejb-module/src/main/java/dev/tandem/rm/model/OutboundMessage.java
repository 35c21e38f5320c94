package dev.tandem.rm.model;

import java.time.Instant;

/**
 * A message Tandem sends as RM Source on a channel of its own (dual HTTP POST to the client's
 * address, or a MakeConnection back channel): a message of an offered Sequence (a callback, the
 * reply Sequence's LastMessage or TerminateSequence) or a message outside any Sequence
 * (CreateSequenceResponse, a standalone SequenceAcknowledgement). Kept durably until acknowledged
 * (Sequence messages) or delivered to the transport (the others).
 *
 * @param id store-assigned id, increasing in enqueue order; 0 before it is stored
 * @param sessionId the request Sequence (RM Destination side) the message belongs to
 * @param sequenceId the offered Sequence it travels in, or null for a message outside a Sequence
 * @param messageNumber its MessageNumber in that Sequence, or 0 outside a Sequence
 * @param lastMessage true for WS-RM February 2005's LastMessage marker
 * @param to destination address (wsa:To): the client's ReplyTo/AcksTo
 * @param action wsa:Action
 * @param relatesTo wsa:RelatesTo, or null
 * @param body SOAP Body content, UTF-8 XML of one element; empty array for an empty Body
 * @param kind what the message carries in its Body, so the codec can rebuild it
 * @param attempts how many times it was handed to the transport
 * @param nextAttemptAt when it is due (again); null when it waits for nothing but an ack
 * @param held true while it waits for the client to take it (its buffer was full, WCF flow control,
 *     or its reply Sequence is not named yet): the acknowledgement or CreateSequenceResponse that
 *     frees it makes it due at once ({@link #heldUntil})
 */
public record OutboundMessage(
    long id,
    String sessionId,
    String sequenceId,
    long messageNumber,
    boolean lastMessage,
    String to,
    String action,
    String relatesTo,
    byte[] body,
    Kind kind,
    int attempts,
    Instant nextAttemptAt,
    boolean held) {

  /** A message not held back ({@code held} false). */
  public OutboundMessage(
      long id,
      String sessionId,
      String sequenceId,
      long messageNumber,
      boolean lastMessage,
      String to,
      String action,
      String relatesTo,
      byte[] body,
      Kind kind,
      int attempts,
      Instant nextAttemptAt) {
    this(
        id, sessionId, sequenceId, messageNumber, lastMessage, to, action, relatesTo, body, kind,
        attempts, nextAttemptAt, false);
  }

  /** What an outbound message is, for the RM Source's retry rules. */
  public enum Kind {
    /** An application message (callback) in the offered Sequence: retried until acknowledged. */
    APPLICATION,
    /** A protocol message in the offered Sequence (LastMessage): retried until acknowledged. */
    SEQUENCE_PROTOCOL,
    /** Outside any Sequence (CreateSequenceResponse, TerminateSequence, acknowledgements): sent once. */
    UNSEQUENCED,
    /**
     * Tandem's own CreateSequence for the reply Sequence of a client that offered none (WS-MC 1.1
     * §3; WS-RM 1.1 §3.4): retried until the client's CreateSequenceResponse arrives.
     */
    CREATE_SEQUENCE
  }

  /** True when it carries a MessageNumber and so waits for an acknowledgement. */
  public boolean isSequenced() {
    return sequenceId != null;
  }

  /**
   * True when it is kept after a transmission, until an acknowledgement (a Sequence message) or a
   * CreateSequenceResponse (Tandem's CreateSequence) shows it arrived.
   */
  public boolean awaitsAnswer() {
    return isSequenced() || kind == Kind.CREATE_SEQUENCE;
  }

  /**
   * True for a message of the reply Sequence whose Identifier is not known yet: the client has not
   * answered Tandem's CreateSequence (see {@link Kind#CREATE_SEQUENCE}); it must not be sent.
   */
  public boolean awaitsReplySequence() {
    return sequenceId == null && (kind == Kind.APPLICATION || kind == Kind.SEQUENCE_PROTOCOL);
  }

  /**
   * This message held back, not handed over: looked at again at {@code next} (its attempts
   * unchanged), or as soon as the client's answer frees it.
   */
  public OutboundMessage heldUntil(Instant next) {
    return new OutboundMessage(
        id, sessionId, sequenceId, messageNumber, lastMessage, to, action, relatesTo, body, kind,
        attempts, next, true);
  }

  /** This message released from being held: due at {@code now}. */
  public OutboundMessage released(Instant now) {
    return new OutboundMessage(
        id, sessionId, sequenceId, messageNumber, lastMessage, to, action, relatesTo, body, kind,
        attempts, now, false);
  }

  /** This message after one more hand-over to the transport, next due at {@code next}. */
  public OutboundMessage attempted(Instant next) {
    return new OutboundMessage(
        id, sessionId, sequenceId, messageNumber, lastMessage, to, action, relatesTo, body, kind,
        attempts + 1, next);
  }
}
