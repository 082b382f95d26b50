-- Passkeys (WebAuthn), the phishing-resistant way for staff to sign in (NIST SP 800-63B
-- rev 4: the verifier offers one). A passkey is the credential webauthn-rs keeps (public
-- key, counter), by credential id; a ceremony's state lives here between its two requests,
-- so any instance can finish what another started, and each challenge is used once.
create table staff_passkeys (
    id uuid primary key,
    staff_id uuid not null references staff (id),
    credential_id bytea not null unique,
    passkey jsonb not null,
    name text not null check (length(name) between 1 and 100),
    created_at timestamptz not null,
    last_used_at timestamptz
);
create index staff_passkeys_by_staff on staff_passkeys (staff_id);

create table webauthn_ceremonies (
    id uuid primary key,
    staff_id uuid not null references staff (id),
    kind text not null check (kind in ('register', 'authenticate')),
    state jsonb not null,
    expires_at timestamptz not null
);
