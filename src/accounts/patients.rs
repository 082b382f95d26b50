//! Patient accounts and their single-use email tokens (confirmation, password reset), stored
//! only as hashes.

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::crypto::{NewToken, token_hash};
use crate::email::notices::{AccountEmail, queue_account_email};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct PatientAccount {
    pub id: Uuid,
    pub email: String,
    pub legal_name: String,
    pub date_of_birth: time::Date,
    pub password_hash: String,
    pub email_confirmed_at: Option<OffsetDateTime>,
    pub identity_verified_at: Option<OffsetDateTime>,
    pub session_epoch: i32,
    /// The language the patient reads the portal in.
    pub language: Lang,
}

pub async fn find(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<PatientAccount>, sqlx::Error> {
    sqlx::query_as!(
        PatientAccount,
        r#"select id, email, legal_name, date_of_birth, password_hash, email_confirmed_at,
                  identity_verified_at, session_epoch, language as "language: Lang"
           from patient_accounts where id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn find_by_email(
    db: impl PgExecutor<'_>,
    email: &str,
) -> Result<Option<PatientAccount>, sqlx::Error> {
    sqlx::query_as!(
        PatientAccount,
        r#"select id, email, legal_name, date_of_birth, password_hash, email_confirmed_at,
                  identity_verified_at, session_epoch, language as "language: Lang"
           from patient_accounts where email = $1"#,
        email
    )
    .fetch_optional(db)
    .await
}

/// Keeps the language the patient chose on the switch.
pub async fn set_language(
    db: impl PgExecutor<'_>,
    id: Uuid,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update patient_accounts set language = $2 where id = $1",
        id,
        lang.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// What a token is for, and how long it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::ConfirmEmail => "confirm_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }

    /// A reset link is a key to the account: short-lived. Confirmation can wait a while.
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::ConfirmEmail => Duration::days(3),
            TokenPurpose::ResetPassword => Duration::minutes(30),
        }
    }
}

pub async fn new_token(
    db: impl PgExecutor<'_>,
    account: Uuid,
    purpose: TokenPurpose,
    now: OffsetDateTime,
) -> Result<NewToken, sqlx::Error> {
    let token = NewToken::generate();
    sqlx::query!(
        "insert into account_tokens (token_hash, account_id, purpose, expires_at, created_at) values ($1, $2, $3, $4, $5)",
        &token.hash[..],
        account,
        purpose.code(),
        now + purpose.lifetime(),
        now
    )
    .execute(db)
    .await?;
    Ok(token)
}

/// The account a live, unused token of `purpose` belongs to, without using it up.
pub async fn peek_token(
    db: impl PgExecutor<'_>,
    presented: &str,
    purpose: TokenPurpose,
    now: OffsetDateTime,
) -> Result<Option<Uuid>, sqlx::Error> {
    let Some(hash) = token_hash(presented) else {
        return Ok(None);
    };
    sqlx::query_scalar!(
        "select account_id from account_tokens where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3",
        &hash[..],
        purpose.code(),
        now
    )
    .fetch_optional(db)
    .await
}

/// Uses a token up, once: the account it belongs to, or `None` if it was not live.
pub async fn use_token(
    db: impl PgExecutor<'_>,
    presented: &str,
    purpose: TokenPurpose,
    now: OffsetDateTime,
) -> Result<Option<Uuid>, sqlx::Error> {
    let Some(hash) = token_hash(presented) else {
        return Ok(None);
    };
    sqlx::query_scalar!(
        r#"update account_tokens set used_at = $3
           where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3
           returning account_id"#,
        &hash[..],
        purpose.code(),
        now
    )
    .fetch_optional(db)
    .await
}

/// Emails a link that confirms the account's address (3 days).
pub async fn send_confirmation(
    conn: &mut sqlx::PgConnection,
    state: &AppState,
    account: Uuid,
    to: &str,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let token = new_token(&mut *conn, account, TokenPurpose::ConfirmEmail, now).await?;
    let email = AccountEmail {
        audience: crate::email::notices::Audience::Patient,
        kind: "confirm_email",
        to,
        subject: "Confirm your email for the patient portal",
        paragraphs: vec![
            "Please confirm that this is your email address. The link works for 3 days.".into(),
        ],
        link_text: "Confirm your email",
        link_path: format!("/account/confirm/{}", token.text),
    };
    queue_account_email(conn, state, email, now).await
}

/// Ends every other session of the account (a change to how it signs in); the new epoch,
/// for the session that made the change to carry on with.
pub async fn end_other_sessions(db: impl PgExecutor<'_>, id: Uuid) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "update patient_accounts set session_epoch = session_epoch + 1 where id = $1 returning session_epoch",
        id
    )
    .fetch_one(db)
    .await
}

/// Tells the patient how they sign in changed (`what`), and whom to call if it was not them.
pub async fn tell_sign_in_changed(
    conn: &mut sqlx::PgConnection,
    state: &AppState,
    to: &str,
    what: String,
    now: OffsetDateTime,
) -> AppResult<()> {
    let message = AccountEmail {
        audience: crate::email::notices::Audience::Patient,
        kind: "patient_sign_in_changed",
        to,
        subject: "How you sign in to the patient portal changed",
        paragraphs: vec![
            what,
            "If you did not make or ask for this change, call the records office right away: the number is below.".into(),
        ],
        link_text: "See how you sign in",
        link_path: "/account/security".into(),
    };
    queue_account_email(conn, state, message, now).await
}
