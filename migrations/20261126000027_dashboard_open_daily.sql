-- Open requests by the day they arrived, for the dashboard's ages: kept by a trigger on every
-- filing and status change, so the chart reads one row a day instead of scanning the open
-- requests. The open statuses are the workflow's (tests/api/vocabulary.rs checks them).
create table dashboard_open_daily (
    day date primary key,
    n bigint not null default 0
);

create function dashboard_count_open() returns trigger language plpgsql as $$
declare
    open_statuses constant text[] := array['awaiting_authorization', 'received', 'verifying',
        'needs_info', 'in_fulfillment', 'awaiting_payment', 'ready_to_release'];
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = any(open_statuses) then
        insert into dashboard_open_daily (day, n) values (old.received_on, -1)
            on conflict (day) do update set n = dashboard_open_daily.n - 1;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.status = any(open_statuses) then
        insert into dashboard_open_daily (day, n) values (new.received_on, 1)
            on conflict (day) do update set n = dashboard_open_daily.n + 1;
    end if;
    return null;
end $$;

create trigger requests_open_daily_insert_delete after insert or delete on requests
    for each row execute function dashboard_count_open();
create trigger requests_open_daily_update after update of status, received_on on requests
    for each row when (old.status is distinct from new.status or old.received_on is distinct from new.received_on)
    execute function dashboard_count_open();

create or replace function dashboard_rebuild() returns void language plpgsql as $$
begin
-- answered_on is recounted below with everything else, not row by row by its trigger.
alter table requests disable trigger requests_dashboard_update;
update requests r set answered_on = (
    select (min(h.at) at time zone 'America/New_York')::date from request_status_history h
    where h.request_id = r.id and h.to_status in ('released', 'completed', 'denied'));
alter table requests enable trigger requests_dashboard_update;
delete from dashboard_open_daily;
insert into dashboard_open_daily (day, n)
    select received_on, count(*) from requests
    where status in ('awaiting_authorization', 'received', 'verifying', 'needs_info', 'in_fulfillment', 'awaiting_payment', 'ready_to_release')
    group by 1;
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
