//! The portal's SQL. Every query about a request or a file names the account: a row that
//! is not the signed-in patient's is not found.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::calendar::long_date;
use crate::domain::request::DeliveryMethod;
use crate::domain::workflow::Status;
use crate::files::StoredFile;

pub struct MyRequest {
    pub id: Uuid,
    pub reference: String,
    pub status: Status,
    pub received_on: Date,
    pub legal_due_on: Date,
}

impl MyRequest {
    pub fn status_label(&self) -> &'static str {
        self.status.public_label()
    }
    pub fn received(&self) -> String {
        long_date(self.received_on)
    }
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

/// Records released to the patient's portal, newest first.
pub async fn portal_records(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> Result<Vec<StoredFile>, sqlx::Error> {
    sqlx::query_as!(
        StoredFile,
        r#"select f.id, f.object_key, f.display_name, f.content_type, f.size_bytes, f.sha256, f.uploaded_at
           from release_files f join requests r on r.id = f.request_id
           where r.account_id = $1 and r.delivery_method = $2 and r.status = any($3) and f.removed_at is null and f.purged_at is null
           order by f.uploaded_at desc"#,
        account,
        DeliveryMethod::Portal as _,
        Status::RELEASED as _
    )
    .fetch_all(db)
    .await
}

/// One record released to the patient's portal, with the request it belongs to.
pub async fn portal_record(
    db: impl PgExecutor<'_> + Copy,
    id: Uuid,
    account: Uuid,
) -> Result<Option<(StoredFile, Uuid)>, sqlx::Error> {
    let file = sqlx::query_as!(
        StoredFile,
        r#"select f.id, f.object_key, f.display_name, f.content_type, f.size_bytes, f.sha256, f.uploaded_at
           from release_files f join requests r on r.id = f.request_id
           where f.id = $1 and r.account_id = $2 and r.delivery_method = $3 and r.status = any($4)
             and f.removed_at is null and f.purged_at is null"#,
        id,
        account,
        DeliveryMethod::Portal as _,
        Status::RELEASED as _
    )
    .fetch_optional(db)
    .await?;
    let Some(file) = file else {
        return Ok(None);
    };
    let request_id = sqlx::query_scalar!("select request_id from release_files where id = $1", id)
        .fetch_one(db)
        .await?;
    Ok(Some((file, request_id)))
}

/// One of the patient's visit summaries, as a file to stream.
pub async fn summary_file(
    db: impl PgExecutor<'_>,
    id: Uuid,
    account: Uuid,
) -> Result<Option<StoredFile>, sqlx::Error> {
    let row = sqlx::query!(
        "select id, object_key, title, visit_date, size_bytes, sha256, created_at from visit_summaries where id = $1 and account_id = $2",
        id,
        account
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| StoredFile {
        id: row.id,
        object_key: row.object_key,
        display_name: format!("Visit summary {}.pdf", row.visit_date),
        content_type: "application/pdf".into(),
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        uploaded_at: row.created_at,
    }))
}

/// A new, unconfirmed account.
pub struct NewAccount<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub legal_name: &'a str,
    pub date_of_birth: Date,
    pub password_hash: &'a str,
}

pub async fn insert_account(
    db: impl PgExecutor<'_>,
    account: &NewAccount<'_>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into patient_accounts (id, email, legal_name, date_of_birth, password_hash, created_at)
           values ($1, $2, $3, $4, $5, $6)"#,
        account.id,
        account.email,
        account.legal_name,
        account.date_of_birth,
        account.password_hash,
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
