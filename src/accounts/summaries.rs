//! Visit summaries attached to a patient account, by staff on the patient page or in bulk
//! with `records-portal import-summaries DIR`; the patient is told by email.

use sqlx::{PgConnection, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::patients::PatientAccount;
use crate::domain::calendar::long_date;
use crate::email::notices::new_records_email;
use crate::error::AppResult;
use crate::state::AppState;
use crate::storage::StoredObject;

/// Stores the row for a summary already in the object store and emails the patient.
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
        r#"insert into visit_summaries (id, account_id, visit_date, title, object_key, size_bytes, sha256, sha1, added_by, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"#,
        Uuid::now_v7(),
        account.id,
        visit_date,
        title,
        object.key,
        i64::try_from(object.size_bytes).unwrap_or(i64::MAX),
        &object.sha256[..],
        &object.sha1[..],
        added_by,
        now
    )
    .execute(&mut *conn)
    .await?;
    new_records_email(conn, state, &account.email, now).await
}

pub struct SummaryRow {
    pub id: Uuid,
    pub visit_date: Date,
    pub title: String,
}

impl SummaryRow {
    pub fn visit(&self) -> String {
        long_date(self.visit_date)
    }
}

/// The account's visit summaries, latest visit first.
pub async fn list(db: impl PgExecutor<'_>, account: Uuid) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        "select id, visit_date, title from visit_summaries where account_id = $1 order by visit_date desc, created_at desc",
        account
    )
    .fetch_all(db)
    .await
}
