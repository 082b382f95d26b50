//! The download link's SQL: finding a link by its token's hash, its event log, the
//! wrong-answer throttle and the atomic download count.

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

pub struct Link {
    pub id: Uuid,
    pub request_id: Uuid,
    /// Not expired, revoked or used up.
    pub usable: bool,
    /// Resting after too many wrong answers.
    pub locked: bool,
    pub date_of_birth: time::Date,
}

pub async fn find_link(
    db: impl PgExecutor<'_>,
    hash: &[u8; 32],
    now: OffsetDateTime,
) -> Result<Option<Link>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select l.id, l.request_id, l.revoked_at is null and l.expires_at > $2 and l.downloads < l.max_downloads as "usable!",
                  coalesce(l.locked_until > $2, false) as "locked!", p.date_of_birth
           from download_links l join requests r on r.id = l.request_id join patients p on p.id = r.patient_id
           where l.token_hash = $1"#,
        &hash[..],
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| Link {
        id: row.id,
        request_id: row.request_id,
        usable: row.usable,
        locked: row.locked,
        date_of_birth: row.date_of_birth,
    }))
}

/// One line of the link's log: viewed, wrong_answer, throttled, downloaded or refused.
pub async fn log_event(
    db: impl PgExecutor<'_>,
    link: Uuid,
    event: &str,
    file: Option<Uuid>,
    ip: Option<std::net::IpAddr>,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into download_events (link_id, event, file_id, ip, at) values ($1, $2, $3, $4, $5)",
        link,
        event,
        file,
        ip.map(sqlx::types::ipnetwork::IpNetwork::from),
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Counts a wrong date of birth; the `max_wrong`th rests the link for `lockout`.
pub async fn count_wrong_answer(
    db: impl PgExecutor<'_>,
    link: Uuid,
    max_wrong: i32,
    lockout: Duration,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update download_links set
             failed_attempts = case when failed_attempts + 1 >= $2 then 0 else failed_attempts + 1 end,
             locked_until = case when failed_attempts + 1 >= $2 then $3 else locked_until end
           where id = $1"#,
        link,
        max_wrong,
        now + lockout
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Counts one download if the link still allows it, in one statement so that parallel
/// answers cannot pass the limit; `false` when it does not.
pub async fn count_download(
    db: impl PgExecutor<'_>,
    link: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let counted = sqlx::query!(
        r#"update download_links set downloads = downloads + 1, failed_attempts = 0
           where id = $1 and revoked_at is null and expires_at > $2 and downloads < max_downloads"#,
        link,
        now
    )
    .execute(db)
    .await?;
    Ok(counted.rows_affected() > 0)
}
