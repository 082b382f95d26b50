//! What the signing page reads and counts.

use sqlx::{PgConnection, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::RecordKind;
use crate::domain::workflow::Status;

/// The authorization a signing link leads to, with what the patient reads before signing.
pub struct Pending {
    pub request_id: Uuid,
    pub reference: String,
    pub status: Status,
    pub patient_name: String,
    pub date_of_birth: Date,
    pub requester_name: String,
    pub requester_organization: Option<String>,
    pub requester_email: String,
    pub recipient: String,
    pub purpose_description: String,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<String>,
    pub sensitive_requested: Vec<String>,
    pub kinds: Vec<RecordKind>,
    pub other_kinds_description: Option<String>,
    pub all_dates: bool,
    pub dates_from: Option<Date>,
    pub dates_to: Option<Date>,
    pub link_expires_at: Option<OffsetDateTime>,
    pub failures: i32,
    pub signed: bool,
}

pub async fn find(
    db: impl PgExecutor<'_>,
    hash: &[u8; 32],
) -> Result<Option<Pending>, sqlx::Error> {
    sqlx::query_as!(
        Pending,
        r#"select r.id as request_id, r.reference, r.status as "status: Status",
                  p.legal_name as patient_name, p.date_of_birth,
                  q.name as requester_name, q.organization as requester_organization,
                  q.email::text as "requester_email!", a.recipient, a.purpose_description,
                  a.expires_on, a.expiration_event, a.sensitive_requested,
                  array(select k.kind from request_record_kinds k where k.request_id = r.id order by k.kind)
                      as "kinds!: Vec<RecordKind>",
                  r.other_kinds_description, r.all_dates, r.dates_from, r.dates_to,
                  a.signing_link_expires_at as link_expires_at, a.signing_failures as failures,
                  a.signed_at is not null as "signed!"
           from authorizations a join requests r on r.id = a.request_id
                join patients p on p.id = r.patient_id join requesters q on q.id = r.requester_id
           where a.signing_token_hash = $1"#,
        &hash[..]
    )
    .fetch_optional(db)
    .await
}

/// The wrong dates of birth answered on the link so far, with its row locked so answers
/// sent at the same moment are counted one after another.
pub async fn lock_failures(conn: &mut PgConnection, request: Uuid) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "select signing_failures from authorizations where request_id = $1 for update",
        request
    )
    .fetch_one(conn)
    .await
}

pub async fn count_failure(conn: &mut PgConnection, request: Uuid) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "update authorizations set signing_failures = signing_failures + 1 where request_id = $1 returning signing_failures",
        request
    )
    .fetch_one(conn)
    .await
}
