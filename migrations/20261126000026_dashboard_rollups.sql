-- The dashboard reads rollups kept by triggers in the same transaction as each filing, answer
-- and release (as the queue's status counters are), so a view reads a few hundred rows
-- however long the practice's history. A request is answered the first time it reaches
-- released, completed or denied; `answered_on` is that day in the practice's time zone.
alter table requests add column answered_on date;

create table dashboard_received_daily (
    day date not null,
    requester_type text not null,
    n bigint not null default 0,
    primary key (day, requester_type)
);
create table dashboard_answers_monthly (
    month date primary key,
    received bigint not null default 0,
    answered bigint not null default 0,
    within_30 bigint not null default 0
);
-- Turnaround from receipt to the first release, in whole hours, per month of release.
create table dashboard_turnaround_monthly (
    month date not null,
    hours integer not null,
    n bigint not null default 0,
    primary key (month, hours)
);
create table dashboard_releases_monthly (
    month date not null,
    method text not null,
    n bigint not null default 0,
    primary key (month, method)
);

create function dashboard_count_request() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        insert into dashboard_received_daily (day, requester_type, n) values (old.received_on, old.requester_type, -1)
            on conflict (day, requester_type) do update set n = dashboard_received_daily.n - 1;
        insert into dashboard_answers_monthly (month, received, answered, within_30)
            values (date_trunc('month', old.received_on)::date, -1,
                    -(old.answered_on is not null)::int, -coalesce((old.answered_on - old.received_on <= 30)::int, 0))
            on conflict (month) do update set received = dashboard_answers_monthly.received + excluded.received,
                answered = dashboard_answers_monthly.answered + excluded.answered,
                within_30 = dashboard_answers_monthly.within_30 + excluded.within_30;
    end if;
    insert into dashboard_received_daily (day, requester_type, n) values (new.received_on, new.requester_type, 1)
        on conflict (day, requester_type) do update set n = dashboard_received_daily.n + 1;
    insert into dashboard_answers_monthly (month, received, answered, within_30)
        values (date_trunc('month', new.received_on)::date, 1,
                (new.answered_on is not null)::int, coalesce((new.answered_on - new.received_on <= 30)::int, 0))
        on conflict (month) do update set received = dashboard_answers_monthly.received + excluded.received,
            answered = dashboard_answers_monthly.answered + excluded.answered,
            within_30 = dashboard_answers_monthly.within_30 + excluded.within_30;
    return null;
end $$;

create trigger requests_dashboard_insert after insert on requests
    for each row execute function dashboard_count_request();
create trigger requests_dashboard_update after update of received_on, requester_type, answered_on on requests
    for each row when (old.received_on is distinct from new.received_on
                       or old.requester_type is distinct from new.requester_type
                       or old.answered_on is distinct from new.answered_on)
    execute function dashboard_count_request();

-- The first answer sets answered_on (which the trigger above counts); the first release
-- also goes into the turnaround histogram.
create function dashboard_count_answer() returns trigger language plpgsql as $$
declare
    received timestamptz;
begin
    update requests set answered_on = (new.at at time zone 'America/New_York')::date
        where id = new.request_id and answered_on is null;
    if new.to_status = 'released' and not exists (
        select 1 from request_status_history h
        where h.request_id = new.request_id and h.to_status = 'released' and h.id <> new.id) then
        select received_at into received from requests where id = new.request_id;
        insert into dashboard_turnaround_monthly (month, hours, n)
            values (date_trunc('month', new.at at time zone 'America/New_York')::date,
                    greatest(0, floor(extract(epoch from new.at - received) / 3600))::int, 1)
            on conflict (month, hours) do update set n = dashboard_turnaround_monthly.n + 1;
    end if;
    return null;
end $$;

create trigger request_status_history_dashboard after insert on request_status_history
    for each row when (new.to_status in ('released', 'completed', 'denied'))
    execute function dashboard_count_answer();

create function dashboard_count_release() returns trigger language plpgsql as $$
begin
    insert into dashboard_releases_monthly (month, method, n)
        values (date_trunc('month', new.disclosed_at at time zone 'America/New_York')::date, new.method, 1)
        on conflict (month, method) do update set n = dashboard_releases_monthly.n + 1;
    return null;
end $$;

create trigger disclosures_dashboard after insert on disclosures
    for each row execute function dashboard_count_release();

-- Recounts every rollup (and answered_on) from the rows: here for what is there already, and
-- for bulk loads that disable the triggers (scripts/bench-queue).
create function dashboard_rebuild() returns void language plpgsql as $$
begin
-- answered_on is recounted below with everything else, not row by row by its trigger.
alter table requests disable trigger requests_dashboard_update;
update requests r set answered_on = (
    select (min(h.at) at time zone 'America/New_York')::date from request_status_history h
    where h.request_id = r.id and h.to_status in ('released', 'completed', 'denied'));
alter table requests enable trigger requests_dashboard_update;
delete from dashboard_received_daily;
delete from dashboard_answers_monthly;
delete from dashboard_turnaround_monthly;
delete from dashboard_releases_monthly;
insert into dashboard_received_daily (day, requester_type, n)
    select received_on, requester_type, count(*) from requests group by 1, 2;
insert into dashboard_answers_monthly (month, received, answered, within_30)
    select date_trunc('month', received_on)::date, count(*), count(answered_on),
           count(*) filter (where answered_on - received_on <= 30)
    from requests group by 1;
insert into dashboard_turnaround_monthly (month, hours, n)
    select date_trunc('month', first_at at time zone 'America/New_York')::date,
           greatest(0, floor(extract(epoch from first_at - received_at) / 3600))::int, count(*)
    from (select r.received_at, min(h.at) as first_at from requests r
          join request_status_history h on h.request_id = r.id and h.to_status = 'released'
          group by r.id, r.received_at) released
    group by 1, 2;
insert into dashboard_releases_monthly (month, method, n)
    select date_trunc('month', disclosed_at at time zone 'America/New_York')::date, method, count(*)
    from disclosures group by 1, 2;
end $$;
select dashboard_rebuild();
