-- Released copies are purged a configurable number of days after the request is completed:
-- the object goes, the row (name, size, SHA-256) stays with the disclosure it documents.
alter table release_files
    add column purged_at timestamptz;
create index release_files_to_purge on release_files (request_id)
    where removed_at is null and purged_at is null;
