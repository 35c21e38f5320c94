/**
 * Tandem as RM Source (WS-RM 1.1 §2.4): the one {@link dev.tandem.engine.outbound.OutboundQueue} of
 * every message Tandem sends outside an HTTP response — callbacks, retained replies, its own
 * CreateSequence, protocol answers of dual-HTTP sessions — with its transmission rules ({@link
 * dev.tandem.engine.outbound.RetransmissionPolicy}: back-off, retry budget, give-up, hold, WCF
 * BufferRemaining flow control). Dual-HTTP POSTs and WS-MakeConnection polls are two drains of it.
 * {@link dev.tandem.engine.outbound.RmSource} processes the client's acknowledgements of the outbound
 * Sequence. Depends on {@code rm}, {@code codec} and the store ports, never on {@code dev.tandem.engine}.
 */
package dev.tandem.engine.outbound;
