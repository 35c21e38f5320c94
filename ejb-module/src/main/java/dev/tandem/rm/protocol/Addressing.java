package dev.tandem.rm.protocol;

/**
 * The WS-Addressing 1.0 message addressing properties Tandem reads or writes.
 *
 * @param action wsa:Action, or null
 * @param messageId wsa:MessageID, or null
 * @param to wsa:To, or null
 * @param replyTo wsa:ReplyTo/Address, or null (anonymous)
 * @param relatesTo wsa:RelatesTo, or null
 * @param faultTo wsa:FaultTo/Address, or null (faults go where replies go)
 */
public record Addressing(
    String action, String messageId, String to, String replyTo, String relatesTo, String faultTo) {

  /** Without FaultTo. */
  public Addressing(String action, String messageId, String to, String replyTo, String relatesTo) {
    this(action, messageId, to, replyTo, relatesTo, null);
  }

  /** The WS-Addressing 1.0 namespace. */
  public static final String NS = "http://www.w3.org/2005/08/addressing";

  /** The anonymous address: "reply on the HTTP response". */
  public static final String ANONYMOUS = NS + "/anonymous";

  /** True when ReplyTo is absent or anonymous. */
  public boolean repliesOnBackChannel() {
    return replyTo == null || ANONYMOUS.equals(replyTo);
  }
}
