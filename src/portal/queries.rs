//! The portal's SQL. Every query about a request or a file names the account: a row that
//! is not the signed-in patient's is not found.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::workflow::Status;

pub struct MyRequest {
    pub id: Uuid,
    pub reference: String,
    pub status: Status,
    pub received_on: Date,
    pub legal_due_on: Date,
}

/// The patient's requests, newest first.
pub async fn my_requests(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> Result<Vec<MyRequest>, sqlx::Error> {
    sqlx::query_as!(
        MyRequest,
        r#"select id, reference, status as "status: Status", received_on, legal_due_on from requests where account_id = $1 order by received_at desc"#,
        account
    )
    .fetch_all(db)
    .await
}

/// One of the patient's requests.
pub async fn my_request(
    db: impl PgExecutor<'_>,
    id: Uuid,
    account: Uuid,
) -> Result<Option<MyRequest>, sqlx::Error> {
    sqlx::query_as!(
        MyRequest,
        r#"select id, reference, status as "status: Status", received_on, legal_due_on from requests where id = $1 and account_id = $2"#,
        id,
        account
    )
    .fetch_optional(db)
    .await
}

pub async fn note_withdrawn_in_portal(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!("update requests set closed_reason = 'withdrawn by the patient in the portal' where id = $1", id)
        .execute(db)
        .await?;
    Ok(())
}

/// A new, unconfirmed account.
pub struct NewAccount<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub legal_name: &'a str,
    pub date_of_birth: Date,
    pub password_hash: &'a str,
    /// The language the visitor chose while creating it: the portal keeps speaking it.
    pub language: &'a str,
}

pub async fn insert_account(
    db: impl PgExecutor<'_>,
    account: &NewAccount<'_>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into patient_accounts (id, email, legal_name, date_of_birth, password_hash, language, created_at)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        account.id,
        account.email,
        account.legal_name,
        account.date_of_birth,
        account.password_hash,
        account.language,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn confirm_email(
    db: impl PgExecutor<'_>,
    account: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update patient_accounts set email_confirmed_at = coalesce(email_confirmed_at, $2) where id = $1",
        account,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A new password ends every session (the epoch moves) and, having come by email,
/// confirms the address.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    account: Uuid,
    hash: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update patient_accounts set password_hash = $2, session_epoch = session_epoch + 1,
                  email_confirmed_at = coalesce(email_confirmed_at, $3)
           where id = $1"#,
        account,
        hash,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}
