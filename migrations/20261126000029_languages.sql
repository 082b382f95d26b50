-- The language a patient reads the portal in, and the language each request was filed in:
-- every email and letter about a request goes out in it, and staff see it.
alter table patient_accounts add column language text not null default 'en'
    check (language in ('en', 'es'));
alter table requests add column language text not null default 'en'
    check (language in ('en', 'es'));
