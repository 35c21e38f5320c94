/**
 * The reliable session aggregate: a {@link dev.tandem.rm.session.ReliableSession} binds the
 * client's Sequence, for which Tandem is the RM Destination ({@link
 * dev.tandem.rm.session.DestinationSequence}), to the Sequence of the other direction, for which
 * Tandem is the RM Source ({@link dev.tandem.rm.session.SourceSequence}: the offered Sequence, or
 * the one Tandem created), and to the {@link dev.tandem.rm.session.BackChannel} chosen once at
 * CreateSequence. Stored and locked as one unit. Pure Java; depends only on {@code rm.model}.
 */
package dev.tandem.rm.session;
