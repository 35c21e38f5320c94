package dev.tandem.client.store;

/**
 * What an RM Source must remember of its Sequence to resume it (WS-RM 1.1 §3.4, §3.2).
 *
 * @param endpoint the RM Destination's address (wsa:To of every message)
 * @param rmVersion the WS-RM namespace the Sequence speaks
 * @param sequenceId the Identifier the RM Destination gave in its CreateSequenceResponse
 * @param offeredId the Identifier this client offered for the service's replies (the inbound Sequence)
 * @param replyTo the client's wsa:ReplyTo / AcksTo address
 * @param application what the messages are for (e.g. {@code calculator count=50}): a resumed run must
 *     be the same application, or its numbering would not match the stored results
 * @param lastNumber the highest MessageNumber assigned so far (0: none)
 * @param lastMessageNumber the MessageNumber of the Feb 2005 LastMessage once one was written (0: not
 *     yet), so a resumed close does not number a second one
 */
public record SourceSequence(
    String endpoint,
    String rmVersion,
    String sequenceId,
    String offeredId,
    String replyTo,
    String application,
    long lastNumber,
    long lastMessageNumber) {

  public SourceSequence {
    if (sequenceId == null || offeredId == null || endpoint == null || rmVersion == null) {
      throw new IllegalArgumentException("endpoint, rmVersion, sequenceId and offeredId are required");
    }
    if (lastNumber < 0 || lastMessageNumber < 0 || lastMessageNumber > lastNumber) {
      throw new IllegalArgumentException("0 <= lastMessageNumber <= lastNumber: " + lastMessageNumber + ", " + lastNumber);
    }
  }

  /** This record with a higher last MessageNumber (never lower). */
  SourceSequence withNumber(long number, boolean isLastMessage) {
    long last = Math.max(lastNumber, number);
    return new SourceSequence(
        endpoint, rmVersion, sequenceId, offeredId, replyTo, application, last, isLastMessage ? number : lastMessageNumber);
  }
}
