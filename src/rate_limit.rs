//! Fixed-window rate limits counted in PostgreSQL, so every instance shares one count.

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};

use crate::error::AppError;

pub struct Limit {
    pub bucket: &'static str,
    pub max_hits: u32,
    pub window: Duration,
}

/// Counts one hit for `key` (already hashed or signed: never a raw address) and refuses
/// it once the window's allowance is spent.
pub async fn check(
    db: impl PgExecutor<'_>,
    limit: &Limit,
    key: &[u8],
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let window_secs = limit.window.whole_seconds().max(1);
    let start_secs = now.unix_timestamp() - now.unix_timestamp().rem_euclid(window_secs);
    let window_start = OffsetDateTime::from_unix_timestamp(start_secs)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let hits = sqlx::query_scalar!(
        r#"insert into rate_limit_windows (bucket, key_hash, window_start, hits)
           values ($1, $2, $3, 1)
           on conflict (bucket, key_hash, window_start) do update set hits = rate_limit_windows.hits + 1
           returning hits"#,
        limit.bucket,
        key,
        window_start
    )
    .fetch_one(db)
    .await?;
    if i64::from(hits) > i64::from(limit.max_hits) {
        let retry_after_secs = u64::try_from(start_secs + window_secs - now.unix_timestamp())
            .unwrap_or(1)
            .max(1);
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
}

/// Old windows are of no further use.
pub async fn prune(db: impl PgExecutor<'_>, now: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let cutoff = now - Duration::days(1);
    let done = sqlx::query!(
        "delete from rate_limit_windows where window_start < $1",
        cutoff
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
