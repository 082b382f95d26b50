-- Invoices, the payment ledger, files to release, secure download links and the disclosure log.
-- Money rows and disclosures are append-only: corrections are new rows, never edits.

-- One sequence for every instance: numbers never collide, whichever server issues them.
create sequence invoice_numbers;

create table invoices (
    id uuid primary key,
    request_id uuid not null unique references requests (id),
    number text not null unique,
    issued_on date not null,
    quote jsonb not null,
    total_cents bigint not null check (total_cents > 0),
    -- Rendered once at issue, so the copy emailed, printed and re-sent are the same document.
    pdf bytea not null,
    issued_by uuid not null references staff (id),
    created_at timestamptz not null
);
create trigger invoices_append_only before update or delete on invoices
    for each row execute function refuse_change();

create table payments (
    id uuid primary key,
    request_id uuid not null references requests (id),
    kind text not null check (kind in ('payment', 'waiver', 'refund')),
    amount_cents bigint not null check (amount_cents > 0),
    method text check (method in ('card', 'check', 'cash', 'money_order', 'other')),
    reference text,
    reason text,
    recorded_by uuid not null references staff (id),
    recorded_at timestamptz not null,
    check (kind = 'waiver' or method is not null),
    check (kind <> 'waiver' or reason is not null)
);
create index payments_by_request on payments (request_id, recorded_at);
create trigger payments_append_only before update or delete on payments
    for each row execute function refuse_change();

-- The invoice PDF rides with its email; the worker attaches it when sending.
alter table email_outbox add column attachment_invoice_id uuid references invoices (id);

create table release_files (
    id uuid primary key,
    request_id uuid not null references requests (id),
    object_key text not null unique,
    display_name text not null,
    content_type text not null,
    size_bytes bigint not null check (size_bytes > 0),
    sha256 bytea not null check (length(sha256) = 32),
    uploaded_by uuid not null references staff (id),
    uploaded_at timestamptz not null
);
create index release_files_by_request on release_files (request_id);

create table download_links (
    id uuid primary key,
    request_id uuid not null references requests (id),
    token_hash bytea not null unique check (length(token_hash) = 32),
    sent_to text not null,
    expires_at timestamptz not null,
    max_downloads integer not null check (max_downloads > 0),
    downloads integer not null default 0 check (downloads >= 0),
    failed_attempts integer not null default 0,
    locked_until timestamptz,
    revoked_at timestamptz,
    revoked_by uuid references staff (id),
    created_by uuid not null references staff (id),
    created_at timestamptz not null,
    check (downloads <= max_downloads)
);
create index download_links_by_request on download_links (request_id);

create table download_events (
    id bigint generated always as identity primary key,
    link_id uuid not null references download_links (id),
    event text not null check (event in ('viewed', 'wrong_answer', 'throttled', 'downloaded', 'refused')),
    file_id uuid references release_files (id),
    ip inet,
    at timestamptz not null
);
create index download_events_by_link on download_events (link_id, at);
create trigger download_events_append_only before update or delete on download_events
    for each row execute function refuse_change();

-- What the accounting of disclosures (45 CFR 164.528) is built on.
create table disclosures (
    id uuid primary key,
    request_id uuid not null references requests (id),
    patient_id uuid not null references patients (id),
    disclosed_at timestamptz not null,
    method text not null check (method in ('secure_link', 'mail', 'fax', 'provider', 'portal')),
    recipient text not null,
    description text not null,
    purpose text not null,
    mailed_on date,
    tracking_number text,
    destination text,
    recorded_by uuid not null references staff (id)
);
create index disclosures_by_patient on disclosures (patient_id, disclosed_at);
create trigger disclosures_append_only before update or delete on disclosures
    for each row execute function refuse_change();

alter table requests add column released_at timestamptz;
