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

/// The timeliness report's totals for each month of receipt from `since`, from the rollup a
/// trigger keeps (the same definitions as `reports::timeliness::Totals`: answered the first
/// time a request reached released, completed or denied; within 30 calendar days).
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
        r#"select month, received, answered, within_30 from dashboard_answers_monthly
           where month >= $1 order by month"#,
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
        r#"select date_trunc('week', day)::date as "week!",
                  requester_type as "requester_type: RequesterType", sum(n)::bigint as "n!"
           from dashboard_received_daily where day >= $1
           group by 1, 2 having sum(n) <> 0 order by 1, 2"#,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.week, r.requester_type, r.n))
        .collect())
}

/// How many open requests arrived on each day (for their ages).
pub async fn open_by_received_day(
    db: impl PgExecutor<'_>,
) -> Result<Vec<(Date, i64)>, sqlx::Error> {
    let rows = sqlx::query!("select day, n from dashboard_open_daily where n <> 0")
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.day, r.n)).collect())
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
    // Nearest-rank percentiles over the hour-by-hour histogram the trigger keeps.
    sqlx::query_as!(
        Turnaround,
        r#"with h as (
               select month, hours, n,
                      sum(n) over (partition by month order by hours) as cum,
                      sum(n) over (partition by month) as total
               from dashboard_turnaround_monthly where month >= $1 and n > 0)
           select month as "month!", max(total)::bigint as "released!",
                  (min(hours) filter (where cum >= 0.5 * total))::float8 / 24 as "median_days!",
                  (min(hours) filter (where cum >= 0.9 * total))::float8 / 24 as "p90_days!"
           from h group by month order by month"#,
        since
    )
    .fetch_all(db)
    .await
}

/// Invoices with a balance still due, counted by the day each was issued.
pub async fn unpaid_invoices(db: impl PgExecutor<'_>) -> Result<Vec<(Date, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select i.issued_on, count(*) as "n!" from invoices i
           where i.total_cents > coalesce((
               select sum(case p.kind when 'refund' then -p.amount_cents else p.amount_cents end)
               from payments p where p.request_id = i.request_id), 0)
           group by i.issued_on"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.issued_on, r.n)).collect())
}

/// Releases from the month `since` by delivery method.
pub async fn releases_by_method(
    db: impl PgExecutor<'_>,
    since: Date,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select method, sum(n)::bigint as "n!" from dashboard_releases_monthly
           where month >= $1 group by method having sum(n) > 0 order by 2 desc"#,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.method, r.n)).collect())
}
