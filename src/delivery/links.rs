//! Secure download links: a 256-bit token whose hash alone is stored, an expiry, a download
//! limit, revocable by staff; issued on release and re-issued on request.

use sqlx::{PgConnection, PgExecutor};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::crypto::NewToken;
use crate::domain::contact::EmailAddress;
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::state::AppState;

pub struct LinkRow {
    pub id: Uuid,
    pub sent_to: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub max_downloads: i32,
    pub downloads: i32,
    pub revoked_at: Option<OffsetDateTime>,
    /// Stopped after too many wrong dates of birth.
    pub suspended_at: Option<OffsetDateTime>,
    /// Wrong dates of birth typed at the link so far.
    pub wrong_answers: i64,
}

impl LinkRow {
    /// The link still opens the download.
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.state(now) == "active"
    }

    pub fn state(&self, now: OffsetDateTime) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.suspended_at.is_some() {
            "suspended (wrong dates of birth)"
        } else if self.expires_at <= now {
            "expired"
        } else if self.downloads >= self.max_downloads {
            "used up"
        } else {
            "active"
        }
    }
}

pub async fn list(db: impl PgExecutor<'_>, request_id: Uuid) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as!(
        LinkRow,
        r#"select l.id, l.sent_to, l.created_at, l.expires_at, l.max_downloads, l.downloads, l.revoked_at,
                  l.suspended_at,
                  (select count(*) from download_events e where e.link_id = l.id and e.event = 'wrong_answer') as "wrong_answers!"
           from download_links l where l.request_id = $1 order by l.created_at, l.id"#,
        request_id
    )
    .fetch_all(db)
    .await
}

/// Makes a link for `request_id` and queues the email that carries it to `to`.
pub async fn issue_and_send(
    conn: &mut PgConnection,
    state: &AppState,
    request_id: Uuid,
    to: &str,
    created_by: Uuid,
    now: OffsetDateTime,
) -> AppResult<()> {
    let token = NewToken::generate();
    sqlx::query!(
        r#"insert into download_links (id, request_id, token_hash, sent_to, expires_at, max_downloads, created_by, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        Uuid::now_v7(),
        request_id,
        &token.hash[..],
        to,
        now + Duration::days(state.config.download_link_days),
        state.config.download_limit,
        created_by,
        now
    )
    .execute(&mut *conn)
    .await?;
    let reference = sqlx::query_scalar!("select reference from requests where id = $1", request_id)
        .fetch_one(&mut *conn)
        .await?;
    let email = EmailAddress::parse(to)
        .map_err(|_| AppError::Internal("stored recipient email is invalid".into()))?;
    let practice = &state.config.practice;
    let lang = crate::email::notices::request_language(&mut *conn, request_id).await?;
    let ready = Text::new("notice-ready")
        .arg("days", state.config.download_link_days)
        .arg("downloads", state.config.download_limit);
    let notice = Notice {
        lang,
        kind: "records_ready",
        request_id: Some(request_id),
        to: email,
        subject: Text::new("notice-ready-subject")
            .arg("reference", &reference)
            .render(lang),
        practice_name: practice.name.clone(),
        practice_phone: practice.phone.clone(),
        reference,
        paragraphs: vec![ready.render(lang), lang.t("notice-ready-private")],
        link_text: lang.t("notice-download"),
        link_url: format!("{}/d/{}", state.config.base_url, token.text),
        invoice_attachment: None,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    Ok(())
}

/// Revokes one link of a request; false when it was not an active link of that request.
pub async fn revoke(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    link_id: Uuid,
    staff: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update download_links set revoked_at = $3, revoked_by = $4 where id = $1 and request_id = $2 and revoked_at is null",
        link_id,
        request_id,
        now,
        staff
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
