//! The SQL behind the workflow actions on one request: what a notice needs, the columns
//! each action sets, assignment, approval, extension, payments and attached files.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::billing::ledger::{EntryKind, PaymentMethod};
use crate::domain::denial::DenialGround;
use crate::domain::money::Cents;
use crate::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType};
use crate::domain::workflow::Status;
use crate::files::StoredFile;

/// What an action's email and due dates need.
pub struct NoticeFacts {
    pub reference: String,
    pub delivery_method: DeliveryMethod,
    pub email: String,
}

pub async fn notice_facts(db: impl PgExecutor<'_>, id: Uuid) -> Result<NoticeFacts, sqlx::Error> {
    sqlx::query_as!(
        NoticeFacts,
        r#"select r.reference, r.delivery_method as "delivery_method: DeliveryMethod", q.email as "email!"
           from requests r join requesters q on q.id = r.requester_id where r.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}

/// Verified now: the service target counts from today.
pub async fn mark_verified(
    db: impl PgExecutor<'_>,
    id: Uuid,
    by: Uuid,
    service_due_on: Date,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set verified_at = $2, verified_by = $3, service_due_on = $4 where id = $1",
        id,
        now,
        by,
        service_due_on
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The service target, counted again from when the request became complete and paid.
pub async fn set_service_due(
    db: impl PgExecutor<'_>,
    id: Uuid,
    service_due_on: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set service_due_on = $2 where id = $1",
        id,
        service_due_on
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The page count and the final quote; `due` is what the requester owes, if anything.
pub async fn record_pages(
    db: impl PgExecutor<'_>,
    id: Uuid,
    pages: u32,
    quote: &serde_json::Value,
    due: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set page_count = $2, final_fee = $3, fee_due_cents = $4 where id = $1",
        id,
        i32::try_from(pages).unwrap_or(i32::MAX),
        quote,
        due
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn record_denial(
    db: impl PgExecutor<'_>,
    id: Uuid,
    ground: DenialGround,
    explanation: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set denial_ground = $2, closed_reason = $3 where id = $1",
        id,
        ground.code(),
        explanation
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_closed_reason(
    db: impl PgExecutor<'_>,
    id: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update requests set closed_reason = $2 where id = $1",
        id,
        reason
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The request as filed, for the fee engine's final quote.
pub struct QuoteFacts {
    pub requester_type: RequesterType,
    pub purpose: Purpose,
    pub delivery_method: DeliveryMethod,
    pub kinds: Vec<RecordKind>,
    pub ssa: bool,
    pub fee_schedule_version: String,
}

pub async fn quote_facts(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<QuoteFacts>, sqlx::Error> {
    sqlx::query_as!(
        QuoteFacts,
        r#"select r.requester_type as "requester_type: RequesterType", r.purpose as "purpose: Purpose",
                  r.delivery_method as "delivery_method: DeliveryMethod",
                  array(select kind from request_record_kinds k where k.request_id = r.id) as "kinds!: Vec<RecordKind>",
                  exists (select 1 from uploaded_files f where f.request_id = r.id and f.purpose = 'ssa_documentation') as "ssa!",
                  r.fee_schedule_version
           from requests r where r.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Assigns an open request; `false` when it is closed.
pub async fn assign(db: impl PgExecutor<'_>, id: Uuid, to: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update requests set assigned_to = $2 where id = $1 and status = any($3)",
        id,
        to,
        Status::OPEN as _
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A reviewer's approval of a sensitive release; `false` when there is nothing to approve.
pub async fn approve_release(
    db: impl PgExecutor<'_>,
    id: Uuid,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update requests set reviewer_approved_at = $2, reviewer_approved_by = $3 where id = $1 and has_sensitive and reviewer_approved_at is null",
        id,
        now,
        by
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub struct Extended {
    pub reference: String,
    pub received_on: Date,
    pub email: String,
}

/// The one 30-day extension of an open request, given before its deadline passes;
/// `None` when it was already given, the request is closed, or the deadline has passed.
pub async fn extend_deadline(
    db: impl PgExecutor<'_>,
    id: Uuid,
    reason: &str,
    today: Date,
    now: OffsetDateTime,
) -> Result<Option<Extended>, sqlx::Error> {
    sqlx::query_as!(
        Extended,
        r#"update requests r set legal_due_on = r.received_on + 60, deadline_extended_at = $2, extension_reason = $3
           from requesters q
           where r.id = $1 and q.id = r.requester_id and r.deadline_extended_at is null and r.status = any($4)
             and r.legal_due_on >= $5
           returning r.reference, r.received_on, q.email"#,
        id,
        now,
        reason,
        Status::OPEN as _,
        today
    )
    .fetch_optional(db)
    .await
}

/// The request locked for a ledger entry, with its invoice total if it has one.
pub struct PayableRequest {
    pub total_cents: Option<i64>,
    pub status: Status,
    pub delivery_method: DeliveryMethod,
    pub reference: String,
    pub email: String,
}

pub async fn lock_for_payment(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<PayableRequest>, sqlx::Error> {
    sqlx::query_as!(
        PayableRequest,
        r#"select i.total_cents as "total_cents?", r.status as "status: Status",
                  r.delivery_method as "delivery_method: DeliveryMethod", r.reference, q.email
           from requests r join requesters q on q.id = r.requester_id
           left join invoices i on i.request_id = r.id
           where r.id = $1 for update of r"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// One ledger entry: payment, waiver or refund. Entries are never changed.
pub struct LedgerEntry<'a> {
    pub kind: EntryKind,
    pub amount: Cents,
    pub method: Option<PaymentMethod>,
    pub reference: Option<&'a str>,
    pub reason: Option<&'a str>,
}

pub async fn insert_ledger_entry(
    db: impl PgExecutor<'_>,
    request: Uuid,
    entry: &LedgerEntry<'_>,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into payments (id, request_id, kind, amount_cents, method, reference, reason, recorded_by, recorded_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
        Uuid::now_v7(),
        request,
        entry.kind.code(),
        entry.amount.get(),
        entry.method.map(|m| m.code()),
        entry.reference,
        entry.reason,
        by,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A file the requester attached, in the shape of any stored file.
pub async fn requester_upload(
    db: impl PgExecutor<'_>,
    request: Uuid,
    file: Uuid,
) -> Result<Option<StoredFile>, sqlx::Error> {
    sqlx::query_as!(
        StoredFile,
        r#"select id, object_key, original_filename as display_name, content_type, size_bytes,
                  sha256, created_at as uploaded_at
           from uploaded_files where id = $1 and request_id = $2"#,
        file,
        request
    )
    .fetch_optional(db)
    .await
}
