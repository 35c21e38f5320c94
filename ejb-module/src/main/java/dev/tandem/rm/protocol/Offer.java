package dev.tandem.rm.protocol;

import java.time.Duration;

/**
 * The {@code wsrm:Offer} of a CreateSequence (WS-RM 1.1 §3.4): the Sequence the initiator offers
 * for messages travelling back to it.
 *
 * @param identifier the offered Sequence Identifier
 * @param endpoint WS-RM 1.1 {@code Endpoint} address, or null (February 2005 has none)
 * @param incompleteSequenceBehavior WS-RM 1.1 value (e.g. {@code DiscardFollowingFirstGap}) or null
 * @param expires the offered Sequence's {@code Expires} (not negative), or null when absent; absent
 *     and {@link Duration#ZERO} ({@code PT0S}) both mean "never expires"
 */
public record Offer(
    String identifier, String endpoint, String incompleteSequenceBehavior, Duration expires) {}
