-- The back channel of a reliable session (dev.tandem.rm.session.BackChannel), chosen once at
-- CreateSequence from the endpoint's exchange pattern and the AcksTo, instead of being worked out
-- again from both on every message:
--   RESPONSE           request-reply, answers on the HTTP response (wsHttpBinding)
--   RESPONSE_AND_POLL  request-reply whose AcksTo is an MC anonymous URI: replies also kept for polls
--   ADDRESSED          duplex, everything POSTed to the client's AcksTo (wsDualHttpBinding)
--   POLLED             duplex, callbacks wait for WS-MakeConnection polls (Reliable Secure Profile)
-- Rows of earlier versions get the value those rules gave them: the duplex endpoints of this
-- release are /service.svc/duplex, /service.svc/duplex-sdk and /service.svc/rsp.
alter table rm_sequence add column back_channel varchar(20);

update rm_sequence set back_channel =
    case
        when lower(endpoint) in ('/service.svc/duplex', '/service.svc/duplex-sdk', '/service.svc/rsp')
            then case when acks_to like 'http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=%'
                      then 'POLLED' else 'ADDRESSED' end
        else case when acks_to like 'http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=%'
                  then 'RESPONSE_AND_POLL' else 'RESPONSE' end
    end;

alter table rm_sequence alter column back_channel set not null;

alter table rm_sequence add constraint rm_sequence_back_channel_ck
    check (back_channel in ('RESPONSE', 'RESPONSE_AND_POLL', 'ADDRESSED', 'POLLED'));
