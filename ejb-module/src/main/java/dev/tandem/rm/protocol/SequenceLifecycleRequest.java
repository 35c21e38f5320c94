package dev.tandem.rm.protocol;

/**
 * A {@code CloseSequence} or {@code TerminateSequence} body (WS-RM 1.1 §3.5, §3.6; February 2005
 * has only TerminateSequence).
 *
 * @param identifier the Sequence to close or terminate
 * @param lastMsgNumber WS-RM 1.1 {@code LastMsgNumber}, or null when absent
 */
public record SequenceLifecycleRequest(String identifier, Long lastMsgNumber) {}
