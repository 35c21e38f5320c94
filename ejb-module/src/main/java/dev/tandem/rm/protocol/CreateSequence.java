package dev.tandem.rm.protocol;

/**
 * The {@code wsrm:CreateSequence} body (WS-RM 1.1 §3.4).
 *
 * @param acksTo the AcksTo address
 * @param offer the offered reverse Sequence, or null
 */
public record CreateSequence(String acksTo, Offer offer) {}
