//! The requester's private status page, reached by the token in the confirmation email.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use time::Date;

use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::due_dates::service_target;
use crate::domain::request::{DeliveryMethod, RecordKind};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::state::{AppState, Site};

pub fn router() -> Router<AppState> {
    Router::new().route("/track/{token}", get(show_tracking))
}

#[derive(Template, WebTemplate)]
#[template(path = "tracking/status.html")]
struct TrackingPage {
    site: Site,
    reference: String,
    status: &'static str,
    status_help: &'static str,
    received: String,
    service_target: String,
    legal_deadline: String,
    kinds: Vec<&'static str>,
    delivery: &'static str,
    history: Vec<(String, &'static str)>,
}

struct TrackedRequest {
    id: uuid::Uuid,
    reference: String,
    status: String,
    delivery_method: String,
    received_on: Date,
    legal_due_on: Date,
    kinds: Vec<String>,
}

/// Plain words for each status, and what the requester can expect.
pub fn describe_status(status: &str) -> (&'static str, &'static str) {
    match status {
        "received" => (
            "Received",
            "We have your request and will start checking it soon.",
        ),
        "verifying" => (
            "Being checked",
            "Our records staff are checking the request and the patient's identity.",
        ),
        "needs_info" => (
            "We need more information",
            "Please read our email and answer from this page or call us.",
        ),
        "in_fulfillment" => (
            "Being prepared",
            "We are gathering and copying the records.",
        ),
        "awaiting_payment" => (
            "Waiting for payment",
            "We sent an invoice. We release the records once it is paid.",
        ),
        "ready_to_release" => (
            "Ready to send",
            "The records are ready and will be sent shortly.",
        ),
        "released" => ("Sent", "The records were sent the way you chose."),
        "completed" => ("Completed", "The records were delivered."),
        "denied" => (
            "Denied",
            "We sent you a letter explaining why and how to ask for a review.",
        ),
        "withdrawn" => ("Withdrawn", "The request was withdrawn."),
        _ => ("In progress", ""),
    }
}

async fn show_tracking(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> AppResult<TrackingPage> {
    let hash = token_hash(&token).ok_or(AppError::NotFound)?;
    let request = sqlx::query_as!(
        TrackedRequest,
        r#"select r.id, r.reference, r.status, r.delivery_method, r.received_on, r.legal_due_on,
                  array(select kind from request_record_kinds k where k.request_id = r.id order by kind) as "kinds!"
           from requests r where r.tracking_token_hash = $1"#,
        &hash[..]
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let history = sqlx::query!(
        "select to_status, at from request_status_history where request_id = $1 order by at, id",
        request.id
    )
    .fetch_all(&state.db)
    .await?;
    let now = state.clock.now();
    audit::record(
        &state.db,
        Actor::Requester,
        "request.tracking_viewed",
        Some(request.id),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;

    let method =
        DeliveryMethod::parse(&request.delivery_method).unwrap_or(DeliveryMethod::SecureLink);
    let (status, status_help) = describe_status(&request.status);
    Ok(TrackingPage {
        site: state.site(),
        reference: request.reference,
        status,
        status_help,
        received: long_date(request.received_on),
        service_target: long_date(
            service_target(&state.calendar, request.received_on, method).latest,
        ),
        legal_deadline: long_date(request.legal_due_on),
        kinds: request
            .kinds
            .iter()
            .filter_map(|k| RecordKind::parse(k))
            .map(RecordKind::label)
            .collect(),
        delivery: method.label(),
        history: history
            .into_iter()
            .map(|h| {
                (
                    long_date(practice_date(h.at)),
                    describe_status(&h.to_status).0,
                )
            })
            .collect(),
    })
}
