/**
 * WS-RM / WS-Addressing protocol data as records (CreateSequence, Offer, SequenceAcknowledgement …) and the one enum of faults Tandem sends.
 */
package dev.tandem.rm.protocol;
