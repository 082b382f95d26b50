//! The queue's SQL: one statement with optional filters, keyset-paginated on the order it
//! shows (legal deadline, then arrival), so page 1,000 costs what page 1 costs.
//!
//! The page query is sent as an unnamed statement (`persistent(false)`) on purpose: as a
//! cached prepared statement PostgreSQL switches to a generic plan after five runs, and a
//! generic plan cannot see which `$n is null` filters are off nor match `status = any($1)`
//! to the partial index `requests_queue`; on a million rows it sorted every open request
//! (~80 ms a page instead of ~1 ms). `tests/api/staff_queue.rs` exercises every filter, which
//! stands in for the compile-time check the `query_as!` macro would have given.

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::request::{DeliveryMethod, RecordKind, RequesterType};
use crate::domain::workflow::Status;
use crate::staff::queue::filters::{Filters, Search};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: Uuid,
    pub reference: String,
    pub patient_name: String,
    pub date_of_birth: Date,
    pub requester_type: RequesterType,
    pub kinds: Vec<RecordKind>,
    pub delivery_method: DeliveryMethod,
    pub status: Status,
    pub received_at: OffsetDateTime,
    pub service_due_on: Date,
    pub legal_due_on: Date,
    pub assigned_name: Option<String>,
    /// The reference of an earlier request this one looks like.
    pub possible_duplicate_of: Option<String>,
}

/// `%` and `_` typed into the search box are literal characters, not wildcards.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

const PAGE_SQL: &str = r#"select r.id, r.reference, p.legal_name as patient_name, p.date_of_birth, r.requester_type,
                  array(select k.kind from request_record_kinds k where k.request_id = r.id order by k.kind) as kinds,
                  r.delivery_method, r.status, r.received_at, r.service_due_on, r.legal_due_on,
                  s.name as assigned_name, d.reference as possible_duplicate_of
           from requests r
           join patients p on p.id = r.patient_id
           left join staff s on s.id = r.assigned_to
           left join requests d on d.id = r.possible_duplicate_of
           where r.status = any($1)
             and ($2::text is null or r.requester_type = $2)
             and ($3::text is null or exists (select 1 from request_record_kinds k where k.request_id = r.id and k.kind = $3))
             and ($4::text is null or r.delivery_method = $4)
             and (not $5 or (r.service_due_on < $6 and r.status <> 'awaiting_authorization') or r.legal_due_on < $6)
             and (not $7 or r.assigned_to = $8)
             and ($9::text is null or r.reference = $9)
             and ($10::date is null or p.date_of_birth = $10)
             and ($11::text is null or p.legal_name ilike $11)
             and ($12::date is null or (r.legal_due_on, r.received_at, r.id) > ($12, $13, $14))
           order by r.legal_due_on, r.received_at, r.id
           limit $15"#;

pub async fn page(
    db: impl PgExecutor<'_>,
    f: &Filters,
    me: Uuid,
    today: Date,
    limit: i64,
) -> Result<Vec<QueueRow>, sqlx::Error> {
    let statuses = match f.status {
        Some(status) => vec![status],
        None => Status::OPEN.to_vec(),
    };
    let (reference, birth_date, name) = match &f.search {
        Some(Search::Reference(r)) => (Some(r.as_str()), None, None),
        Some(Search::BirthDate(d)) => (None, Some(*d), None),
        Some(Search::Name(n)) => (None, None, Some(like_pattern(n))),
        None => (None, None, None),
    };
    let (after_due, after_received, after_id) = match f.after {
        Some(c) => (Some(c.legal_due_on), Some(c.received_at), Some(c.id)),
        None => (None, None, None),
    };
    sqlx::query_as::<_, QueueRow>(PAGE_SQL)
        .bind(&statuses)
        .bind(f.requester_type.map(|r| r.code()))
        .bind(f.kind.map(|k| k.code()))
        .bind(f.delivery.map(|d| d.code()))
        .bind(f.overdue)
        .bind(today)
        .bind(f.mine)
        .bind(me)
        .bind(reference)
        .bind(birth_date)
        .bind(name)
        .bind(after_due)
        .bind(after_received)
        .bind(after_id)
        .bind(limit)
        .persistent(false)
        .fetch_all(db)
        .await
}
