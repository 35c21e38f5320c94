package dev.tandem.rm.protocol;

/**
 * The {@code wsrm:Sequence} header (WS-RM 1.1 §3.7): Identifier, MessageNumber (1..2^63-1) and, in
 * WS-RM February 2005 only, the {@code LastMessage} marker.
 */
public record SequenceHeader(String identifier, long messageNumber, boolean lastMessage) {}
