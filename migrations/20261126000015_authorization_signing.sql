-- A third party never signs for the patient (SPEC 3): the patient signs online through a
-- link the request emails them, or the third party attaches a paper authorization that
-- staff check element by element. Until then the request waits in awaiting_authorization.

alter table requests drop constraint requests_status_check;
alter table requests add constraint requests_status_check check (status in (
    'awaiting_authorization', 'received', 'verifying', 'needs_info', 'in_fulfillment',
    'awaiting_payment', 'ready_to_release', 'released', 'completed', 'denied', 'withdrawn'));

-- The queue lists every open request, including those waiting for the patient's signature.
drop index requests_queue;
create index requests_queue on requests (legal_due_on, received_at, id)
    where status in ('awaiting_authorization', 'received', 'verifying', 'needs_info',
                     'in_fulfillment', 'awaiting_payment', 'ready_to_release');

-- How the authorization came to be signed: on the form by the requester (a patient, a
-- personal representative, a provider's office), online by the patient through the link,
-- or on paper, attached by the third party.
alter table authorizations add column signed_by text not null default 'requester'
    check (signed_by in ('requester', 'patient_online', 'paper'));
-- What the requester asked for among the sensitive categories; sensitive_consents is what
-- the signer consented to, which for a third party's request comes later.
alter table authorizations add column sensitive_requested text[] not null default '{}'
    check (sensitive_requested <@ array['psychotherapy', 'substance_use', 'hiv']);
update authorizations set sensitive_requested = sensitive_consents;

-- Unsigned until the patient signs online, or staff check the paper.
alter table authorizations alter column signer_name drop not null;
alter table authorizations alter column signed_at drop not null;
alter table authorizations add constraint authorizations_signature_whole
    check ((signer_name is null) = (signed_at is null));

-- The patient's signing link: only its hash, an expiry, and the wrong dates of birth
-- answered on it (the link locks after five until staff send a new one).
alter table authorizations add column signing_email text collate case_insensitive;
alter table authorizations add column signing_token_hash bytea unique
    check (length(signing_token_hash) = 32);
alter table authorizations add column signing_link_expires_at timestamptz;
alter table authorizations add column signing_link_sent_at timestamptz;
alter table authorizations add column signing_failures integer not null default 0;

-- The paper authorization as staff checked it: the elements they found on it.
alter table authorizations add column paper_elements text[];
alter table authorizations add column paper_checked_by uuid references staff (id);
alter table authorizations add column paper_checked_at timestamptz;
alter table authorizations add constraint authorizations_paper_check_whole
    check ((paper_checked_at is null) = (paper_elements is null)
       and (paper_checked_at is null) = (paper_checked_by is null));
