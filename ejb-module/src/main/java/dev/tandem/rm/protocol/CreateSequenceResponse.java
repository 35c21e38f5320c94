package dev.tandem.rm.protocol;

import java.time.Duration;

/**
 * The {@code wsrm:CreateSequenceResponse} body (WS-RM 1.1 §3.4).
 *
 * @param identifier the new Sequence's Identifier
 * @param acceptAcksTo the {@code Accept/AcksTo} address (present when an Offer was accepted); must
 *     equal the URI the CreateSequence was sent to (WCF R1108)
 * @param incompleteSequenceBehavior echoed in WS-RM 1.1, or null
 * @param expires the granted {@code Expires} (positive; at most the requested one, WS-RM 1.1 §3.4),
 *     or null for none, which means PT0S, "never"
 */
public record CreateSequenceResponse(
    String identifier, String acceptAcksTo, String incompleteSequenceBehavior, Duration expires) {

  /** A response without {@code Expires}: the Sequence never expires. */
  public CreateSequenceResponse(
      String identifier, String acceptAcksTo, String incompleteSequenceBehavior) {
    this(identifier, acceptAcksTo, incompleteSequenceBehavior, null);
  }
}
