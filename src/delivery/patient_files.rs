//! The files a patient may read: records released to their portal and their visit
//! summaries. The portal lists and streams them; the FHIR API offers the same set to the
//! patient's apps. Every query names the account.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::DeliveryMethod;
use crate::domain::workflow::Status;
use crate::files::StoredFile;

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

/// A file the patient may read, described for an app: a visit summary (with its visit
/// date) or a record released to the portal.
#[derive(Debug, Clone)]
pub struct PatientDocument {
    pub id: Uuid,
    pub summary: bool,
    pub title: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha1: Option<Vec<u8>>,
    pub added_at: OffsetDateTime,
    pub visit_date: Option<Date>,
}

/// Every file the patient may read, newest first (a patient has tens, not thousands).
pub async fn all_documents(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> Result<Vec<PatientDocument>, sqlx::Error> {
    sqlx::query_as!(
        PatientDocument,
        r#"select id as "id!", true as "summary!", title as "title!", 'application/pdf' as "content_type!",
                  size_bytes as "size_bytes!", sha1, created_at as "added_at!", visit_date as "visit_date?"
           from visit_summaries where account_id = $1
           union all
           select f.id, false, f.display_name, f.content_type, f.size_bytes, f.sha1, f.uploaded_at, null::date
           from release_files f join requests r on r.id = f.request_id
           where r.account_id = $1 and r.delivery_method = $2 and r.status = any($3)
             and f.removed_at is null and f.purged_at is null
           order by 7 desc"#,
        account,
        DeliveryMethod::Portal as _,
        Status::RELEASED as _
    )
    .fetch_all(db)
    .await
}
