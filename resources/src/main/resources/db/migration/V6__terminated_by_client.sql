-- Why a terminated Sequence ended: true when the client's TerminateSequence ended it (a later message
-- gets UnknownSequence, WS-RM 1.1 §4.4), false when Tandem ended it (InactivityTimeout, retries
-- exhausted: SequenceTerminated, WS-RM 1.1 §4.7). Sequences terminated before this column existed
-- keep answering SequenceTerminated until the retention sweep deletes them.
alter table rm_sequence add column terminated_by_client boolean not null default false;
