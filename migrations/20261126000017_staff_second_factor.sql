-- Staff sign in at AAL2 (NIST SP 800-63B rev 4): a password and a second factor. A TOTP
-- secret sealed under the master key (never stored in plain text), the last time step
-- accepted (a code is good once), single-use recovery codes stored hashed, a count of
-- consecutive failed sign-ins (the account locks at 100 until an admin unlocks it).

alter table staff
    add column totp_secret bytea,
    add column totp_key_id text,
    add column totp_confirmed_at timestamptz,
    add column totp_last_step bigint,
    add column failed_sign_ins integer not null default 0,
    add column locked_at timestamptz,
    add column last_sign_in_at timestamptz,
    add constraint staff_totp_whole check ((totp_secret is null) = (totp_key_id is null)),
    add constraint staff_totp_confirmed_has_secret check (totp_confirmed_at is null or totp_secret is not null);

create table staff_recovery_codes (
    id uuid primary key,
    staff_id uuid not null references staff (id),
    code_hash bytea not null check (length(code_hash) = 32),
    used_at timestamptz,
    created_at timestamptz not null default now()
);
create index staff_recovery_codes_by_staff on staff_recovery_codes (staff_id) where used_at is null;
