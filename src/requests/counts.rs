//! How many requests are open, by status: the counts above the staff queue and the gauges
//! Prometheus scrapes. Read from `request_status_counts`, which a trigger keeps in the same
//! transaction as every status change (a few rows, however long the practice's history).

use sqlx::PgExecutor;

use crate::domain::workflow::Status;

/// Open requests per status (statuses with none are left out).
pub async fn open_by_status(db: impl PgExecutor<'_>) -> Result<Vec<(Status, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select status as "status: Status", sum(n)::bigint as "count!"
           from request_status_counts where status = any($1)
           group by status having sum(n) > 0"#,
        Status::OPEN as _
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.count)).collect())
}
