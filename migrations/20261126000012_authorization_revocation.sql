-- An authorization can be revoked (45 CFR 164.508(b)(5)): by the patient in the portal, by
-- the signer from the tracking page, or by staff recording a written revocation.
alter table authorizations add column revoked_at timestamptz;
alter table authorizations add column revoked_by text check (revoked_by in ('patient', 'signer', 'staff'));
alter table authorizations add column revocation_note text;
alter table authorizations add constraint authorizations_revocation_whole
    check ((revoked_at is null) = (revoked_by is null));
