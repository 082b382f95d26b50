-- The ground a reviewer chose when denying a request (45 CFR 164.524(a)), for the letter.
alter table requests add column denial_ground text check (denial_ground in (
    'psychotherapy_notes', 'legal_proceeding', 'confidential_source', 'endangers_life',
    'harms_other_person', 'representative_harm', 'invalid_authorization'));
