//! The SQL behind releasing records: what a release needs to know, the files uploaded
//! for it, and where a portal release or a new link goes.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::request::{DeliveryMethod, Destinations, Purpose, RecordKind};
use crate::domain::workflow::Status;
use crate::files::StoredFile;
use crate::storage::StoredObject;

pub async fn status(db: impl PgExecutor<'_>, id: Uuid) -> Result<Option<Status>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select status as "status: Status" from requests where id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The status, with the request's row locked until the transaction ends (a release
/// cannot happen in between).
pub async fn lock_status(
    conn: &mut sqlx::PgConnection,
    id: Uuid,
) -> Result<Option<Status>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select status as "status: Status" from requests where id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await
}

/// One file uploaded for release on this request, not removed.
pub async fn release_file(
    db: impl PgExecutor<'_>,
    request: Uuid,
    file: Uuid,
) -> Result<Option<StoredFile>, sqlx::Error> {
    sqlx::query_as!(
        StoredFile,
        r#"select id, object_key, display_name, content_type, size_bytes, sha256, uploaded_at
           from release_files where id = $1 and request_id = $2 and removed_at is null and purged_at is null"#,
        file,
        request
    )
    .fetch_optional(db)
    .await
}

/// Takes a file back out before release; `false` when it is not there to remove.
pub async fn remove_release_file(
    db: impl PgExecutor<'_>,
    request: Uuid,
    file: Uuid,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update release_files set removed_at = $3, removed_by = $4 where id = $1 and request_id = $2 and removed_at is null",
        file,
        request,
        now,
        by
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A whole uploaded file, ready to release.
pub async fn insert_release_file(
    db: impl PgExecutor<'_>,
    request: Uuid,
    object: &StoredObject,
    display_name: &str,
    content_type: &str,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into release_files (id, request_id, object_key, display_name, content_type, size_bytes, sha256, sha1, uploaded_by, uploaded_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"#,
        Uuid::now_v7(),
        request,
        object.key,
        display_name,
        content_type,
        i64::try_from(object.size_bytes).unwrap_or(i64::MAX),
        &object.sha256[..],
        &object.sha1[..],
        by,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// What a release records and tells: how, to whom, about what.
pub struct ReleaseFacts {
    pub reference: String,
    pub delivery_method: DeliveryMethod,
    pub purpose: Purpose,
    pub patient_id: Uuid,
    pub provider_name: Option<String>,
    /// Where a secure link goes: the delivery email, else the requester's.
    pub link_email: String,
    pub email: String,
    pub name: String,
    pub organization: Option<String>,
    pub kinds: Vec<RecordKind>,
    pub delivery_email: Option<String>,
    pub has_sensitive: bool,
    pub delivery_fax: Option<String>,
    pub delivery_address: Option<String>,
}

impl ReleaseFacts {
    pub fn destinations(&self) -> Destinations {
        Destinations {
            email: self.delivery_email.is_some(),
            fax: self.delivery_fax.is_some(),
            address: self.delivery_address.is_some(),
        }
    }
}

pub async fn release_facts(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<ReleaseFacts>, sqlx::Error> {
    sqlx::query_as!(
        ReleaseFacts,
        r#"select r.reference, r.delivery_method as "delivery_method: DeliveryMethod",
                  r.purpose as "purpose: Purpose", r.patient_id, r.provider_name,
                  coalesce(r.delivery_email, q.email) as "link_email!", q.email, q.name, q.organization,
                  array(select kind from request_record_kinds k where k.request_id = r.id order by kind) as "kinds!: Vec<RecordKind>",
                  r.delivery_email, r.delivery_fax, r.delivery_address, r.has_sensitive
           from requests r join requesters q on q.id = r.requester_id where r.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The email of the portal account holding the request, if one does.
pub async fn portal_account_email(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select a.email from requests r join patient_accounts a on a.id = r.account_id where r.id = $1",
        id
    )
    .fetch_optional(db)
    .await
}
