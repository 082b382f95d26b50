//! The download link's SQL: finding a link by its token's hash, its event log, the
//! challenge guard (read with the row locked, then stored) and the atomic download count.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::download_guard::Guard;

pub struct Link {
    pub id: Uuid,
    pub request_id: Uuid,
    /// Not expired, revoked, suspended or used up, and its authorization not revoked.
    pub usable: bool,
    /// Stopped after too many wrong dates of birth.
    pub suspended: bool,
}

pub async fn find_link(
    db: impl PgExecutor<'_>,
    hash: &[u8; 32],
    now: OffsetDateTime,
) -> Result<Option<Link>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select l.id, l.request_id,
                  l.revoked_at is null and l.suspended_at is null and l.expires_at > $2 and l.downloads < l.max_downloads
                  and not exists (select 1 from authorizations a where a.request_id = l.request_id and a.revoked_at is not null) as "usable!",
                  l.suspended_at is not null as "suspended!"
           from download_links l where l.token_hash = $1"#,
        &hash[..],
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| Link {
        id: row.id,
        request_id: row.request_id,
        usable: row.usable,
        suspended: row.suspended,
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

/// The link's challenge guard and the patient's date of birth, with the link's row
/// locked until the transaction ends: answers to one link are decided one at a time.
pub async fn lock_guard(
    conn: &mut PgConnection,
    link: Uuid,
) -> Result<(Guard, time::Date), sqlx::Error> {
    let row = sqlx::query!(
        r#"select l.failed_attempts, l.locked_until, l.lockouts, l.suspended_at is not null as "suspended!",
                  p.date_of_birth
           from download_links l join requests r on r.id = l.request_id join patients p on p.id = r.patient_id
           where l.id = $1
           for update of l"#,
        link
    )
    .fetch_one(&mut *conn)
    .await?;
    let guard = Guard {
        failed_attempts: row.failed_attempts,
        locked_until: row.locked_until,
        lockouts: row.lockouts,
        suspended: row.suspended,
    };
    Ok((guard, row.date_of_birth))
}

pub async fn store_guard(
    conn: &mut PgConnection,
    link: Uuid,
    guard: &Guard,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update download_links set failed_attempts = $2, locked_until = $3, lockouts = $4,
                  suspended_at = case when $5 then coalesce(suspended_at, $6) end
           where id = $1"#,
        link,
        guard.failed_attempts,
        guard.locked_until,
        guard.lockouts,
        guard.suspended,
        now
    )
    .execute(&mut *conn)
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
        r#"update download_links l set downloads = downloads + 1, failed_attempts = 0
           where l.id = $1 and l.revoked_at is null and l.suspended_at is null and l.expires_at > $2
             and l.downloads < l.max_downloads
             and not exists (select 1 from authorizations a where a.request_id = l.request_id and a.revoked_at is not null)"#,
        link,
        now
    )
    .execute(db)
    .await?;
    Ok(counted.rows_affected() > 0)
}
