-- The patient portal: accounts, their single-use email tokens, the link from requests to
-- an account (made by staff), and clinical visit summaries.

create table patient_accounts (
    id uuid primary key,
    email text not null unique collate case_insensitive,
    legal_name text not null check (length(legal_name) between 1 and 200),
    date_of_birth date not null,
    password_hash text not null,
    email_confirmed_at timestamptz,
    -- Set when staff first link a request to the account: they have checked who it is.
    identity_verified_at timestamptz,
    identity_verified_by uuid references staff (id),
    -- Bumped at a password change: every session made before it ends.
    session_epoch integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null default now()
);
create trigger patient_accounts_updated_at before update on patient_accounts
    for each row execute function set_updated_at();

create table account_tokens (
    token_hash bytea primary key check (length(token_hash) = 32),
    account_id uuid not null references patient_accounts (id),
    purpose text not null check (purpose in ('confirm_email', 'reset_password')),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null
);
create index account_tokens_by_account on account_tokens (account_id);

-- Staff link a request to the account of the patient it is about.
alter table requests add column account_id uuid references patient_accounts (id);
create index requests_by_account on requests (account_id) where account_id is not null;

create table visit_summaries (
    id uuid primary key,
    account_id uuid not null references patient_accounts (id),
    visit_date date not null,
    title text not null,
    object_key text not null unique,
    size_bytes bigint not null check (size_bytes > 0),
    sha256 bytea not null check (length(sha256) = 32),
    added_by uuid references staff (id),
    created_at timestamptz not null
);
create index visit_summaries_by_account on visit_summaries (account_id, visit_date desc);

-- A signed-in patient can withdraw a request or answer a question: the history names them.
alter table request_status_history drop constraint request_status_history_actor_kind_check;
alter table request_status_history add constraint request_status_history_actor_kind_check
    check (actor_kind in ('requester', 'staff', 'patient', 'system'));
