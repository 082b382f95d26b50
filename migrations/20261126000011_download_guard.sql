-- The date-of-birth challenge rests longer each time and, after several rests, suspends
-- the link until staff send a new one.
alter table download_links add column lockouts integer not null default 0;
alter table download_links add column suspended_at timestamptz;
