-- A message the sender could not hand over yet (the client's buffer was full, WCF flow control
-- [RM10] B4001; or its reply Sequence is not named yet) is marked held: the acknowledgement or
-- CreateSequenceResponse that frees it makes it due at once, instead of at its next look
-- (tandem.rm.retry-interval later). Delayed callbacks (RSP's deliberate delay) are never held.
alter table rm_outbound add column held boolean not null default false;
