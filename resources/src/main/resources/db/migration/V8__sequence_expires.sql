-- A finite Expires granted at CreateSequence (WS-RM 1.1 §3.4, February 2005 §3.4): the instant
-- (creation time plus the granted duration) after which Tandem terminates the Sequence, as it does
-- at the InactivityTimeout (a later message gets SequenceTerminated, WS-RM 1.1 §4.7). Null when the
-- Sequence never expires (Expires absent or PT0S), which is every Sequence created before this column.
alter table rm_sequence add column expires_at timestamp(6) with time zone;

-- Expiry sweep: one range scan per live state over the Sequences that have an expiry, as for
-- rm_sequence_activity_ix; the many that never expire sort apart (nulls) and are not walked over.
create index rm_sequence_expires_ix on rm_sequence (state, expires_at);
