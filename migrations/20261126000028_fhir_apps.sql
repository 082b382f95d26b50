-- Apps a patient connects to the FHIR API (SMART App Launch, standalone patient launch):
-- the apps an admin registered, each patient's grant to an app, the single-use authorization
-- codes, and the access and refresh tokens. Codes, tokens and client secrets are stored only
-- as SHA-256 hashes of 256-bit random values.

-- FHIR's Attachment.hash is a SHA-1 of the bytes; computed at upload beside the SHA-256.
-- Files stored before this migration have none, and their DocumentReference omits the hash.
alter table release_files add column sha1 bytea check (sha1 is null or length(sha1) = 20);
alter table visit_summaries add column sha1 bytea check (sha1 is null or length(sha1) = 20);

create table fhir_apps (
    id uuid primary key,
    client_id text not null unique check (client_id ~ '^[A-Za-z0-9_-]{8,64}$'),
    name text not null check (length(name) between 1 and 100),
    confidential boolean not null,
    secret_hash bytea check (secret_hash is null or length(secret_hash) = 32),
    redirect_uris text[] not null check (cardinality(redirect_uris) between 1 and 10),
    registered_by uuid not null references staff (id),
    registered_at timestamptz not null,
    disabled_at timestamptz,
    check (confidential = (secret_hash is not null))
);

create table fhir_grants (
    id uuid primary key,
    app_id uuid not null references fhir_apps (id),
    account_id uuid not null references patient_accounts (id) on delete cascade,
    scopes text[] not null,
    granted_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz
);
-- One live connection per app and patient: connecting again replaces the scopes.
create unique index fhir_grants_live on fhir_grants (app_id, account_id) where revoked_at is null;
create index fhir_grants_account on fhir_grants (account_id);

create table fhir_codes (
    code_hash bytea primary key check (length(code_hash) = 32),
    grant_id uuid not null references fhir_grants (id) on delete cascade,
    redirect_uri text not null,
    code_challenge text not null check (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
    scopes text[] not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
create index fhir_codes_expiry on fhir_codes (expires_at);

create table fhir_tokens (
    token_hash bytea primary key check (length(token_hash) = 32),
    grant_id uuid not null references fhir_grants (id) on delete cascade,
    kind text not null check (kind in ('access', 'refresh')),
    scopes text[] not null,
    -- The code the first tokens came from: a replayed code revokes what it issued.
    code_hash bytea,
    issued_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index fhir_tokens_grant on fhir_tokens (grant_id);
create index fhir_tokens_code on fhir_tokens (code_hash) where code_hash is not null;
