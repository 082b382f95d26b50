//! Visit summaries attached to an account, by staff on the patient page or in bulk with
//! `records-portal import-summaries DIR`; the patient is told by email.

use sqlx::PgConnection;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::accounts::PatientAccount;
use super::emails::{AccountEmail, queue};
use crate::error::AppResult;
use crate::state::AppState;
use crate::storage::StoredObject;

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut PgConnection,
    state: &AppState,
    account: &PatientAccount,
    visit_date: Date,
    title: &str,
    object: &StoredObject,
    added_by: Option<Uuid>,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        r#"insert into visit_summaries (id, account_id, visit_date, title, object_key, size_bytes, sha256, added_by, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
        Uuid::now_v7(),
        account.id,
        visit_date,
        title,
        object.key,
        i64::try_from(object.size_bytes).unwrap_or(i64::MAX),
        &object.sha256[..],
        added_by,
        now
    )
    .execute(&mut *conn)
    .await?;
    new_records_email(conn, state, &account.email, now).await
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
        to,
        subject: "New records in your patient portal",
        paragraphs: vec!["There is something new for you in the patient portal. Sign in to see it; downloads there are free.".into()],
        link_text: "Sign in to the patient portal",
        link_path: "/account/login".into(),
    };
    queue(conn, state, email, now).await
}
