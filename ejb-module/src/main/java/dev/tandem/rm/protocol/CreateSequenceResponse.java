package dev.tandem.rm.protocol;

/**
 * The {@code wsrm:CreateSequenceResponse} body (WS-RM 1.1 §3.4).
 *
 * @param identifier the new Sequence's Identifier
 * @param acceptAcksTo the {@code Accept/AcksTo} address (present when an Offer was accepted); must
 *     equal the URI the CreateSequence was sent to (WCF R1108)
 * @param incompleteSequenceBehavior echoed in WS-RM 1.1, or null
 */
public record CreateSequenceResponse(
    String identifier, String acceptAcksTo, String incompleteSequenceBehavior) {}
