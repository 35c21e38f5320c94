-- The client's last advertised netrm:BufferRemaining for the offered (reply/callback) Sequence:
-- WCF flow control ([RM10] B4001-B4005). Null until the client advertises one.
alter table rm_sequence add column reply_buffer_remaining integer;
