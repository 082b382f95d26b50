//! Signing in and out of the portal, and resetting a forgotten password by email. Neither
//! the reset reply nor a failed sign-in says whether an address is registered.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;
use time::Duration;
use tower_sessions::Session;

use super::queries;
use super::signup::MessagePage;
use crate::accounts::factors::{self, Owner};
use crate::accounts::password;
use crate::accounts::patient_session::{self, PATIENT_SESSIONS};
use crate::accounts::patients::{self, PatientAccount, TokenPurpose};
use crate::accounts::sessions::sign_out;
use crate::accounts::sign_in;
use crate::audit::{self, Actor};
use crate::domain::contact::lookup_email;
use crate::email::notices::{AccountEmail, queue_account_email};
use crate::error::AppResult;
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::http::language;
use crate::rate_limit::Limit;
use crate::state::{AppState, Site};

const WINDOW: Duration = Duration::minutes(15);
const PER_ADDRESS: Limit = Limit {
    bucket: "patient_login_address",
    max_hits: 30,
    window: WINDOW,
};
const PER_ACCOUNT: Limit = Limit {
    bucket: "patient_login_account",
    max_hits: 50,
    window: WINDOW,
};
const RESETS_PER_ADDRESS: Limit = Limit {
    bucket: "patient_reset_address",
    max_hits: 10,
    window: WINDOW,
};

#[derive(Template, WebTemplate)]
#[template(path = "portal/login.html")]
pub struct LoginPage {
    site: Site,
    csrf: String,
    form: FormValues,
    errors: FieldErrors,
    note: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct LoginNote {
    confirmed: Option<String>,
    reset: Option<String>,
}

pub async fn show_login(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: Session,
    Query(note): Query<LoginNote>,
) -> LoginPage {
    let note = if patient_session::has_return(&session).await {
        Some("An app is asking to read your records. Sign in, then choose whether to allow it.")
    } else if note.confirmed.is_some() {
        Some("Your email is confirmed. You can sign in now.")
    } else if note.reset.is_some() {
        Some("Your new password is saved. Sign in with it.")
    } else {
        None
    };
    LoginPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: FormValues::default(),
        errors: FieldErrors::default(),
        note,
    }
}

/// Patient sign-in throttles are keyed apart from the staff ones.
pub(super) const THROTTLE: &str = "patient-throttle";

pub async fn submit_login(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = form.get("email").trim().to_lowercase();
    let address = ip.map(|i| i.to_string()).unwrap_or_default();
    let checks: [(&Limit, &[&str]); 2] = [(&PER_ADDRESS, &[&address]), (&PER_ACCOUNT, &[&email])];
    sign_in::throttle(&state, THROTTLE, &checks, now).await?;
    let account = sign_in::check_password(
        &email,
        form.get("password"),
        async |email| patients::find_by_email(&state.db, email).await,
        |a| Some(a.password_hash.as_str()),
    )
    .await?;
    let mut errors = FieldErrors::default();
    match account {
        Some(account) if account.email_confirmed_at.is_some() => {
            // A patient who turned on a second factor gives it next.
            if factors::has_any(&state.db, Owner::Patient(account.id)).await? {
                PATIENT_SESSIONS
                    .begin_second_step(&session, &account, now.unix_timestamp())
                    .await?;
                return Ok(Redirect::to("/account/login/code").into_response());
            }
            let language = finish_sign_in(&state, &session, &account, ip, "password").await?;
            let next = patient_session::take_return(&session).await;
            return Ok((language, Redirect::to(&next)).into_response());
        }
        // Only someone who knows the password learns that the email waits for confirmation.
        Some(_) => errors.add(
            "email",
            "Confirm your email first: open the link we emailed you",
        ),
        None => {
            state.metrics.sign_in_failed(crate::metrics::Who::Patient);
            errors.add("email", "The email address or password is not right");
        }
    }
    let page = LoginPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: FormValues::new(vec![("email".into(), email)]),
        errors,
        note: None,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Every factor the account asks for was given: the session starts under a new id. Its
/// "factor given" time is now, so changes to how the account signs in can be made for the
/// next 15 minutes without proving it again.
pub(super) async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    account: &PatientAccount,
    ip: Option<std::net::IpAddr>,
    factor: &str,
) -> AppResult<AppendHeaders<[(HeaderName, HeaderValue); 1]>> {
    let now = state.clock.now();
    PATIENT_SESSIONS
        .sign_in_with_factor(session, account, now.unix_timestamp())
        .await?;
    let detail = serde_json::json!({ "factor": factor });
    let actor = Actor::Patient(account.id);
    audit::record(&state.db, actor, "patient.signed_in", None, ip, detail, now).await?;
    // The portal speaks the language the account chose, on any browser it signs in from.
    let secure = state.config.base_url.starts_with("https://");
    Ok(AppendHeaders([(
        header::SET_COOKIE,
        language::cookie(account.language, secure),
    )]))
}

pub async fn sign_out_patient(session: Session, _: CsrfForm) -> AppResult<Redirect> {
    sign_out(&session).await?;
    Ok(Redirect::to("/account/login"))
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/reset_request.html")]
pub struct ResetRequestPage {
    site: Site,
    csrf: String,
    form: FormValues,
    errors: FieldErrors,
}

pub async fn show_reset_request(
    State(state): State<AppState>,
    csrf: CsrfToken,
) -> ResetRequestPage {
    ResetRequestPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: FormValues::default(),
        errors: FieldErrors::default(),
    }
}

pub async fn request_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let address = ip.map(|i| i.to_string()).unwrap_or_default();
    let checks: [(&Limit, &[&str]); 1] = [(&RESETS_PER_ADDRESS, &[&address])];
    sign_in::throttle(&state, THROTTLE, &checks, now).await?;
    let email = form.get("email").trim().to_lowercase();
    let mut tx = state.db.begin().await?;
    let account = match lookup_email(&email) {
        Some(email) => patients::find_by_email(&mut *tx, &email).await?,
        None => None,
    };
    if let Some(account) = account {
        let token =
            patients::new_token(&mut *tx, account.id, TokenPurpose::ResetPassword, now).await?;
        let message = AccountEmail {
            audience: crate::email::notices::Audience::Patient,
            kind: "password_reset",
            to: &account.email,
            subject: "Reset your patient portal password",
            paragraphs: vec!["Use the link below to choose a new password. It works once, for 30 minutes. If you did not ask for this, ignore this email: your password stays as it is.".into()],
            link_text: "Choose a new password",
            link_path: format!("/account/reset/{}", token.text),
        };
        queue_account_email(&mut tx, &state, message, now).await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/account/reset/sent").into_response())
}

pub async fn reset_sent(State(state): State<AppState>, csrf: CsrfToken) -> MessagePage {
    MessagePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        title: "Check your email",
        paragraphs: vec!["If an account uses that address, we sent it a link to choose a new password. The link works once, for 30 minutes.".into()],
        button: None,
        link: Some(("Back to sign in", "/account/login")),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/reset.html")]
pub struct ResetPage {
    site: Site,
    csrf: String,
    token: String,
    errors: FieldErrors,
}

fn link_gone(state: &AppState, csrf: &CsrfToken) -> Response {
    let page = MessagePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        title: "This link no longer works",
        paragraphs: vec!["It was already used or has expired. Ask for a new one.".into()],
        button: None,
        link: Some(("Reset your password", "/account/reset")),
    };
    (StatusCode::GONE, page).into_response()
}

pub async fn show_reset(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let now = state.clock.now();
    if patients::peek_token(&state.db, &token, TokenPurpose::ResetPassword, now)
        .await?
        .is_none()
    {
        return Ok(link_gone(&state, &csrf));
    }
    Ok(ResetPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        token,
        errors: FieldErrors::default(),
    }
    .into_response())
}

pub async fn reset(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let Some(account) =
        patients::peek_token(&state.db, &token, TokenPurpose::ResetPassword, now).await?
    else {
        return Ok(link_gone(&state, &csrf));
    };
    let account = patients::find(&state.db, account)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let secret = form.get("password").to_owned();
    if let Some(problem) = password::policy_problem(&secret, &[&account.email, &account.legal_name])
    {
        let mut errors = FieldErrors::default();
        errors.add("password", problem);
        let page = ResetPage {
            site: state.site(),
            csrf: csrf.value().to_owned(),
            token,
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = password::hash(SecretString::from(secret)).await?;
    let mut tx = state.db.begin().await?;
    // Used up here, inside the change: two tabs cannot both spend one link.
    if patients::use_token(&mut *tx, &token, TokenPurpose::ResetPassword, now)
        .await?
        .is_none()
    {
        drop(tx);
        return Ok(link_gone(&state, &csrf));
    }
    queries::set_password(&mut *tx, account.id, &hash, now).await?;
    audit::record(
        &mut *tx,
        Actor::Patient(account.id),
        "patient.password_reset",
        None,
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/login?reset=1").into_response())
}
