//! Account emails (confirmation, password reset, "new records in your portal"), queued
//! through the outbox in the caller's transaction.

use sqlx::PgConnection;
use time::OffsetDateTime;

use crate::domain::contact::EmailAddress;
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub struct AccountEmail<'a> {
    pub kind: &'static str,
    pub to: &'a str,
    pub subject: &'static str,
    pub paragraphs: Vec<String>,
    pub link_text: &'static str,
    /// A path on this site; the configured base URL goes in front (never the Host header).
    pub link_path: String,
}

pub async fn queue(
    conn: &mut PgConnection,
    state: &AppState,
    email: AccountEmail<'_>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let to = EmailAddress::parse(email.to)
        .map_err(|_| AppError::Internal("stored account email is invalid".into()))?;
    let practice = &state.config.practice;
    let notice = Notice {
        kind: email.kind,
        request_id: None,
        to,
        subject: email.subject.to_owned(),
        practice_name: practice.name.clone(),
        practice_phone: practice.phone.clone(),
        reference: String::new(),
        paragraphs: email.paragraphs,
        link_text: email.link_text,
        link_url: format!("{}{}", state.config.base_url, email.link_path),
        invoice_attachment: None,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    state.outbox_signal.notify_one();
    Ok(())
}
