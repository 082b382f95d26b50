-- A clerk may take a wrong file back out before the release; the row stays, marked, so the
-- audit trail can name it. Nothing is removed once records are released.
alter table release_files add column removed_at timestamptz;
alter table release_files add column removed_by uuid references staff (id);
