//! The SQL behind the timeliness report and the dashboard. A request is **answered** when it
//! first reached released, completed or denied (the records went out, or the written denial
//! did); a withdrawn request is owed no answer and is left out of the shares.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::RequesterType;
use crate::domain::workflow::Status;

/// One request on the timeliness report.
#[derive(Debug, Clone)]
pub struct TimelinessRow {
    pub id: Uuid,
    pub reference: String,
    pub requester_type: RequesterType,
    pub status: Status,
    pub received_on: Date,
    pub legal_due_on: Date,
    pub extended_at: Option<OffsetDateTime>,
    pub extension_reason: Option<String>,
    pub answered_at: Option<OffsetDateTime>,
}

/// Every request received from `from` to `to` (inclusive), oldest first.
pub async fn timeliness(
    db: impl PgExecutor<'_>,
    from: Date,
    to: Date,
) -> Result<Vec<TimelinessRow>, sqlx::Error> {
    sqlx::query_as!(
        TimelinessRow,
        r#"select r.id, r.reference, r.requester_type as "requester_type: RequesterType",
                  r.status as "status: Status", r.received_on, r.legal_due_on,
                  r.deadline_extended_at as extended_at, r.extension_reason,
                  (select min(h.at) from request_status_history h
                   where h.request_id = r.id and h.to_status in ('released', 'completed', 'denied')) as answered_at
           from requests r
           where r.received_on between $1 and $2
           order by r.received_on, r.reference"#,
        from,
        to
    )
    .fetch_all(db)
    .await
}

/// The timeliness report's totals for each month of receipt from `since`, counted by the
/// database (the same definitions as `reports::timeliness::Totals`: withdrawn unanswered
/// requests are owed nothing; within 30 days counts the practice's calendar days).
pub struct MonthShare {
    pub month: Date,
    pub received: i64,
    pub answered: i64,
    pub within_30: i64,
}

pub async fn share_by_month(
    db: impl PgExecutor<'_>,
    since: Date,
) -> Result<Vec<MonthShare>, sqlx::Error> {
    sqlx::query_as!(
        MonthShare,
        r#"with answered as (
               select r.received_on,
                      (select (min(h.at) at time zone 'America/New_York')::date
                       from request_status_history h
                       where h.request_id = r.id and h.to_status in ('released', 'completed', 'denied')) as on_day
               from requests r where r.received_on >= $1)
           select date_trunc('month', received_on)::date as "month!", count(*) as "received!",
                  count(on_day) as "answered!",
                  count(*) filter (where on_day - received_on <= 30) as "within_30!"
           from answered group by 1 order by 1"#,
        since
    )
    .fetch_all(db)
    .await
}

/// Requests received per week and requester type, from `since`.
pub async fn received_by_week(
    db: impl PgExecutor<'_>,
    since: Date,
) -> Result<Vec<(Date, RequesterType, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select date_trunc('week', received_on)::date as "week!",
                  requester_type as "requester_type: RequesterType", count(*) as "n!"
           from requests where received_on >= $1
           group by 1, 2 order by 1, 2"#,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.week, r.requester_type, r.n))
        .collect())
}

/// The received date of every open request (for their ages).
pub async fn open_received(db: impl PgExecutor<'_>) -> Result<Vec<Date>, sqlx::Error> {
    sqlx::query_scalar!(
        "select received_on from requests where status = any($1)",
        Status::OPEN as _
    )
    .fetch_all(db)
    .await
}

/// Per month of release since `since`: how many were released, and the median and 90th
/// percentile of calendar days from receipt to release.
pub struct Turnaround {
    pub month: Date,
    pub released: i64,
    pub median_days: f64,
    pub p90_days: f64,
}

pub async fn turnaround_by_month(
    db: impl PgExecutor<'_>,
    since: Date,
) -> Result<Vec<Turnaround>, sqlx::Error> {
    sqlx::query_as!(
        Turnaround,
        r#"with released as (
               select r.received_at, min(h.at) as at
               from requests r join request_status_history h on h.request_id = r.id
               where h.to_status = 'released' and h.at >= $1::date
               group by r.id, r.received_at)
           select date_trunc('month', at)::date as "month!", count(*) as "released!",
                  percentile_cont(0.5) within group (order by extract(epoch from at - received_at) / 86400) as "median_days!",
                  percentile_cont(0.9) within group (order by extract(epoch from at - received_at) / 86400) as "p90_days!"
           from released group by 1 order by 1"#,
        since
    )
    .fetch_all(db)
    .await
}

/// Invoices with a balance still due, and when each was issued.
pub async fn unpaid_invoices(db: impl PgExecutor<'_>) -> Result<Vec<Date>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select i.issued_on from invoices i
           where i.total_cents > coalesce((
               select sum(case p.kind when 'refund' then -p.amount_cents else p.amount_cents end)
               from payments p where p.request_id = i.request_id), 0)"#
    )
    .fetch_all(db)
    .await
}

/// Releases since `since` by delivery method.
pub async fn releases_by_method(
    db: impl PgExecutor<'_>,
    since: OffsetDateTime,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select method as "method!", count(*) as "n!" from disclosures
           where disclosed_at >= $1 group by method order by 2 desc"#,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.method, r.n)).collect())
}
