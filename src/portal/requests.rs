//! The patient's own requests: the list and each one's timeline, invoice, messages, the
//! answer to a question and withdrawal. Every query carries `account_id = $2`: a request
//! that is not yours is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgConnection;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::auth::Patient;
use crate::audit::Actor;
use crate::billing::statement::{self, Statement};
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::contact::clean_text;
use crate::domain::request::RequesterType;
use crate::domain::workflow::{Action, Status};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::intake::new_request::NewRequest;
use crate::state::{AppState, Site};
use crate::transitions::{self, Who};

/// Links a request filed while signed in to the account, when it is about that patient,
/// in the filing transaction; a patient staff have identified needs no second check.
pub async fn adopt(
    conn: &mut PgConnection,
    request_id: Uuid,
    request: &NewRequest,
    patient: &Patient,
    ip: Option<std::net::IpAddr>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let same_person = crate::domain::contact::PersonName::parse(&patient.legal_name)
        .is_ok_and(|name| name.matches(&request.patient.legal_name))
        && patient.date_of_birth == request.patient.date_of_birth;
    if !same_person {
        return Ok(());
    }
    sqlx::query!(
        "update requests set account_id = $2 where id = $1",
        request_id,
        patient.id
    )
    .execute(&mut *conn)
    .await?;
    if patient.identity_verified && request.requester_type == RequesterType::Patient {
        let who = Who {
            actor: Actor::Patient(patient.id),
            ip,
            at: now,
        };
        let note = Some("identity verified by portal sign-in");
        if transitions::try_step(
            conn,
            request_id,
            Action::MarkVerified,
            |l| l.facts(),
            &who,
            note,
        )
        .await?
        .is_ok()
        {
            sqlx::query!(
                "update requests set verified_at = $2 where id = $1",
                request_id,
                now
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

pub struct MyRequest {
    pub id: Uuid,
    pub reference: String,
    pub status: String,
    pub received_on: Date,
    pub legal_due_on: Date,
}

impl MyRequest {
    pub fn status_label(&self) -> &'static str {
        crate::tracking::describe_status(&self.status).0
    }
    pub fn received(&self) -> String {
        long_date(self.received_on)
    }
}

pub async fn mine(db: &sqlx::PgPool, account: Uuid) -> Result<Vec<MyRequest>, sqlx::Error> {
    sqlx::query_as!(
        MyRequest,
        "select id, reference, status, received_on, legal_due_on from requests where account_id = $1 order by received_at desc",
        account
    )
    .fetch_all(db)
    .await
}

async fn one(db: &sqlx::PgPool, id: Uuid, account: Uuid) -> AppResult<MyRequest> {
    sqlx::query_as!(
        MyRequest,
        "select id, reference, status, received_on, legal_due_on from requests where id = $1 and account_id = $2",
        id,
        account
    )
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/request.html")]
pub struct RequestPage {
    site: Site,
    csrf: String,
    r: MyRequest,
    status_help: &'static str,
    legal_deadline: String,
    history: Vec<(String, &'static str)>,
    messages: Vec<(String, &'static str, String)>,
    invoice: Option<Statement>,
    can_reply: bool,
    can_withdraw: bool,
    problem: Option<&'static str>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    id: Uuid,
    patient: &Patient,
) -> AppResult<RequestPage> {
    let r = one(&state.db, id, patient.id).await?;
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
    let status =
        Status::parse(&r.status).ok_or_else(|| AppError::Internal("unknown status".into()))?;
    Ok(RequestPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        status_help: crate::tracking::describe_status(&r.status).1,
        legal_deadline: long_date(r.legal_due_on),
        history: history
            .into_iter()
            .map(|h| {
                (
                    long_date(practice_date(h.at)),
                    crate::tracking::describe_status(&h.to_status).0,
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
        invoice: statement::load(&state.db, id).await?,
        can_reply: status == Status::NeedsInfo,
        can_withdraw: status.is_open(),
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
    sqlx::query!("update requests set closed_reason = 'withdrawn by the patient in the portal' where id = $1", id)
        .execute(&mut *tx)
        .await?;
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
    let body = match clean_text(form.get("message"), 5000, true) {
        Ok(body) if !body.is_empty() => body,
        _ => {
            let mut again = page(&state, &csrf, id, &patient).await?;
            again.problem = Some("Write your answer (up to 5,000 characters).");
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, again).into_response());
        }
    };
    let now = state.clock.now();
    let who = Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    let note = Some("answered in the patient portal");
    if transitions::try_step(&mut tx, id, Action::InfoReceived, |l| l.facts(), &who, note)
        .await?
        .is_err()
    {
        drop(tx);
        let mut again = page(&state, &csrf, id, &patient).await?;
        again.problem = Some("We are not waiting for an answer on this request any more.");
        return Ok((StatusCode::CONFLICT, again).into_response());
    }
    transitions::add_message(&mut *tx, id, None, &body, now).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/account/requests/{id}")).into_response())
}

pub async fn invoice(
    State(state): State<AppState>,
    patient: Patient,
    Path(id): Path<Uuid>,
) -> AppResult<crate::billing::invoice::InvoiceView> {
    one(&state.db, id, patient.id).await?;
    let href = format!("/account/requests/{id}/invoice.pdf");
    crate::billing::invoice::view(&state.db, id, &state.config.practice, href)
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
    Ok(crate::billing::invoice::pdf_response(&number, bytes))
}
