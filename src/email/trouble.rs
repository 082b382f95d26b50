//! Emails in trouble, for the admin's page and the request page: failed (retried no more)
//! and delayed (still being retried, or queued for a while), never their bodies; and the
//! admin's two answers, retry and give up.

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Queued this long without being sent counts as delayed.
pub const DELAYED_AFTER: Duration = Duration::minutes(15);

pub struct TroubledEmail {
    pub id: Uuid,
    pub kind: String,
    pub recipient: String,
    pub request_id: Option<Uuid>,
    pub reference: Option<String>,
    pub created_at: OffsetDateTime,
    pub attempts: i32,
    pub next_attempt_at: OffsetDateTime,
    pub last_error: Option<String>,
    pub failed_at: Option<OffsetDateTime>,
}

impl TroubledEmail {
    pub fn failed(&self) -> bool {
        self.failed_at.is_some()
    }
}

/// Failed messages first (oldest first), then delayed ones.
pub async fn list(
    db: impl PgExecutor<'_>,
    now: OffsetDateTime,
) -> Result<Vec<TroubledEmail>, sqlx::Error> {
    sqlx::query_as!(
        TroubledEmail,
        r#"select e.id, e.kind, e.recipient, e.request_id, r.reference as "reference?", e.created_at,
                  e.attempts, e.next_attempt_at, e.last_error, e.failed_at
           from email_outbox e left join requests r on r.id = e.request_id
           where e.sent_at is null and e.given_up_at is null
             and (e.failed_at is not null or e.attempts > 0 or e.created_at <= $1)
           order by e.failed_at is null, e.created_at
           limit 500"#,
        now - DELAYED_AFTER
    )
    .fetch_all(db)
    .await
}

/// Tries a failed or delayed message again now, with a fresh count of attempts.
pub async fn retry(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"update email_outbox set failed_at = null, attempts = 0, next_attempt_at = $2, retried_at = $2
           where id = $1 and sent_at is null and given_up_at is null"#,
        id,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stops trying a message for good; its bodies (bearer links) are erased.
pub async fn give_up(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"update email_outbox set given_up_at = $2, text_body = null, html_body = null
           where id = $1 and sent_at is null and given_up_at is null"#,
        id,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
