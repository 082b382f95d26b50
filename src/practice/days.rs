//! The practice's closed days (and state holidays it works), kept by admins on top of the
//! shipped calendar; every due date is counted on the combined calendar.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::calendar::BusinessCalendar;

/// A day an admin marked.
pub struct MarkedDay {
    pub day: Date,
    pub closed: bool,
    pub reason: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// The shipped calendar with the days admins keep, as of now.
pub async fn calendar(
    db: impl PgExecutor<'_>,
    shipped: &BusinessCalendar,
) -> Result<BusinessCalendar, sqlx::Error> {
    let rows = sqlx::query!("select day, kind = 'closed' as \"closed!\" from practice_days")
        .fetch_all(db)
        .await?;
    let closed = rows.iter().filter(|r| r.closed).map(|r| r.day);
    let open = rows.iter().filter(|r| !r.closed).map(|r| r.day);
    Ok(shipped.clone().with_days(closed, open))
}

pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<MarkedDay>, sqlx::Error> {
    sqlx::query_as!(
        MarkedDay,
        r#"select d.day, d.kind = 'closed' as "closed!", d.reason, s.name as created_by, d.created_at
           from practice_days d join staff s on s.id = d.created_by order by d.day"#
    )
    .fetch_all(db)
    .await
}

/// Marks `day`; `false` when it is already marked.
pub async fn mark(
    db: impl PgExecutor<'_>,
    day: Date,
    closed: bool,
    reason: &str,
    admin: Uuid,
) -> Result<bool, sqlx::Error> {
    let kind = if closed { "closed" } else { "open" };
    let done = sqlx::query!(
        "insert into practice_days (day, kind, reason, created_by) values ($1, $2, $3, $4) on conflict do nothing",
        day,
        kind,
        reason,
        admin
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the mark off `day`; `false` when there was none.
pub async fn unmark(db: impl PgExecutor<'_>, day: Date) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("delete from practice_days where day = $1", day)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
