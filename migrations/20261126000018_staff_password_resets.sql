-- An admin emails a staff member a single-use link to set a new password (SPEC 7 "staff
-- password reset"): only the token's hash is kept, it lasts 30 minutes, and it is used once.
create table staff_password_resets (
    token_hash bytea primary key check (length(token_hash) = 32),
    staff_id uuid not null references staff (id),
    created_by uuid references staff (id),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
create index staff_password_resets_by_staff on staff_password_resets (staff_id);
