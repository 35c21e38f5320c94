-- A client that offers no reply Sequence (WS-MC 1.1 §3, WS-RM 1.1 §3.4) gets Tandem's own
-- CreateSequence for the callback direction: a new outbound kind, retried until the client's
-- CreateSequenceResponse names the Sequence. Until then rm_sequence.offered_id stays null and the
-- session's callbacks wait in rm_outbound with a null sequence_id; the response fills in both.
alter table rm_outbound drop constraint rm_outbound_kind_ck;
alter table rm_outbound add constraint rm_outbound_kind_ck
    check (kind in ('APPLICATION', 'SEQUENCE_PROTOCOL', 'UNSEQUENCED', 'CREATE_SEQUENCE'));
