//! Emails to the requester about their request, each with a fresh private tracking link.

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::crypto::NewToken;
use crate::domain::contact::EmailAddress;
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub struct Addressee<'a> {
    pub request_id: Uuid,
    pub reference: &'a str,
    pub email: &'a str,
}

/// What to say: the kind (for the outbox), the subject and a few plain sentences.
pub struct Message {
    pub kind: &'static str,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub link_text: &'static str,
    /// The invoice whose PDF goes with the message.
    pub invoice: Option<Uuid>,
}

/// Queues `message` in the caller's transaction.
pub async fn notify(
    conn: &mut PgConnection,
    state: &AppState,
    to: &Addressee<'_>,
    message: Message,
    now: OffsetDateTime,
) -> AppResult<()> {
    let email = EmailAddress::parse(to.email)
        .map_err(|_| AppError::Internal("stored requester email is invalid".into()))?;
    let token = NewToken::generate();
    crate::tracking::insert_token(&mut *conn, to.request_id, &token.hash, now).await?;
    let notice = Notice {
        kind: message.kind,
        request_id: Some(to.request_id),
        to: email,
        subject: message.subject,
        practice_name: state.config.practice.name.clone(),
        practice_phone: state.config.practice.phone.clone(),
        reference: to.reference.to_owned(),
        paragraphs: message.paragraphs,
        link_text: message.link_text,
        link_url: format!("{}/track/{}", state.config.base_url, token.text),
        invoice_attachment: message.invoice,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    Ok(())
}
