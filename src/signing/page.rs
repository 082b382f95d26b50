//! `GET /sign/{token}` asks for the patient's date of birth; `POST` checks it (five wrong
//! answers lock the link until staff send a new one), then shows the whole authorization,
//! and takes the signature or the patient's no.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use super::queries::{self, Link, Pending};
use super::signature::read_signature;
use crate::audit::Actor;
use crate::crypto::token_hash;
use crate::domain::calendar::practice_date;
use crate::domain::contact::parse_date_of_birth;
use crate::domain::due_dates::service_target;
use crate::domain::request::{HIV_REDISCLOSURE_NOTICE, SensitiveCategory, Statement};
use crate::domain::workflow::Action;
use crate::email::notices::{Addressee, Message, notify};
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::i18n::{Lang, Text};
use crate::practice::days;
use crate::requests::signing::{self, WRONG_BIRTH_DATES_ALLOWED};
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
    records: Vec<String>,
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

fn details(p: &Pending, lang: Lang) -> Details {
    let dates = match (p.all_dates, p.dates_from, p.dates_to) {
        (true, ..) | (false, None, None) => lang.t("sign-all-dates"),
        (false, Some(f), Some(t)) => Text::new("review-dates-between")
            .date("from", f)
            .date("to", t)
            .render(lang),
        (false, Some(f), None) => Text::new("sign-from-to-today").date("from", f).render(lang),
        (false, None, Some(t)) => Text::new("review-dates-to").date("to", t).render(lang),
    };
    let ends = match (p.expires_on, &p.expiration_event) {
        (Some(d), Some(e)) => Text::new("sign-ends-date-or-event")
            .date("date", d)
            .arg("event", e)
            .render(lang),
        (Some(d), None) => Text::new("sign-ends-date").date("date", d).render(lang),
        (None, Some(e)) => Text::new("sign-ends-event").arg("event", e).render(lang),
        (None, None) => lang.t("sign-ends-not-stated"),
    };
    Details {
        reference: p.reference.clone(),
        patient: p.patient_name.clone(),
        born: lang.date(p.date_of_birth),
        requester: match &p.requester_organization {
            Some(org) => format!("{}, {org}", p.requester_name),
            None => p.requester_name.clone(),
        },
        recipient: p.recipient.clone(),
        records: p.kinds.iter().map(|k| lang.label(*k)).collect(),
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

async fn find(state: &AppState, token: &str) -> AppResult<([u8; 32], Pending)> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    let pending = queries::find(&state.db, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((hash, pending))
}

/// Every look at the link and every answer on it is in the request's audit trail.
async fn log(
    db: impl sqlx::PgExecutor<'_>,
    who: &Who,
    pending: &Pending,
    what: &str,
) -> AppResult<()> {
    let detail = serde_json::json!({ "via": "signing_link" });
    who.audit(db, what, pending.request_id, detail).await?;
    Ok(())
}

/// Why the link cannot be used now, if it cannot.
fn unusable(link: &Link, now: OffsetDateTime) -> Option<Stage> {
    if !link.current
        || link.signed
        || link.revoked
        || !link.status.before_verification()
        || link.expires_at.is_none_or(|at| at <= now)
    {
        Some(Stage::Gone)
    } else if link.failures >= WRONG_BIRTH_DATES_ALLOWED {
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
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (_, pending) = find(&state, &token).await?;
    let now = state.clock.now();
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    log(
        &state.db,
        &who,
        &pending,
        "authorization.signing_link_viewed",
    )
    .await?;
    let stage = unusable(&pending.link, now).unwrap_or(Stage::Challenge);
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
    let (hash, pending) = find(&state, &token).await?;
    let mut page = SignPage {
        site: state.site(),
        token,
        csrf: csrf.value().to_owned(),
        stage: Stage::Challenge,
        form,
        errors: FieldErrors::default(),
        details: None,
    };
    if let Some(stage) = unusable(&pending.link, now) {
        page.stage = stage;
        return Ok(respond(page));
    }
    let who = Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    let answer = parse_date_of_birth(
        page.form.get("dob_month"),
        page.form.get("dob_day"),
        page.form.get("dob_year"),
        practice_date(now),
    );
    // The count is read with the row locked and stored before anything is said: answers
    // sent at the same moment are decided one after another.
    let mut tx = state.db.begin().await?;
    // Signed, said no, revoked or replaced meanwhile: decided on the locked rows.
    if let Some(stage) = unusable(
        &queries::lock(&mut tx, pending.request_id, &hash).await?,
        now,
    ) {
        page.stage = stage;
        return Ok(respond(page));
    }
    if answer != Ok(pending.date_of_birth) {
        let failures = queries::count_failure(&mut tx, pending.request_id).await?;
        log(
            &mut *tx,
            &who,
            &pending,
            "authorization.signing_wrong_birth_date",
        )
        .await?;
        tx.commit().await?;
        let left = WRONG_BIRTH_DATES_ALLOWED - failures;
        if left <= 0 {
            page.stage = Stage::Locked;
        } else {
            let wrong = page
                .site
                .tn("sign-wrong-birth-date", "left", i64::from(left));
            page.errors.add("dob_month", wrong);
        }
        return Ok(respond(page));
    }
    page.details = Some(details(&pending, page.site.lang));
    page.stage = Stage::Read;
    match page.form.get("action") {
        "sign" => {
            let Some(signature) = read_signature(
                &page.form,
                &pending,
                &headers,
                &mut page.errors,
                page.site.lang,
            ) else {
                return Ok(respond(page));
            };
            // Complete once signed: the service target counts from today (SPEC 5).
            let calendar = days::calendar(&mut *tx, &state.calendar).await?;
            let target = service_target(&calendar, practice_date(now), pending.delivery_method);
            let signed =
                signing::sign_online(&mut tx, pending.request_id, &signature, target.latest, &who);
            if !signed.await? {
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
        _ => {
            log(&mut *tx, &who, &pending, "authorization.signing_opened").await?;
            tx.commit().await?;
            return Ok(respond(page));
        }
    }
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(respond(page))
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
            subject: Text::new("notice-signed-subject").arg("reference", &pending.reference),
            paragraphs: vec![Text::new("notice-signed")],
            link_text: Text::new("notice-follow-the-request"),
            invoice: None,
        }
    } else {
        Message {
            kind: "authorization_declined",
            subject: Text::new("notice-declined-subject").arg("reference", &pending.reference),
            paragraphs: vec![Text::new("notice-declined")],
            link_text: Text::new("notice-see-the-request"),
            invoice: None,
        }
    };
    notify(conn, state, &to, message, now).await
}
