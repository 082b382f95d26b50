-- Staff sessions, in the layout tower-sessions' PostgreSQL store expects. Ids are stored
-- hashed (see src/staff/session_store.rs).
create schema if not exists tower_sessions;
create table tower_sessions.session (
    id text primary key not null,
    data bytea not null,
    expiry_date timestamptz not null
);
create index session_expiry on tower_sessions.session (expiry_date);

-- Name search in the staff queue matches anywhere in the name.
create extension if not exists pg_trgm;
create index patients_name_trigram on patients using gin (legal_name gin_trgm_ops);
