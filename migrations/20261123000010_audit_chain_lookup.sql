-- Each audit insert looked up the chain's last row with `order by seq desc nulls last`, which
-- the ascending unique index on seq cannot serve (its backward scan puts nulls first), so every
-- insert read the whole log under the chain's lock: quadratic, found by the 10-minute load run
-- (68,000 inserts had read 2.3 billion rows). seq has been NOT NULL since the chain began.
create or replace function audit_chain() returns trigger as $$
declare
    last record;
begin
    -- One writer at a time extends the chain; held until the transaction ends.
    perform pg_advisory_xact_lock(hashtext('audit_log_chain'));
    select seq, row_hash into last from audit_log order by seq desc limit 1;
    new.seq := coalesce(last.seq, 0) + 1;
    new.prev_hash := last.row_hash;
    new.row_hash := audit_row_digest(new.prev_hash, new);
    return new;
end;
$$ language plpgsql;
