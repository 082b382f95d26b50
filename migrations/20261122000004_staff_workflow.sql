-- Staff accounts, the workflow's facts on a request, requester messages, tracking tokens,
-- and a tamper-evident audit log.

create table staff (
    id uuid primary key,
    email text not null unique collate case_insensitive,
    name text not null check (length(name) between 1 and 200),
    role text not null check (role in ('clerk', 'reviewer', 'admin')),
    password_hash text not null,
    -- Bumped when the account is disabled or its password changes: older sessions die.
    session_epoch integer not null default 0,
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create trigger staff_updated_at before update on staff
    for each row execute function set_updated_at();

alter table requests
    add column assigned_to uuid references staff (id),
    add column verified_at timestamptz,
    add column verified_by uuid references staff (id),
    add column reviewer_approved_at timestamptz,
    add column reviewer_approved_by uuid references staff (id),
    add column page_count integer check (page_count >= 0),
    add column final_fee jsonb,
    add column fee_due_cents bigint check (fee_due_cents >= 0),
    -- The service target's upper bound, from when the request became complete (and paid).
    add column service_due_on date,
    add column deadline_extended_at timestamptz,
    add column extension_reason text,
    add column closed_reason text,
    add column has_sensitive boolean not null default false;

update requests r set
    service_due_on = received_on + 5,
    has_sensitive = exists (select 1 from authorizations a where a.request_id = r.id and cardinality(a.sensitive_consents) > 0);
alter table requests alter column service_due_on set not null;

create index requests_queue on requests (legal_due_on, received_at, id)
    where status in ('received', 'verifying', 'needs_info', 'in_fulfillment', 'awaiting_payment', 'ready_to_release');
create index requests_by_status on requests (status);
create index requests_assigned on requests (assigned_to) where assigned_to is not null;
create index patients_by_birth_date on patients (date_of_birth);
create index patients_by_name on patients (lower(legal_name) text_pattern_ops);
create index request_record_kinds_by_kind on request_record_kinds (kind, request_id);

-- Tracking links: one per email that carries one, all valid for the request.
create table tracking_tokens (
    token_hash bytea primary key check (length(token_hash) = 32),
    request_id uuid not null references requests (id),
    created_at timestamptz not null default now()
);
insert into tracking_tokens (token_hash, request_id, created_at)
    select tracking_token_hash, id, received_at from requests;
alter table requests drop column tracking_token_hash;
create index tracking_tokens_by_request on tracking_tokens (request_id);

-- What staff ask and what requesters answer, never edited.
create table request_messages (
    id uuid primary key,
    request_id uuid not null references requests (id),
    author_kind text not null check (author_kind in ('staff', 'requester')),
    author_id uuid references staff (id),
    body text not null check (length(body) between 1 and 5000),
    at timestamptz not null
);
create index request_messages_by_request on request_messages (request_id, at);
create trigger request_messages_append_only before update or delete on request_messages
    for each row execute function refuse_change();

-- The audit log becomes a hash chain: each row carries the hash of the one before it.
alter table audit_log
    add column seq bigint unique,
    add column prev_hash bytea,
    add column row_hash bytea;

create or replace function audit_row_digest(prev bytea, a audit_log) returns bytea as $$
    select sha256(coalesce(prev, '\x'::bytea) || convert_to(concat_ws('|',
        a.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.actor_kind,
        a.actor_id, a.action, a.request_id, host(a.ip), a.detail::text), 'UTF8'))
$$ language sql immutable;

create or replace function audit_chain() returns trigger as $$
declare
    last record;
begin
    -- One writer at a time extends the chain; held until the transaction ends.
    perform pg_advisory_xact_lock(hashtext('audit_log_chain'));
    select seq, row_hash into last from audit_log order by seq desc nulls last limit 1;
    new.seq := coalesce(last.seq, 0) + 1;
    new.prev_hash := last.row_hash;
    new.row_hash := audit_row_digest(new.prev_hash, new);
    return new;
end;
$$ language plpgsql;

-- Rows written before the chain existed are chained in id order.
do $$
declare
    r audit_log;
    prev bytea;
    n bigint := 0;
begin
    alter table audit_log disable trigger audit_log_append_only;
    for r in select * from audit_log order by id loop
        n := n + 1;
        r.seq := n;
        r.prev_hash := prev;
        r.row_hash := audit_row_digest(prev, r);
        update audit_log set seq = r.seq, prev_hash = r.prev_hash, row_hash = r.row_hash where id = r.id;
        prev := r.row_hash;
    end loop;
    alter table audit_log enable trigger audit_log_append_only;
end $$;

alter table audit_log alter column seq set not null, alter column row_hash set not null;
create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_chain();

-- Nobody, the table owner included, may change or remove audit rows through privileges
-- either; the append-only trigger refuses it regardless.
revoke update, delete, truncate on audit_log, request_status_history, request_messages from public;
do $$ begin
    execute format('revoke update, delete, truncate on audit_log, request_status_history, request_messages from %I', current_user);
end $$;
