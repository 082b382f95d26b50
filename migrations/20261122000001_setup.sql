-- Shared set-up: case-insensitive text for email addresses and an updated_at trigger.
create collation if not exists case_insensitive (
    provider = icu, locale = 'und-u-ks-level2', deterministic = false
);

create or replace function set_updated_at() returns trigger as $$
begin
    new.updated_at = now();
    return new;
end;
$$ language plpgsql;

-- Rows of append-only tables are never changed or removed, whoever asks.
create or replace function refuse_change() returns trigger as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end;
$$ language plpgsql;

-- Secrets the instances share (CSRF and cookie signing keys), made once on first start.
create table app_secrets (
    name text primary key,
    value bytea not null check (length(value) >= 32),
    created_at timestamptz not null default now()
);
