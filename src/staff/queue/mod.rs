//! `GET /staff/queue`: every open request, most urgent first, with filters, search,
//! keyset pages and a CSV export.

pub(super) mod csv;
pub(super) mod filters;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use time::Date;

pub use filters::{Cursor, Filters, QueueQuery};

use super::auth::{AnyStaff, StaffUser};
use crate::audit::{self, Actor};
use crate::domain::calendar::practice_date;
use crate::domain::request::{DeliveryMethod, RecordKind, RequesterType};
use crate::domain::workflow::Status;
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::staff::queries::queue as queries;
use crate::state::{AppState, Site};

const PAGE_SIZE: i64 = 50;
const CSV_LIMIT: i64 = 50_000;

#[derive(Template, WebTemplate)]
#[template(path = "staff/queue.html")]
struct QueuePage {
    site: Site,
    csrf: String,
    user: StaffUser,
    rows: Vec<RowView>,
    counts: Vec<(Status, i64)>,
    filters: Filters,
    search_text: String,
    query_string: String,
    next_page: Option<String>,
}

struct RowView {
    id: uuid::Uuid,
    reference: String,
    patient_name: String,
    date_of_birth: Date,
    requester: &'static str,
    kinds: String,
    delivery: &'static str,
    status: &'static str,
    age_days: i64,
    service_due: Date,
    legal_due: Date,
    urgency: Option<Urgency>,
    assigned: String,
    duplicate_of: Option<String>,
    /// Named only when not English, so the column stays quiet.
    language: Option<&'static str>,
}

/// Marked in words as well as colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    DueSoon,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "Overdue",
            Urgency::DueSoon => "Due soon",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Urgency::Overdue => "bg-secondary-dark",
            Urgency::DueSoon => "bg-accent-warm-darker",
        }
    }
}

/// Overdue once past either date; due soon within three days of either.
pub fn urgency(today: Date, service_due: Date, legal_due: Date) -> Option<Urgency> {
    let soonest = service_due.min(legal_due);
    if today > soonest {
        Some(Urgency::Overdue)
    } else if (soonest - today).whole_days() <= 3 {
        Some(Urgency::DueSoon)
    } else {
        None
    }
}

async fn show_queue(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    Query(query): Query<QueueQuery>,
) -> AppResult<impl IntoResponse> {
    let filters = Filters::from(&query);
    let today = practice_date(state.clock.now());
    // Two connections at once: counting every open request is the slower half on a big
    // practice, and neither query depends on the other.
    let (rows, counts) = tokio::try_join!(
        queries::page(&state.db, &filters, user.id, today, PAGE_SIZE + 1),
        crate::requests::counts::open_by_status(&state.db)
    )?;
    let mut rows = rows;
    let next_page = (rows.len() as i64 > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        let last = rows.last().expect("a full page has a last row");
        Cursor {
            legal_due_on: last.legal_due_on,
            received_at: last.received_at,
            id: last.id,
        }
        .encode()
    });
    let counts = Status::OPEN
        .iter()
        .map(|s| {
            (
                *s,
                counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| RowView {
            id: r.id,
            // Waiting for the patient's signature, only the legal deadline runs: the service
            // target starts again when the patient signs.
            urgency: if r.status == Status::AwaitingAuthorization {
                urgency(today, r.legal_due_on, r.legal_due_on)
            } else {
                urgency(today, r.service_due_on, r.legal_due_on)
            },
            age_days: (today - practice_date(r.received_at)).whole_days(),
            reference: r.reference,
            patient_name: r.patient_name,
            date_of_birth: r.date_of_birth,
            requester: r.requester_type.short_label(),
            kinds: r
                .kinds
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", "),
            delivery: r.delivery_method.short_label(),
            status: r.status.label(),
            service_due: r.service_due_on,
            legal_due: r.legal_due_on,
            assigned: r.assigned_name.unwrap_or_default(),
            duplicate_of: r.possible_duplicate_of,
            language: (r.language != crate::i18n::Lang::En).then(|| r.language.english_name()),
        })
        .collect();
    let search_text = query.q.clone().unwrap_or_default();
    Ok(QueuePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        rows,
        counts,
        query_string: filters.query_string(),
        filters,
        search_text,
        next_page,
    })
}

async fn export_queue(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Query(query): Query<QueueQuery>,
) -> AppResult<impl IntoResponse> {
    let mut filters = Filters::from(&query);
    filters.after = None;
    let now = state.clock.now();
    let rows = queries::page(&state.db, &filters, user.id, practice_date(now), CSV_LIMIT).await?;
    let detail = serde_json::json!({ "rows": rows.len(), "filters": filters.query_string() });
    audit::record(
        &state.db,
        Actor::Staff(user.id),
        "queue.exported",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"records-queue.csv\"",
            ),
        ],
        csv::render(&rows),
    ))
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/queue", axum::routing::get(show_queue))
        .route("/staff/queue.csv", axum::routing::get(export_queue))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::{Urgency, urgency};

    #[test]
    fn urgency_is_marked_in_words() {
        let today = date!(2026 - 11 - 22);
        assert_eq!(
            urgency(today, date!(2026 - 11 - 21), date!(2026 - 12 - 20)),
            Some(Urgency::Overdue)
        );
        assert_eq!(
            urgency(today, date!(2026 - 11 - 25), date!(2026 - 12 - 20)),
            Some(Urgency::DueSoon)
        );
        assert_eq!(
            urgency(today, date!(2026 - 11 - 30), date!(2026 - 12 - 20)),
            None
        );
        assert_eq!(
            urgency(today, date!(2026 - 11 - 30), date!(2026 - 11 - 22)),
            Some(Urgency::DueSoon)
        );
    }
}
