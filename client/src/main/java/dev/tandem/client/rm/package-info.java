/**
 * The Java client's WS-RM side: {@link dev.tandem.client.rm.RmSource}, the RM Source with an Offer
 * that the command-line demo and the soak drive, and what it is made of — its own Sequence
 * ({@code OutboundSequence}), the Sequence it offered ({@code OfferedSequence}), what arrived
 * ({@code Inbox}), the envelopes it sends ({@code SourceEnvelopes}), retransmission with back-off
 * ({@code Retransmission}, {@link dev.tandem.client.rm.RetryPolicy}) and the end of the session
 * ({@code SequenceTermination}). Around it: the DOM envelope builder and reader ({@link
 * dev.tandem.client.rm.Envelope}, {@link dev.tandem.client.rm.Message}), the HTTP transport and the
 * dual-binding callback listener.
 */
package dev.tandem.client.rm;
