-- Patients may turn on the second factors staff must have (an authenticator app, recovery
-- codes, passkeys), so the factors move out of the staff table into tables of their own
-- that belong to a staff member or a patient account. Each row names exactly one owner
-- through a real foreign key; `owner_id` is the one both kinds are looked up by.

create table totp_authenticators (
    staff_id uuid unique references staff (id),
    patient_account_id uuid unique references patient_accounts (id),
    owner_id uuid primary key generated always as (coalesce(staff_id, patient_account_id)) stored,
    secret bytea not null,
    key_id text not null,
    confirmed_at timestamptz,
    last_step bigint,
    constraint totp_authenticators_one_owner check (num_nonnulls(staff_id, patient_account_id) = 1)
);
insert into totp_authenticators (staff_id, secret, key_id, confirmed_at, last_step)
    select id, totp_secret, totp_key_id, totp_confirmed_at, totp_last_step
    from staff where totp_secret is not null;
alter table staff
    drop constraint staff_totp_whole,
    drop constraint staff_totp_confirmed_has_secret,
    drop column totp_secret,
    drop column totp_key_id,
    drop column totp_confirmed_at,
    drop column totp_last_step;

alter table staff_recovery_codes rename to recovery_codes;
alter table recovery_codes
    alter column staff_id drop not null,
    add column patient_account_id uuid references patient_accounts (id),
    add column owner_id uuid generated always as (coalesce(staff_id, patient_account_id)) stored,
    add constraint recovery_codes_one_owner check (num_nonnulls(staff_id, patient_account_id) = 1);
drop index staff_recovery_codes_by_staff;
create index recovery_codes_by_owner on recovery_codes (owner_id) where used_at is null;

alter table staff_passkeys rename to passkeys;
alter table passkeys
    alter column staff_id drop not null,
    add column patient_account_id uuid references patient_accounts (id),
    add column owner_id uuid generated always as (coalesce(staff_id, patient_account_id)) stored,
    add constraint passkeys_one_owner check (num_nonnulls(staff_id, patient_account_id) = 1);
drop index staff_passkeys_by_staff;
create index passkeys_by_owner on passkeys (owner_id);

-- A ceremony lives five minutes; whose it is is checked when it is taken.
delete from webauthn_ceremonies;
alter table webauthn_ceremonies drop constraint webauthn_ceremonies_staff_id_fkey;
alter table webauthn_ceremonies rename column staff_id to owner_id;
