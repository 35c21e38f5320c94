/**
 * WS-RM / WS-Addressing protocol data as records (CreateSequence, Offer, SequenceAcknowledgement …),
 * the one enum of faults Tandem sends, and the {@link dev.tandem.rm.protocol.ProtocolVariation} per
 * WS-RM version that bundles what differs between WS-RM February 2005 and WS-RM 1.1 (Actions,
 * faults, optional elements).
 */
package dev.tandem.rm.protocol;
