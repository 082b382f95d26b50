//! The tracking page's SQL: the request a tracking token opens, and what the page shows.

use sqlx::PgExecutor;
use time::Date;
use uuid::Uuid;

use crate::domain::request::{DeliveryMethod, RecordKind, RequesterType};
use crate::domain::workflow::Status;

/// The request a token's hash opens; every token made for a request stays valid.
pub async fn request_for_token(
    db: impl PgExecutor<'_>,
    hash: &[u8; 32],
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select request_id from tracking_tokens where token_hash = $1",
        &hash[..]
    )
    .fetch_optional(db)
    .await
}

pub struct TrackedRequest {
    pub reference: String,
    pub status: Status,
    pub delivery_method: DeliveryMethod,
    pub received_on: Date,
    pub legal_due_on: Date,
    pub service_due_on: Date,
    pub kinds: Vec<RecordKind>,
    pub requester_type: RequesterType,
    /// The authorization on file is still in force (none on file: `false`).
    pub authorization_in_force: bool,
    /// Staff have matched the requester's answers against the practice's records.
    pub identity_verified: bool,
    pub authorization_revoked_at: Option<time::OffsetDateTime>,
    /// The deadline was extended (the notice is behind the tracking link).
    pub extended: bool,
}

pub async fn tracked_request(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<TrackedRequest, sqlx::Error> {
    sqlx::query_as!(
        TrackedRequest,
        r#"select r.reference, r.status as "status: Status", r.delivery_method as "delivery_method: DeliveryMethod",
                  r.received_on, r.legal_due_on, r.service_due_on,
                  array(select kind from request_record_kinds k where k.request_id = r.id order by kind) as "kinds!: Vec<RecordKind>",
                  r.requester_type as "requester_type: RequesterType",
                  r.verified_at is not null as "identity_verified!",
                  exists (select 1 from authorizations a where a.request_id = r.id and a.revoked_at is null) as "authorization_in_force!",
                  (select a.revoked_at from authorizations a where a.request_id = r.id) as authorization_revoked_at,
                  r.deadline_extended_at is not null as "extended!"
           from requests r where r.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}
