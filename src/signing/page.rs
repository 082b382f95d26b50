//! `GET /sign/{token}` asks for the patient's date of birth; `POST` checks it (five wrong
//! answers lock the link until staff send a new one), then shows the whole authorization,
//! and takes the signature or the patient's no.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use super::queries::{self, Pending};
use crate::audit::Actor;
use crate::crypto::token_hash;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::contact::{PersonName, clean_text, parse_date_of_birth};
use crate::domain::request::{HIV_REDISCLOSURE_NOTICE, SensitiveCategory, Statement};
use crate::domain::workflow::{Action, Status};
use crate::email::notices::{Addressee, Message, notify};
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::requests::signing::{self, OnlineSignature, WRONG_BIRTH_DATES_ALLOWED};
use crate::requests::transitions::{self, Who};
use crate::state::{AppState, Site};

/// Where the patient is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Asked for the date of birth.
    Challenge,
    /// Reading the authorization, with the signature form.
    Read,
    Signed,
    Declined,
    /// Expired, used, replaced or the request closed.
    Gone,
    /// Too many wrong dates of birth.
    Locked,
}

#[derive(Template, WebTemplate)]
#[template(path = "signing/sign.html")]
pub struct SignPage {
    site: Site,
    token: String,
    csrf: String,
    stage: Stage,
    form: FormValues,
    errors: FieldErrors,
    details: Option<Details>,
}

/// The authorization in words, shown once the date of birth matched.
pub struct Details {
    reference: String,
    patient: String,
    born: String,
    requester: String,
    recipient: String,
    records: Vec<&'static str>,
    other_records: Option<String>,
    dates: String,
    sensitive: Vec<SensitiveCategory>,
    purpose: String,
    ends: String,
}

impl SignPage {
    fn statements(&self) -> &'static [Statement] {
        Statement::ALL
    }

    fn hiv_notice(&self) -> &'static str {
        HIV_REDISCLOSURE_NOTICE
    }
}

fn details(p: &Pending) -> Details {
    let dates = match (p.all_dates, p.dates_from, p.dates_to) {
        (true, ..) | (false, None, None) => "All dates".to_owned(),
        (false, Some(f), Some(t)) => format!("From {} to {}", long_date(f), long_date(t)),
        (false, Some(f), None) => format!("From {} to today", long_date(f)),
        (false, None, Some(t)) => format!("Up to {}", long_date(t)),
    };
    let ends = match (p.expires_on, &p.expiration_event) {
        (Some(d), Some(e)) => format!("On {}, or when this happens: {e}", long_date(d)),
        (Some(d), None) => format!("On {}", long_date(d)),
        (None, Some(e)) => format!("When this happens: {e}"),
        (None, None) => "Not stated".to_owned(),
    };
    Details {
        reference: p.reference.clone(),
        patient: p.patient_name.clone(),
        born: long_date(p.date_of_birth),
        requester: match &p.requester_organization {
            Some(org) => format!("{}, {org}", p.requester_name),
            None => p.requester_name.clone(),
        },
        recipient: p.recipient.clone(),
        records: p.kinds.iter().map(|k| k.label()).collect(),
        other_records: p.other_kinds_description.clone(),
        dates,
        sensitive: p
            .sensitive_requested
            .iter()
            .filter_map(|c| SensitiveCategory::parse(c))
            .collect(),
        purpose: p.purpose_description.clone(),
        ends,
    }
}

async fn find(state: &AppState, token: &str) -> AppResult<Pending> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    queries::find(&state.db, &hash)
        .await?
        .ok_or(AppError::NotFound)
}

/// Why the link cannot be used now, if it cannot.
fn unusable(p: &Pending, now: OffsetDateTime) -> Option<Stage> {
    if p.signed
        || p.status != Status::AwaitingAuthorization
        || p.link_expires_at.is_none_or(|at| at <= now)
    {
        Some(Stage::Gone)
    } else if p.failures >= WRONG_BIRTH_DATES_ALLOWED {
        Some(Stage::Locked)
    } else {
        None
    }
}

fn respond(page: SignPage) -> Response {
    let status = match page.stage {
        Stage::Challenge | Stage::Read if !page.errors.is_empty() => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Stage::Gone | Stage::Locked => StatusCode::GONE,
        _ => StatusCode::OK,
    };
    (status, page).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let pending = find(&state, &token).await?;
    let stage = unusable(&pending, state.clock.now()).unwrap_or(Stage::Challenge);
    Ok(respond(SignPage {
        site: state.site(),
        token,
        csrf: csrf.value().to_owned(),
        stage,
        form: FormValues::default(),
        errors: FieldErrors::default(),
        details: None,
    }))
}

pub async fn answer(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let pending = find(&state, &token).await?;
    let mut page = SignPage {
        site: state.site(),
        token,
        csrf: csrf.value().to_owned(),
        stage: Stage::Challenge,
        form,
        errors: FieldErrors::default(),
        details: None,
    };
    if let Some(stage) = unusable(&pending, now) {
        page.stage = stage;
        return Ok(respond(page));
    }
    let answer = parse_date_of_birth(
        page.form.get("dob_month"),
        page.form.get("dob_day"),
        page.form.get("dob_year"),
        practice_date(now),
    );
    // The count is read with the row locked and stored before anything is said: answers
    // sent at the same moment are decided one after another.
    let mut tx = state.db.begin().await?;
    if queries::lock_failures(&mut tx, pending.request_id).await? >= WRONG_BIRTH_DATES_ALLOWED {
        page.stage = Stage::Locked;
        return Ok(respond(page));
    }
    if answer != Ok(pending.date_of_birth) {
        let failures = queries::count_failure(&mut tx, pending.request_id).await?;
        tx.commit().await?;
        let left = WRONG_BIRTH_DATES_ALLOWED - failures;
        if left <= 0 {
            page.stage = Stage::Locked;
        } else {
            page.errors.add(
                "dob_month",
                format!("That date of birth does not match our records. Check it and try again ({left} tries left)."),
            );
        }
        return Ok(respond(page));
    }
    page.details = Some(details(&pending));
    page.stage = Stage::Read;
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    match page.form.get("action") {
        "sign" => {
            let Some(signature) = read_signature(&page.form, &pending, &headers, &mut page.errors)
            else {
                return Ok(respond(page));
            };
            if !signing::sign_online(&mut tx, pending.request_id, &signature, &who).await? {
                page.stage = Stage::Gone;
                return Ok(respond(page));
            }
            tell_requester(&mut tx, &state, &pending, true, now).await?;
            page.stage = Stage::Signed;
        }
        "decline" => {
            let note = "The patient declined to sign the authorization";
            transitions::step(
                &mut tx,
                pending.request_id,
                Action::Withdraw,
                |l| l.facts(),
                &who,
                Some(note),
            )
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
            tell_requester(&mut tx, &state, &pending, false, now).await?;
            page.stage = Stage::Declined;
        }
        _ => return Ok(respond(page)),
    }
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(respond(page))
}

/// The signature as typed and ticked, or every problem with it.
fn read_signature(
    form: &FormValues,
    pending: &Pending,
    headers: &HeaderMap,
    errors: &mut FieldErrors,
) -> Option<OnlineSignature> {
    for statement in Statement::ALL {
        if !form.is_checked(statement.field()) {
            // The opening words tell the boxes apart in the summary at the top.
            let opening: Vec<&str> = statement.label().split(' ').take(6).collect();
            errors.add(
                statement.field(),
                format!("Check this box to agree: \"{}...\"", opening.join(" ")),
            );
        }
    }
    let consents: Vec<SensitiveCategory> = pending
        .sensitive_requested
        .iter()
        .filter_map(|c| SensitiveCategory::parse(c))
        .collect();
    for category in &consents {
        if !form.is_checked(category.consent_field()) {
            errors.add(category.consent_field(), "Give this separate consent, or say no to the whole authorization below and ask the requester to leave these records out");
        }
    }
    let name = match PersonName::parse(form.get("signature_name")) {
        Ok(name) => Some(name),
        Err(_) => {
            errors.add("signature_name", "Type your full name to sign");
            None
        }
    };
    let is_patient = match (&name, PersonName::parse(&pending.patient_name)) {
        (Some(name), Ok(patient)) => name.matches(&patient),
        _ => false,
    };
    let authority = clean_text(form.get("signer_authority"), 300, false)
        .ok()
        .filter(|a| !a.is_empty());
    if name.is_some() && !is_patient && authority.is_none() {
        errors.add("signer_authority", "The name is not the patient's: describe your authority to act for the patient (for example, parent of a minor, or health care agent)");
    }
    if !errors.is_empty() {
        return None;
    }
    Some(OnlineSignature {
        name: name?,
        authority: if is_patient { None } else { authority },
        statements: Statement::ALL.to_vec(),
        consents,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(500).collect()),
    })
}

/// Tells the requester the patient signed, or said no.
async fn tell_requester(
    conn: &mut sqlx::PgConnection,
    state: &AppState,
    pending: &Pending,
    signed: bool,
    now: OffsetDateTime,
) -> AppResult<()> {
    let to = Addressee {
        request_id: pending.request_id,
        reference: &pending.reference,
        email: &pending.requester_email,
    };
    let message = if signed {
        Message {
            kind: "authorization_signed",
            subject: format!("The patient signed the authorization for {}", pending.reference),
            paragraphs: vec!["The patient signed the authorization. Our records staff will now check the request.".into()],
            link_text: "Follow the request",
            invoice: None,
        }
    } else {
        Message {
            kind: "authorization_declined",
            subject: format!("Request {} is closed: the authorization was not signed", pending.reference),
            paragraphs: vec!["The patient chose not to sign the authorization, so we cannot release records to you under this request. It is closed.".into()],
            link_text: "See the request",
            invoice: None,
        }
    };
    notify(conn, state, &to, message, now).await
}
