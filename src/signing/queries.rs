//! What the signing page reads and counts.

use sqlx::{PgConnection, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::{DeliveryMethod, RecordKind};
use crate::domain::workflow::Status;

/// The authorization a signing link leads to, with what the patient reads before signing.
pub struct Pending {
    pub request_id: Uuid,
    pub reference: String,
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
    pub delivery_method: DeliveryMethod,
    pub link: Link,
}

/// What decides whether a signing link can be used now.
pub struct Link {
    pub status: Status,
    pub signed: bool,
    pub revoked: bool,
    pub expires_at: Option<OffsetDateTime>,
    pub failures: i32,
    /// The link is still the newest one sent.
    pub current: bool,
}

pub async fn find(
    db: impl PgExecutor<'_>,
    hash: &[u8; 32],
) -> Result<Option<Pending>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select r.id as request_id, r.reference, r.status as "status: Status",
                  p.legal_name as patient_name, p.date_of_birth,
                  q.name as requester_name, q.organization as requester_organization,
                  q.email::text as "requester_email!", a.recipient, a.purpose_description,
                  a.expires_on, a.expiration_event, a.sensitive_requested,
                  array(select k.kind from request_record_kinds k where k.request_id = r.id order by k.kind)
                      as "kinds!: Vec<RecordKind>",
                  r.other_kinds_description, r.all_dates, r.dates_from, r.dates_to,
                  a.signing_link_expires_at as link_expires_at, a.signing_failures as failures,
                  a.signed_at is not null as "signed!", a.revoked_at is not null as "revoked!",
                  r.delivery_method as "delivery_method: DeliveryMethod"
           from authorizations a join requests r on r.id = a.request_id
                join patients p on p.id = r.patient_id join requesters q on q.id = r.requester_id
           where a.signing_token_hash = $1"#,
        &hash[..]
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Pending {
        request_id: r.request_id,
        reference: r.reference,
        patient_name: r.patient_name,
        date_of_birth: r.date_of_birth,
        requester_name: r.requester_name,
        requester_organization: r.requester_organization,
        requester_email: r.requester_email,
        recipient: r.recipient,
        purpose_description: r.purpose_description,
        expires_on: r.expires_on,
        expiration_event: r.expiration_event,
        sensitive_requested: r.sensitive_requested,
        kinds: r.kinds,
        other_kinds_description: r.other_kinds_description,
        all_dates: r.all_dates,
        dates_from: r.dates_from,
        dates_to: r.dates_to,
        delivery_method: r.delivery_method,
        link: Link {
            status: r.status,
            signed: r.signed,
            revoked: r.revoked,
            expires_at: r.link_expires_at,
            failures: r.failures,
            current: true,
        },
    }))
}

/// The link's state read again with the request and its authorization locked (in the
/// order workflow steps and revocations take them), so answers sent at the same moment,
/// a revocation or a new link are decided one after another.
pub async fn lock(
    conn: &mut PgConnection,
    request: Uuid,
    hash: &[u8; 32],
) -> Result<Link, sqlx::Error> {
    sqlx::query!("select id from requests where id = $1 for update", request)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query_as!(
        Link,
        r#"select r.status as "status: Status", a.signed_at is not null as "signed!",
                  a.revoked_at is not null as "revoked!", a.signing_link_expires_at as expires_at,
                  a.signing_failures as failures,
                  coalesce(a.signing_token_hash = $2, false) as "current!"
           from authorizations a join requests r on r.id = a.request_id
           where a.request_id = $1 for update of a"#,
        request,
        &hash[..]
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
