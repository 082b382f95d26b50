-- A records request as the requester submitted it, with everything it owns.

create table patients (
    id uuid primary key,
    legal_name text not null check (length(legal_name) between 1 and 200),
    former_names text,
    date_of_birth date not null,
    phone text,
    email text collate case_insensitive,
    mailing_address text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create trigger patients_updated_at before update on patients
    for each row execute function set_updated_at();

create table requesters (
    id uuid primary key,
    requester_type text not null
        check (requester_type in ('self', 'representative', 'third_party', 'provider')),
    name text not null check (length(name) between 1 and 200),
    organization text,
    email text not null collate case_insensitive,
    phone text,
    mailing_address text,
    created_at timestamptz not null default now()
);

create sequence request_reference_seq;

create table requests (
    id uuid primary key,
    -- What people read out on the phone: RP-2026-000042.
    reference text not null unique
        default 'RP-' || to_char(now() at time zone 'America/New_York', 'YYYY') || '-'
            || lpad(nextval('request_reference_seq')::text, 6, '0'),
    tracking_token_hash bytea not null unique check (length(tracking_token_hash) = 32),
    status text not null default 'received' check (status in (
        'received', 'verifying', 'needs_info', 'in_fulfillment', 'awaiting_payment',
        'ready_to_release', 'released', 'completed', 'denied', 'withdrawn')),
    patient_id uuid not null references patients (id),
    requester_id uuid not null references requesters (id),
    requester_type text not null
        check (requester_type in ('self', 'representative', 'third_party', 'provider')),
    purpose text not null check (purpose in (
        'individual', 'continuing_care', 'legal', 'insurance', 'social_security', 'other')),
    purpose_other text,
    other_kinds_description text,
    all_dates boolean not null,
    dates_from date,
    dates_to date,
    delivery_method text not null
        check (delivery_method in ('portal', 'secure_link', 'mail', 'fax', 'provider')),
    delivery_email text collate case_insensitive,
    delivery_address text,
    delivery_fax text,
    provider_name text,
    fee_schedule_version text not null,
    fee_estimate jsonb not null,
    received_at timestamptz not null,
    received_on date not null,
    legal_due_on date not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (all_dates or dates_from is not null or dates_to is not null),
    check (dates_from is null or dates_to is null or dates_from <= dates_to)
);
create trigger requests_updated_at before update on requests
    for each row execute function set_updated_at();
create index requests_open_by_deadline on requests (legal_due_on, received_at)
    where status not in ('completed', 'denied', 'withdrawn');

create table request_record_kinds (
    request_id uuid not null references requests (id),
    kind text not null check (kind in (
        'visit_summary', 'visit_notes', 'operative_reports', 'xray_images', 'mri_images',
        'ct_images', 'imaging_reports', 'lab_reports', 'billing_statements', 'other')),
    primary key (request_id, kind)
);

create table authorizations (
    request_id uuid primary key references requests (id),
    signer_name text not null check (length(signer_name) between 1 and 200),
    signer_authority text,
    recipient text not null,
    purpose_description text not null,
    expires_on date,
    expiration_event text,
    statements text[] not null,
    sensitive_consents text[] not null default '{}'
        check (sensitive_consents <@ array['psychotherapy', 'substance_use', 'hiv']),
    signed_at timestamptz not null,
    signer_ip inet,
    signer_user_agent text,
    created_at timestamptz not null default now()
);

create table request_status_history (
    id bigint generated always as identity primary key,
    request_id uuid not null references requests (id),
    from_status text,
    to_status text not null,
    actor_kind text not null check (actor_kind in ('requester', 'staff', 'system')),
    actor_id uuid,
    note text,
    at timestamptz not null
);
create index request_status_history_by_request on request_status_history (request_id, at);
create trigger request_status_history_append_only before update or delete on request_status_history
    for each row execute function refuse_change();

create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null,
    actor_kind text not null check (actor_kind in ('requester', 'staff', 'patient', 'system')),
    actor_id uuid,
    action text not null,
    request_id uuid references requests (id),
    ip inet,
    detail jsonb not null default '{}'
);
create index audit_log_by_request on audit_log (request_id, at);
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();

create table uploaded_files (
    id uuid primary key,
    request_id uuid not null references requests (id),
    purpose text not null check (purpose in ('id_photo', 'signed_authorization', 'ssa_documentation')),
    object_key text not null unique,
    original_filename text not null,
    content_type text not null,
    size_bytes bigint not null check (size_bytes > 0),
    sha256 bytea not null check (length(sha256) = 32),
    created_at timestamptz not null default now()
);
create index uploaded_files_by_request on uploaded_files (request_id);
