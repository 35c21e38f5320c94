-- Tandem RM Destination store, schema version 1 (see dev.tandem.store.RmStore and dev.tandem.store.jpa).
-- Portable SQL: runs unchanged on PostgreSQL 15 and on H2 2.3 (default mode), so keep to the common
-- subset: unbounded text is "varchar" without a length (not "text", which H2 makes a CLOB), binary
-- data is "bytea" (H2 reads it as BINARY VARYING), times are "timestamp with time zone" (an Instant
-- must not depend on the session time zone).

create table rm_sequence (
    -- The Identifier Tandem gave the Sequence (urn:uuid:...).
    id                  varchar(200)  not null,
    -- dev.tandem.rm.model.RmVersion name.
    rm_version          varchar(20)   not null,
    -- Identifier of the offered reply Sequence (WS-RM 1.1 §3.4 Offer); null when none was offered.
    offered_id          varchar(1024),
    acks_to             varchar(2048),
    endpoint            varchar(1024),
    -- dev.tandem.rm.model.SequenceState name.
    state               varchar(20)   not null,
    -- AcknowledgementRanges.encode() of the received message numbers, e.g. '1-5,7-7'.
    received_ranges     varchar       not null,
    delivered_up_to     bigint        not null,
    last_message_number bigint,
    reply_last_number   bigint        not null,
    -- AcknowledgementRanges.encode() of the reply numbers the client acknowledged.
    reply_acknowledged  varchar       not null,
    created_at          timestamp(6) with time zone not null,
    last_activity       timestamp(6) with time zone not null,
    -- Row version (JPA @Version); the pessimistic lock does the serialising, this catches misuse.
    version             bigint        not null,
    constraint rm_sequence_pk primary key (id),
    constraint rm_sequence_version_ck check (rm_version in ('WSRM_2005_02', 'WSRM_1_1')),
    constraint rm_sequence_state_ck check (state in ('ACTIVE', 'CLOSED', 'TERMINATED'))
);

-- An offered Identifier names one reply Sequence only; NULLs (no offer) do not collide.
create unique index rm_sequence_offered_id_uk on rm_sequence (offered_id);

-- InactivityTimeout sweep: one range scan per live state, so terminated Sequences (which keep their
-- old last_activity forever) are never walked over.
create index rm_sequence_activity_ix on rm_sequence (state, last_activity);

create table rm_message (
    sequence_id      varchar(200)  not null,
    message_number   bigint        not null,
    -- dev.tandem.rm.model.MessageStatus name.
    status           varchar(20)   not null,
    -- The request envelope as received (UTF-8 XML); kept while held.
    request          bytea,
    -- The stored reply a retry gets again (WS-RM "Retrying Replies"); all null for no reply.
    reply_number     bigint,
    reply_action     varchar(2048),
    reply_relates_to varchar(2048),
    reply_body       bytea,
    reply_last       boolean       not null,
    constraint rm_message_pk primary key (sequence_id, message_number),
    constraint rm_message_sequence_fk foreign key (sequence_id) references rm_sequence (id),
    constraint rm_message_status_ck check (status in ('HELD', 'DELIVERED'))
);
