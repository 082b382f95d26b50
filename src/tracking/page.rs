//! The tracking page, the requester's answer to a request for information, and the letter.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use time::Date;
use uuid::Uuid;

use super::describe_status;
use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::contact::clean_text;
use crate::domain::due_dates::service_target;
use crate::domain::request::{DeliveryMethod, RecordKind};
use crate::domain::workflow::Action;
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::letters::{DenialLetter, view_denial_letter};
use crate::state::{AppState, Site};
use crate::transitions::{self, StepError, Who};

#[derive(Template, WebTemplate)]
#[template(path = "tracking/status.html")]
pub struct TrackingPage {
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
    messages: Vec<(String, &'static str, String)>,
    can_reply: bool,
    denied: bool,
    invoice: Option<crate::billing::statement::Statement>,
    token: String,
    csrf: String,
    problem: Option<&'static str>,
    reply: String,
}

struct TrackedRequest {
    reference: String,
    status: String,
    delivery_method: String,
    received_on: Date,
    legal_due_on: Date,
    kinds: Vec<String>,
}

/// The request a token opens; every token made for a request stays valid.
async fn request_for(state: &AppState, token: &str) -> AppResult<Uuid> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    sqlx::query_scalar!(
        "select request_id from tracking_tokens where token_hash = $1",
        &hash[..]
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)
}

async fn load(
    state: &AppState,
    csrf: &CsrfToken,
    id: Uuid,
    token: String,
) -> AppResult<TrackingPage> {
    let request = sqlx::query_as!(
        TrackedRequest,
        r#"select r.reference, r.status, r.delivery_method, r.received_on, r.legal_due_on,
                  array(select kind from request_record_kinds k where k.request_id = r.id order by kind) as "kinds!"
           from requests r where r.id = $1"#,
        id
    )
    .fetch_one(&state.db)
    .await?;
    let history = sqlx::query!(
        "select to_status, at from request_status_history where request_id = $1 order by at, id",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let messages = sqlx::query!(
        "select at, author_kind, body from request_messages where request_id = $1 order by at",
        id
    )
    .fetch_all(&state.db)
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
        messages: messages
            .into_iter()
            .map(|m| {
                let who = if m.author_kind == "staff" {
                    "Records office"
                } else {
                    "You"
                };
                (long_date(practice_date(m.at)), who, m.body)
            })
            .collect(),
        can_reply: request.status == "needs_info",
        denied: request.status == "denied",
        invoice: crate::billing::statement::load(&state.db, id).await?,
        token,
        csrf: csrf.value().to_owned(),
        problem: None,
        reply: String::new(),
    })
}

pub async fn show_tracking(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<TrackingPage> {
    let id = request_for(&state, &token).await?;
    let page = load(&state, &csrf, id, token).await?;
    audit::record(
        &state.db,
        Actor::Requester,
        "request.tracking_viewed",
        Some(id),
        ip,
        serde_json::json!({}),
        state.clock.now(),
    )
    .await?;
    Ok(page)
}

/// The requester answers a request for information; the request goes back to verifying.
pub async fn reply(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let body = match clean_text(form.get("message"), 5000, true) {
        Ok(body) if !body.is_empty() => body,
        _ => {
            let mut page = load(&state, &csrf, id, token).await?;
            page.problem =
                Some("Write your answer (up to 5,000 characters, letters and punctuation only).");
            page.reply = form
                .get("message")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .take(5000)
                .collect();
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let now = state.clock.now();
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    match transitions::step(
        &mut tx,
        id,
        Action::InfoReceived,
        |l| l.facts(),
        &who,
        Some("answered on the tracking page"),
    )
    .await
    {
        Ok(_) => {}
        Err(StepError::Refused(_)) => {
            drop(tx);
            let mut page = load(&state, &csrf, id, token).await?;
            page.problem = Some(
                "We are not waiting for an answer on this request any more. If you have something to add, please call us.",
            );
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        Err(StepError::App(e)) => return Err(e),
    }
    transitions::add_message(&mut *tx, id, None, &body, now).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/track/{token}")).into_response())
}

pub async fn show_letter(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> AppResult<DenialLetter> {
    let id = request_for(&state, &token).await?;
    view_denial_letter(&state, id, Actor::Requester, ip).await
}

/// The requester's invoice, printable, behind the tracking link.
pub async fn show_invoice(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<crate::billing::invoice::InvoiceView> {
    let id = request_for(&state, &token).await?;
    let href = format!("/track/{token}/invoice.pdf");
    crate::billing::invoice::view(&state.db, id, &state.config.practice, href)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn invoice_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let (number, bytes) = crate::billing::invoice::pdf(&state.db, id).await?;
    Ok(crate::billing::invoice::pdf_response(&number, bytes))
}
