/**
 * Pure-Java RM values: AcknowledgementRange(s), RmVersion, SequenceState, and the stored and outbound
 * messages. Depends on nothing. The Sequences themselves, and the session that binds them, are in
 * {@code dev.tandem.rm.session}.
 */
package dev.tandem.rm.model;
