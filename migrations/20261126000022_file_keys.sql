-- Stored files are encrypted at rest (envelope encryption): each object has its own random
-- data key, kept here wrapped (AES-256-GCM) by the master key named by key_id, so that
-- `records-portal rotate-key` re-wraps the keys without rewriting any file. An object with no
-- row here was stored before encryption (see `records-portal encrypt-existing`).
create table file_keys (
    object_key text primary key,
    key_id text not null,
    wrapped_key bytea not null,
    created_at timestamptz not null default now()
);
create index file_keys_by_key_id on file_keys (key_id);
