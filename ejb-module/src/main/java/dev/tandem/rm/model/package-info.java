/**
 * Pure-Java RM model: Sequences, AcknowledgementRanges, states and stored messages. Depends on nothing.
 */
package dev.tandem.rm.model;
