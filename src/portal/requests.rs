//! The patient's own requests: the list and each one's timeline, invoice, messages, the
//! answer to a question and withdrawal. Every query carries `account_id = $2`: a request
//! that is not yours is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::queries::{self, MyRequest};
use crate::accounts::patient_session::Patient;
use crate::audit::Actor;
use crate::billing::statement::{self, Statement};
use crate::domain::calendar::practice_date;
use crate::domain::workflow::Action;
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::requests::answer::answer;
use crate::requests::authorization::{self, RevokedBy};
use crate::requests::timeline::requester_timeline;
use crate::requests::transitions::{self, Who};
use crate::state::{AppState, Site};

async fn one(db: &sqlx::PgPool, id: Uuid, account: Uuid) -> AppResult<MyRequest> {
    queries::my_request(db, id, account)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/request.html")]
pub struct RequestPage {
    site: Site,
    csrf: String,
    r: MyRequest,
    history: Vec<(String, String)>,
    messages: Vec<(String, String, String)>,
    invoice: Option<Statement>,
    can_reply: bool,
    can_withdraw: bool,
    /// The authorization: revocable now, or when it was revoked.
    can_revoke: bool,
    revoked_on: Option<String>,
    problem: Option<&'static str>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    id: Uuid,
    patient: &Patient,
) -> AppResult<RequestPage> {
    let r = one(&state.db, id, patient.id).await?;
    let timeline = requester_timeline(&state.db, id, state.site().lang).await?;
    let on_file = authorization::load(&state.db, id).await?;
    let revocable = on_file.as_ref().is_some_and(|a| a.revoked_at.is_none());
    let revoked = on_file.and_then(|a| a.revoked_at);
    let status = r.status;
    Ok(RequestPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        history: timeline.history,
        messages: timeline.messages,
        invoice: statement::load(&state.db, id).await?,
        can_reply: status.awaits_requester(),
        can_withdraw: status.is_open(),
        can_revoke: revocable && status.authorization_revocable(),
        revoked_on: revoked.map(|at| state.site().long_date(practice_date(at))),
        problem: None,
        r,
    })
}

pub async fn show(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
    Path(id): Path<Uuid>,
) -> AppResult<RequestPage> {
    page(&state, &csrf, id, &patient).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    one(&state.db, id, patient.id).await?;
    let now = state.clock.now();
    let who = Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    let note = Some("withdrawn in the patient portal");
    if transitions::try_step(&mut tx, id, Action::Withdraw, |l| l.facts(), &who, note)
        .await?
        .is_err()
    {
        drop(tx);
        let mut again = page(&state, &csrf, id, &patient).await?;
        again.problem = Some("This request can no longer be withdrawn.");
        return Ok((StatusCode::CONFLICT, again).into_response());
    }
    queries::note_withdrawn_in_portal(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/account/requests/{id}")).into_response())
}

pub async fn reply(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    one(&state.db, id, patient.id).await?;
    let who = Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: state.clock.now(),
    };
    let text = form.get("message");
    let answered = answer(&state, id, text, &who, "answered in the patient portal").await?;
    let Some((status, problem)) = answered.refusal() else {
        return Ok(Redirect::to(&format!("/account/requests/{id}")).into_response());
    };
    let mut again = page(&state, &csrf, id, &patient).await?;
    again.problem = Some(problem);
    Ok((status, again).into_response())
}

/// The patient revokes the authorization of one of their requests (164.508(b)(5)).
pub async fn revoke_authorization(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let r = one(&state.db, id, patient.id).await?;
    let who = Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: state.clock.now(),
    };
    let mut tx = state.db.begin().await?;
    let revoked = r.status.authorization_revocable()
        && authorization::revoke(&mut tx, id, RevokedBy::Patient, None, &who).await?;
    if !revoked {
        drop(tx);
        let mut again = page(&state, &csrf, id, &patient).await?;
        again.problem = Some("This authorization can no longer be revoked.");
        return Ok((StatusCode::CONFLICT, again).into_response());
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/account/requests/{id}")).into_response())
}

pub async fn invoice(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<Uuid>,
) -> AppResult<crate::letters::LetterPage> {
    one(&state.db, id, patient.id).await?;
    let href = format!("/account/requests/{id}/invoice.pdf");
    crate::billing::invoice::view(&state.db, id, &state.config, href)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn invoice_pdf(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    one(&state.db, id, patient.id).await?;
    let (number, bytes) = crate::billing::invoice::pdf(&state.db, id).await?;
    Ok(crate::letters::response(&number, bytes))
}
