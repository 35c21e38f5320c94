package dev.tandem.rm.model;

/**
 * One received message of a Sequence, as the store keeps it: held for ordering, or delivered with
 * the reply that a retry of it gets again (WS-RM "Retrying Replies").
 *
 * @param sequenceId the Sequence Identifier
 * @param messageNumber the MessageNumber (1..)
 * @param status held or delivered
 * @param request the whole request envelope as received (UTF-8 XML bytes); kept while held, may be
 *     null once delivered
 * @param replyNumber the MessageNumber of the reply on the offered Sequence, or null (one-way or none)
 * @param replyAction the WS-Addressing Action of the reply, or null
 * @param replyRelatesTo the MessageID the reply relates to, or null
 * @param replyBody the reply's SOAP Body content (UTF-8 XML bytes; may be empty), or null
 * @param replyLast true when the reply is the offered Sequence's LastMessage (WS-RM February 2005)
 */
public record StoredMessage(
    String sequenceId,
    long messageNumber,
    MessageStatus status,
    byte[] request,
    Long replyNumber,
    String replyAction,
    String replyRelatesTo,
    byte[] replyBody,
    boolean replyLast) {

  /** A message received ahead of a gap. */
  public static StoredMessage held(String sequenceId, long number, byte[] request) {
    return new StoredMessage(
        sequenceId, number, MessageStatus.HELD, request, null, null, null, null, false);
  }

  /** This message, delivered, with the reply it produced (all reply fields may be null). */
  public StoredMessage delivered(
      Long replyNumber, String replyAction, String replyRelatesTo, byte[] replyBody, boolean last) {
    return new StoredMessage(
        sequenceId,
        messageNumber,
        MessageStatus.DELIVERED,
        null,
        replyNumber,
        replyAction,
        replyRelatesTo,
        replyBody,
        last);
  }
}
