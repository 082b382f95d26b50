//! Every notice email, queued through the outbox in the caller's transaction: notices about
//! a request (each with a fresh private tracking link) and notices about a portal account.

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::crypto::NewToken;
use crate::domain::contact::EmailAddress;
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

/// Who a request notice goes to.
pub struct Addressee<'a> {
    pub request_id: Uuid,
    pub reference: &'a str,
    pub email: &'a str,
}

/// What to say: the kind (for the outbox), the subject and a few plain sentences, written
/// in the request's language when queued.
pub struct Message {
    pub kind: &'static str,
    pub subject: Text,
    pub paragraphs: Vec<Text>,
    pub link_text: Text,
    /// The invoice whose PDF goes with the message.
    pub invoice: Option<Uuid>,
}

/// Queues `message` about a request, with a new tracking link, in the caller's transaction.
pub async fn notify(
    conn: &mut PgConnection,
    state: &AppState,
    to: &Addressee<'_>,
    message: Message,
    now: OffsetDateTime,
) -> AppResult<()> {
    let email = EmailAddress::parse(to.email)
        .map_err(|_| AppError::Internal("stored requester email is invalid".into()))?;
    let lang = request_language(&mut *conn, to.request_id).await?;
    let token = NewToken::generate();
    insert_tracking_token(&mut *conn, to.request_id, &token.hash, now).await?;
    let notice = Notice {
        lang,
        kind: message.kind,
        request_id: Some(to.request_id),
        to: email,
        subject: message.subject.render(lang),
        practice_name: state.config.practice.name.clone(),
        practice_phone: state.config.practice.phone.clone(),
        reference: to.reference.to_owned(),
        paragraphs: message.paragraphs.iter().map(|p| p.render(lang)).collect(),
        link_text: message.link_text.render(lang),
        link_url: format!("{}/track/{}", state.config.base_url, token.text),
        invoice_attachment: message.invoice,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    Ok(())
}

/// The language a request was filed in: everything about it goes out in it.
pub async fn request_language(conn: &mut PgConnection, request: Uuid) -> Result<Lang, sqlx::Error> {
    let code = sqlx::query_scalar!("select language from requests where id = $1", request)
        .fetch_one(conn)
        .await?;
    Ok(Lang::parse(&code).unwrap_or_default())
}

/// Records a tracking link's hash; every link made for a request stays valid. Tracking
/// links are minted only for emails, so they are minted here.
pub async fn insert_tracking_token(
    db: impl sqlx::PgExecutor<'_>,
    request_id: Uuid,
    hash: &[u8; 32],
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into tracking_tokens (token_hash, request_id, created_at) values ($1, $2, $3)",
        &hash[..],
        request_id,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Who an account email is for: a patient reads it in their account's language, staff in
/// English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Patient,
    Staff,
}

/// A notice about a portal account: no request, a link into the portal.
pub struct AccountEmail<'a> {
    pub kind: &'static str,
    pub audience: Audience,
    pub to: &'a str,
    pub subject: &'static str,
    pub paragraphs: Vec<String>,
    pub link_text: &'static str,
    /// A path on this site; the configured base URL goes in front (never the Host header).
    pub link_path: String,
}

pub async fn queue_account_email(
    conn: &mut PgConnection,
    state: &AppState,
    email: AccountEmail<'_>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let to = EmailAddress::parse(email.to)
        .map_err(|_| AppError::Internal("stored account email is invalid".into()))?;
    let practice = &state.config.practice;
    // A patient's in their account's language (or, before there is one, the visitor's),
    // when the catalog has every sentence of it; else English, whole.
    let preferred = match email.audience {
        Audience::Staff => Lang::En,
        Audience::Patient => sqlx::query_scalar!(
            "select language from patient_accounts where email = $1",
            email.to
        )
        .fetch_optional(&mut *conn)
        .await?
        .and_then(|code| Lang::parse(&code))
        .unwrap_or(crate::i18n::current().preferred),
    };
    let lang = if std::iter::once(email.subject)
        .chain(email.paragraphs.iter().map(String::as_str))
        .chain([email.link_text])
        .all(|english| preferred.has_message(english))
    {
        preferred
    } else {
        Lang::En
    };
    let notice = Notice {
        kind: email.kind,
        request_id: None,
        lang,
        to,
        subject: lang.message(email.subject),
        practice_name: practice.name.clone(),
        practice_phone: practice.phone.clone(),
        reference: String::new(),
        paragraphs: email.paragraphs.iter().map(|p| lang.message(p)).collect(),
        link_text: lang.message(email.link_text),
        link_url: format!("{}{}", state.config.base_url, email.link_path),
        invoice_attachment: None,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    state.outbox_signal.notify_one();
    Ok(())
}

/// "There is something new in your portal": no detail, just the way in.
pub async fn new_records_email(
    conn: &mut PgConnection,
    state: &AppState,
    to: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let email = AccountEmail {
        kind: "portal_new_records",
        audience: Audience::Patient,
        to,
        subject: "New records in your patient portal",
        paragraphs: vec!["There is something new for you in the patient portal. Sign in to see it; downloads there are free.".into()],
        link_text: "Sign in to the patient portal",
        link_path: "/account/login".into(),
    };
    queue_account_email(conn, state, email, now).await
}
