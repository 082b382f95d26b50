//! Records on their way out: the files uploaded for release, the secure download links
//! sent for them, the disclosure each release records, and completing a request once
//! the records have reached the requester.

pub mod accounting;
pub mod links;
pub mod patient_files;

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::DeliveryMethod;
use crate::domain::workflow::Action;
use crate::error::AppResult;
use crate::files::StoredFile;
use crate::requests::transitions::{self, Who};

/// The files uploaded for release on a request, oldest first.
pub async fn release_files(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
) -> Result<Vec<StoredFile>, sqlx::Error> {
    sqlx::query_as!(
        StoredFile,
        r#"select id, object_key, display_name, content_type, size_bytes, sha256, uploaded_at
           from release_files where request_id = $1 and removed_at is null and purged_at is null
           order by uploaded_at, id"#,
        request_id
    )
    .fetch_all(db)
    .await
}

/// How many released copies of a request were purged after the retention period, and when
/// the last went.
pub async fn purged_files(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
) -> Result<(i64, Option<time::OffsetDateTime>), sqlx::Error> {
    let row = sqlx::query!(
        r#"select count(*) as "n!", max(purged_at) as at from release_files
           where request_id = $1 and purged_at is not null"#,
        request_id
    )
    .fetch_one(db)
    .await?;
    Ok((row.n, row.at))
}

/// One line of the accounting of disclosures (45 CFR 164.528): what went to whom, when,
/// how and why, with the mailing or fax details where there are any.
pub struct Disclosure<'a> {
    pub request_id: Uuid,
    pub patient_id: Uuid,
    pub disclosed_at: OffsetDateTime,
    pub method: DeliveryMethod,
    pub recipient: &'a str,
    pub description: &'a str,
    pub purpose: &'a str,
    pub mailed_on: Option<Date>,
    pub tracking_number: Option<&'a str>,
    pub destination: Option<&'a str>,
    pub recorded_by: Uuid,
}

/// Records a release: the request's release time and its disclosure row.
pub async fn record_release(
    conn: &mut sqlx::PgConnection,
    disclosure: &Disclosure<'_>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set released_at = $2 where id = $1",
        disclosure.request_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"insert into disclosures (id, request_id, patient_id, disclosed_at, method, recipient, description, purpose,
                                    mailed_on, tracking_number, destination, recorded_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"#,
        Uuid::now_v7(),
        disclosure.request_id,
        disclosure.patient_id,
        disclosure.disclosed_at,
        disclosure.method.code(),
        disclosure.recipient,
        disclosure.description,
        disclosure.purpose,
        disclosure.mailed_on,
        disclosure.tracking_number,
        disclosure.destination,
        disclosure.recorded_by
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Released records that have reached the requester: the request is done.
pub async fn complete(
    conn: &mut sqlx::PgConnection,
    id: Uuid,
    who: &Who,
    how: &str,
) -> AppResult<()> {
    // Already completed (a second download) is fine: nothing more to record.
    transitions::try_step(conn, id, Action::Complete, |l| l.facts(), who, Some(how))
        .await
        .map(|_| ())
}
