//! The tracking page, the requester's answer to a request for information, and the letter.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::queries;
use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::delivery::accounting::{self, AccountingPage};
use crate::domain::calendar::practice_date;
use crate::domain::request::RequesterType;
use crate::domain::workflow::Status;
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::letters::LetterPage;
use crate::requests::answer::{answer, kept_answer};
use crate::requests::authorization::{self, RevokedBy};
use crate::requests::letter::view_denial_letter;
use crate::requests::timeline::requester_timeline;
use crate::requests::transitions::Who;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "tracking/status.html")]
pub struct TrackingPage {
    site: Site,
    reference: String,
    status: String,
    status_help: String,
    received: String,
    service_target: String,
    legal_deadline: String,
    kinds: Vec<String>,
    delivery: String,
    history: Vec<(String, String)>,
    messages: Vec<(String, String, String)>,
    can_reply: bool,
    denied: bool,
    extended: bool,
    invoice: Option<crate::billing::statement::Statement>,
    token: String,
    csrf: String,
    problem: Option<&'static str>,
    reply: String,
    /// The signer (the patient or their representative) may revoke the authorization here.
    can_revoke: bool,
    revoked_on: Option<String>,
    /// The patient (or their representative) may read the accounting of disclosures.
    can_read_accounting: bool,
}

/// The request a token opens.
async fn request_for(state: &AppState, token: &str) -> AppResult<Uuid> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    queries::request_for_token(&state.db, &hash)
        .await?
        .ok_or(AppError::NotFound)
}

async fn load(
    state: &AppState,
    csrf: &CsrfToken,
    id: Uuid,
    token: String,
) -> AppResult<TrackingPage> {
    let request = queries::tracked_request(&state.db, id).await?;
    let read_accounting = may_read_accounting(&request);
    let site = state.site();
    let lang = site.lang;
    let timeline = requester_timeline(&state.db, id, lang).await?;
    let method = request.delivery_method;
    Ok(TrackingPage {
        reference: request.reference,
        status: lang.status(request.status),
        status_help: lang.status_help(request.status),
        received: lang.long_date(request.received_on),
        // The date staff see: set at filing, again at verification and at payment.
        service_target: lang.long_date(request.service_due_on),
        legal_deadline: lang.long_date(request.legal_due_on),
        kinds: request.kinds.into_iter().map(|k| lang.label(k)).collect(),
        delivery: lang.label(method),
        history: timeline.history,
        messages: timeline.messages,
        can_reply: request.status.awaits_requester(),
        denied: request.status == Status::Denied,
        extended: request.extended,
        invoice: crate::billing::statement::load(&state.db, id).await?,
        token,
        csrf: csrf.value().to_owned(),
        problem: None,
        reply: String::new(),
        can_revoke: signer_tracks(request.requester_type)
            && request.authorization_in_force
            && request.status.authorization_revocable(),
        can_read_accounting: read_accounting,
        revoked_on: request
            .authorization_revoked_at
            .map(|at| lang.long_date(practice_date(at))),
        site,
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
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: state.clock.now(),
    };
    let text = form.get("message");
    let answered = answer(&state, id, text, &who, "answered on the tracking page").await?;
    let Some((status, problem)) = answered.refusal() else {
        return Ok(Redirect::to(&format!("/track/{token}")).into_response());
    };
    let mut page = load(&state, &csrf, id, token).await?;
    page.problem = Some(problem);
    page.reply = kept_answer(text);
    Ok((status, page).into_response())
}

/// Patients and their representatives signed the authorization themselves, so its
/// tracking link may revoke it; a third party's may not revoke the patient's.
fn signer_tracks(requester: RequesterType) -> bool {
    matches!(
        requester,
        RequesterType::Patient | RequesterType::Representative
    )
}

fn may_read_accounting(request: &queries::TrackedRequest) -> bool {
    signer_tracks(request.requester_type) && request.identity_verified
}

/// The signer revokes the authorization (164.508(b)(5)).
pub async fn revoke_authorization(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let request = queries::tracked_request(&state.db, id).await?;
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: state.clock.now(),
    };
    let mut tx = state.db.begin().await?;
    let revoked = signer_tracks(request.requester_type)
        && request.status.authorization_revocable()
        && authorization::revoke(&mut tx, id, RevokedBy::Signer, None, &who).await?;
    if !revoked {
        drop(tx);
        let mut page = load(&state, &csrf, id, token).await?;
        page.problem = Some("This authorization cannot be revoked from this page. Please call us.");
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/track/{token}")).into_response())
}

/// The accounting of disclosures (164.528) for the patient, when the patient or their
/// representative follows the request and staff have verified who they are: a tracking
/// link goes to whoever filed, and a name and date of birth alone prove nothing. A third
/// party's link never opens it.
pub async fn show_disclosures(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> AppResult<AccountingPage> {
    let id = request_for(&state, &token).await?;
    let request = queries::tracked_request(&state.db, id).await?;
    if !may_read_accounting(&request) {
        return Err(AppError::NotFound);
    }
    let back = (format!("/track/{token}"), "track-back");
    let mut page = accounting::for_request(&state, id, Actor::Requester, ip, back).await?;
    page.pdf_href = Some(format!("/track/{token}/disclosures.pdf"));
    Ok(page)
}

/// The accounting of disclosures as a PDF, under the same rule as its page.
pub async fn disclosures_pdf(
    state: State<AppState>,
    ip: ClientIp,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let page = show_disclosures(state.clone(), ip, Path(token)).await?;
    crate::letters::pdf_download(page.letter(&state.config), "disclosures").await
}

pub async fn show_letter(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> AppResult<LetterPage> {
    let id = request_for(&state, &token).await?;
    let letter = view_denial_letter(&state, id, Actor::Requester, ip).await?;
    Ok(LetterPage::new(
        letter,
        Some(format!("/track/{token}/letter.pdf")),
    ))
}

/// The denial letter as a PDF, as it would be mailed.
pub async fn letter_pdf(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let letter = view_denial_letter(&state, id, Actor::Requester, ip).await?;
    crate::letters::pdf_download(letter, "denial-letter").await
}

/// The requester's invoice, printable, behind the tracking link.
pub async fn show_invoice(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<crate::letters::LetterPage> {
    let id = request_for(&state, &token).await?;
    let href = format!("/track/{token}/invoice.pdf");
    crate::billing::invoice::view(&state.db, id, &state.config, href)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn invoice_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let (number, bytes) = crate::billing::invoice::pdf(&state.db, id).await?;
    Ok(crate::letters::response(&number, bytes))
}

/// The extension notice, printable, when the deadline was extended.
pub async fn show_extension(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<LetterPage> {
    let id = request_for(&state, &token).await?;
    let letter = crate::requests::letter::extension_letter(&state.db, id, &state.config)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(LetterPage::new(
        letter,
        Some(format!("/track/{token}/extension.pdf")),
    ))
}

pub async fn extension_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let id = request_for(&state, &token).await?;
    let letter = crate::requests::letter::extension_letter(&state.db, id, &state.config)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::letters::pdf_download(letter, "extension-notice").await
}

/// The receipt of what was paid, waived or refunded, once there is something on it.
pub async fn show_receipt(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<LetterPage> {
    let letter = receipt_for(&state, &token).await?;
    Ok(LetterPage::new(
        letter,
        Some(format!("/track/{token}/receipt.pdf")),
    ))
}

pub async fn receipt_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let letter = receipt_for(&state, &token).await?;
    crate::letters::pdf_download(letter, "receipt").await
}

async fn receipt_for(state: &AppState, token: &str) -> AppResult<crate::letters::Letter> {
    let id = request_for(state, token).await?;
    let today = crate::domain::calendar::practice_date(state.clock.now());
    crate::billing::invoice::receipt(&state.db, id, &state.config, today)
        .await?
        .ok_or(AppError::NotFound)
}
