//! Reading a request whole for the detail page, and moving it through the workflow.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType};
use crate::domain::workflow::Status;

pub struct RequestRow {
    pub id: Uuid,
    pub reference: String,
    pub status: Status,
    pub requester_type: RequesterType,
    pub purpose: Purpose,
    pub purpose_other: Option<String>,
    pub other_kinds_description: Option<String>,
    pub all_dates: bool,
    pub dates_from: Option<Date>,
    pub dates_to: Option<Date>,
    pub delivery_method: DeliveryMethod,
    pub delivery_email: Option<String>,
    pub delivery_address: Option<String>,
    pub delivery_fax: Option<String>,
    pub provider_name: Option<String>,
    pub fee_estimate: serde_json::Value,
    pub final_fee: Option<serde_json::Value>,
    pub page_count: Option<i32>,
    pub fee_due_cents: Option<i64>,
    pub received_at: OffsetDateTime,
    pub received_on: Date,
    pub legal_due_on: Date,
    pub service_due_on: Date,
    pub deadline_extended_at: Option<OffsetDateTime>,
    pub extension_reason: Option<String>,
    pub closed_reason: Option<String>,
    pub has_sensitive: bool,
    pub verified_at: Option<OffsetDateTime>,
    pub reviewer_approved_at: Option<OffsetDateTime>,
    pub assigned_to: Option<Uuid>,
    pub assigned_name: Option<String>,
    /// An earlier request this one looks like (same patient, records and requester).
    pub duplicate_id: Option<Uuid>,
    pub duplicate_reference: Option<String>,
    pub patient_name: String,
    pub former_names: Option<String>,
    pub date_of_birth: Date,
    pub patient_phone: Option<String>,
    pub patient_email: Option<String>,
    pub patient_address: Option<String>,
    pub requester_name: String,
    pub requester_organization: Option<String>,
    pub requester_email: String,
    pub requester_phone: Option<String>,
    /// The language the request was filed in: its emails and letters are in it.
    pub language: crate::i18n::Lang,
}

pub async fn load(db: impl PgExecutor<'_>, id: Uuid) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as!(
        RequestRow,
        r#"select r.id, r.reference, r.status as "status: Status", r.requester_type as "requester_type: RequesterType",
                  r.purpose as "purpose: Purpose", r.purpose_other, r.other_kinds_description, r.all_dates,
                  r.dates_from, r.dates_to, r.delivery_method as "delivery_method: DeliveryMethod",
                  r.delivery_email, r.delivery_address, r.delivery_fax, r.provider_name, r.fee_estimate,
                  r.final_fee, r.page_count, r.fee_due_cents, r.received_at, r.received_on, r.legal_due_on,
                  r.service_due_on, r.deadline_extended_at, r.extension_reason, r.closed_reason,
                  r.language as "language: crate::i18n::Lang",
                  r.has_sensitive, r.verified_at, r.reviewer_approved_at, r.assigned_to,
                  s.name as "assigned_name?",
                  d.id as "duplicate_id?", d.reference as "duplicate_reference?",
                  p.legal_name as patient_name, p.former_names, p.date_of_birth, p.phone as patient_phone,
                  p.email as patient_email, p.mailing_address as patient_address,
                  q.name as requester_name, q.organization as requester_organization,
                  q.email as requester_email, q.phone as requester_phone
           from requests r
           join patients p on p.id = r.patient_id
           join requesters q on q.id = r.requester_id
           left join staff s on s.id = r.assigned_to
           left join requests d on d.id = r.possible_duplicate_of
           where r.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn record_kinds(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Vec<RecordKind>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select kind as "kind: RecordKind" from request_record_kinds where request_id = $1 order by kind"#,
        id
    )
    .fetch_all(db)
    .await
}

pub struct FileRow {
    pub id: Uuid,
    pub purpose: String,
    pub original_filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
}

pub async fn files(db: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<FileRow>, sqlx::Error> {
    sqlx::query_as!(
        FileRow,
        "select id, purpose, original_filename, content_type, size_bytes, sha256 from uploaded_files where request_id = $1 order by created_at",
        id
    )
    .fetch_all(db)
    .await
}

pub struct HistoryRow {
    pub at: OffsetDateTime,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub actor: String,
    pub note: Option<String>,
}

pub async fn history(db: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<HistoryRow>, sqlx::Error> {
    sqlx::query_as!(
        HistoryRow,
        r#"select h.at, h.from_status as "from_status: Status", h.to_status as "to_status: Status", h.note,
                  coalesce(s.name, h.actor_kind) as "actor!"
           from request_status_history h left join staff s on s.id = h.actor_id
           where h.request_id = $1 order by h.at, h.id"#,
        id
    )
    .fetch_all(db)
    .await
}

pub struct EmailRow {
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// Retried no more until an admin retries it.
    pub failed_at: Option<OffsetDateTime>,
    pub given_up_at: Option<OffsetDateTime>,
}

pub async fn emails(db: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<EmailRow>, sqlx::Error> {
    sqlx::query_as!(
        EmailRow,
        "select kind, recipient, subject, created_at, sent_at, attempts, last_error, failed_at, given_up_at from email_outbox where request_id = $1 order by created_at, id",
        id
    )
    .fetch_all(db)
    .await
}

pub struct MessageRow {
    pub at: OffsetDateTime,
    pub author: String,
    pub body: String,
}

pub async fn messages(db: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as!(
        MessageRow,
        r#"select m.at, m.body, coalesce(s.name, 'Requester') as "author!"
           from request_messages m left join staff s on s.id = m.author_id
           where m.request_id = $1 order by m.at"#,
        id
    )
    .fetch_all(db)
    .await
}

pub struct AuditRow {
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub ip: Option<String>,
}

pub async fn audit_trail(db: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as!(
        AuditRow,
        r#"select a.at, a.action, host(a.ip) as ip, coalesce(s.name, a.actor_kind) as "actor!"
           from audit_log a left join staff s on s.id = a.actor_id
           where a.request_id = $1 order by a.seq desc limit 200"#,
        id
    )
    .fetch_all(db)
    .await
}
