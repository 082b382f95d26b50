-- The queue's counts of open requests by status, kept by a trigger in the same transaction
-- as every insert and status change, so a page view reads a few rows instead of counting the
-- open requests. Sixteen shards per status spread concurrent submissions over sixteen rows
-- (each transaction locks only its shard until it commits).
create table request_status_counts (
    status text not null,
    shard smallint not null check (shard between 0 and 15),
    n bigint not null default 0,
    primary key (status, shard)
);

create function count_request_status() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into request_status_counts (status, shard, n)
            values (old.status, (hashtext(old.id::text) & 15)::smallint, -1)
            on conflict (status, shard) do update set n = request_status_counts.n - 1;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into request_status_counts (status, shard, n)
            values (new.status, (hashtext(new.id::text) & 15)::smallint, 1)
            on conflict (status, shard) do update set n = request_status_counts.n + 1;
    end if;
    return null;
end $$;

create trigger requests_count_insert_delete after insert or delete on requests
    for each row execute function count_request_status();
create trigger requests_count_status after update of status on requests
    for each row when (old.status is distinct from new.status)
    execute function count_request_status();

insert into request_status_counts (status, shard, n)
    select status, (hashtext(id::text) & 15)::smallint, count(*) from requests group by 1, 2;
