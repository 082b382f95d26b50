//! Portal accounts as staff see them: search, the requests linked or linkable, summaries.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::workflow::Status;

pub struct AccountRow {
    pub id: Uuid,
    pub legal_name: String,
    pub email: String,
    pub date_of_birth: Date,
    pub email_confirmed_at: Option<OffsetDateTime>,
    pub identity_verified_at: Option<OffsetDateTime>,
}

/// Accounts whose name or email contains `pattern` (a LIKE pattern), or born on `birth`.
pub async fn search_accounts(
    db: impl PgExecutor<'_>,
    pattern: &str,
    birth: Option<Date>,
) -> Result<Vec<AccountRow>, sqlx::Error> {
    sqlx::query_as!(
        AccountRow,
        r#"select id, legal_name, email, date_of_birth, email_confirmed_at, identity_verified_at
           from patient_accounts
           where legal_name ilike $1 or (email collate "default") ilike $1 or date_of_birth = $2
           order by legal_name limit 50"#,
        pattern,
        birth
    )
    .fetch_all(db)
    .await
}

pub struct LinkedRequest {
    pub id: Uuid,
    pub reference: String,
    pub status: Status,
    pub patient_name: String,
    pub received_on: Date,
}

pub async fn linked_requests(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> Result<Vec<LinkedRequest>, sqlx::Error> {
    sqlx::query_as!(
        LinkedRequest,
        r#"select r.id, r.reference, r.status as "status: Status", p.legal_name as patient_name, r.received_on
           from requests r join patients p on p.id = r.patient_id where r.account_id = $1 order by r.received_at desc"#,
        account
    )
    .fetch_all(db)
    .await
}

/// Requests about someone born on `birth` that no account holds yet.
pub async fn unlinked_requests_born_on(
    db: impl PgExecutor<'_>,
    birth: Date,
) -> Result<Vec<LinkedRequest>, sqlx::Error> {
    sqlx::query_as!(
        LinkedRequest,
        r#"select r.id, r.reference, r.status as "status: Status", p.legal_name as patient_name, r.received_on
           from requests r join patients p on p.id = r.patient_id
           where r.account_id is null and p.date_of_birth = $1 order by r.received_at desc limit 50"#,
        birth
    )
    .fetch_all(db)
    .await
}

/// The request a reference names, and who it is about.
pub struct RequestPatient {
    pub id: Uuid,
    pub legal_name: String,
    pub date_of_birth: Date,
}

/// The request with this id or reference, and its patient.
pub async fn request_patient(
    db: impl PgExecutor<'_>,
    id: Option<Uuid>,
    reference: &str,
) -> Result<Option<RequestPatient>, sqlx::Error> {
    sqlx::query_as!(
        RequestPatient,
        r#"select r.id, p.legal_name, p.date_of_birth
           from requests r join patients p on p.id = r.patient_id
           where r.id = $1 or upper(r.reference) = upper($2)
           limit 1"#,
        id,
        reference
    )
    .fetch_optional(db)
    .await
}

/// Links a request no account holds; `false` when another account holds it.
pub async fn link_request(
    db: impl PgExecutor<'_>,
    request: Uuid,
    account: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update requests set account_id = $2 where id = $1 and account_id is null",
        request,
        account
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Unlinks a request from this account; `false` when this account does not hold it.
pub async fn unlink_request(
    db: impl PgExecutor<'_>,
    request: Uuid,
    account: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update requests set account_id = null where id = $1 and account_id = $2",
        request,
        account
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The first link tells that staff know who the account holder is.
pub async fn mark_identity_verified(
    db: impl PgExecutor<'_>,
    account: Uuid,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update patient_accounts set identity_verified_at = coalesce(identity_verified_at, $2), identity_verified_by = coalesce(identity_verified_by, $3) where id = $1",
        account,
        now,
        by
    )
    .execute(db)
    .await?;
    Ok(())
}
