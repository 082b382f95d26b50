//! The second step of a patient's sign-in, for a patient who turned one on: the code from
//! their authenticator app or a recovery code (`/account/login/code`), or a passkey, which
//! also signs in on its own from the sign-in page (the email first, then the passkey).

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use time::Duration;
use tower_sessions::Session;

use super::login::{THROTTLE, finish_sign_in};
use crate::accounts::factors::{self, Owner};
use crate::accounts::passkeys::{self, SignInCeremony, refused};
use crate::accounts::patient_session::{self, PATIENT_SESSIONS};
use crate::accounts::patients::{self, PatientAccount};
use crate::accounts::sign_in;
use crate::audit::{self, Actor};
use crate::domain::contact::lookup_email;
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::metrics::Who;
use crate::rate_limit::Limit;
use crate::state::{AppState, Site};

/// Passkey sign-ins started, per account and per address.
const PASSKEYS_PER_ACCOUNT: Limit = Limit {
    bucket: "patient_passkey_account",
    max_hits: 20,
    window: Duration::minutes(15),
};
const PASSKEYS_PER_ADDRESS: Limit = Limit {
    bucket: "patient_passkey_address",
    max_hits: 60,
    window: Duration::minutes(15),
};

#[derive(Template, WebTemplate)]
#[template(path = "portal/login_code.html")]
pub struct CodePage {
    site: Site,
    csrf: String,
    problem: Option<&'static str>,
    email: String,
    has_app: bool,
    has_passkeys: bool,
}

/// The account whose password was just right, if the half-done sign-in is still good.
async fn pending(state: &AppState, session: &Session) -> AppResult<Option<PatientAccount>> {
    let now = state.clock.now().unix_timestamp();
    let Some(pending) = PATIENT_SESSIONS.pending(session, now).await? else {
        return Ok(None);
    };
    let account = patients::find(&state.db, pending.account).await?;
    Ok(account.filter(|a| a.email_confirmed_at.is_some() && a.session_epoch == pending.epoch))
}

async fn code_page(
    state: &AppState,
    csrf: &CsrfToken,
    account: &PatientAccount,
    problem: Option<&'static str>,
) -> AppResult<CodePage> {
    let owner = Owner::Patient(account.id);
    let app = factors::authenticator(&state.db, &state.master_key, owner).await?;
    Ok(CodePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        problem,
        email: account.email.clone(),
        has_app: app.is_some_and(|a| a.confirmed),
        has_passkeys: !passkeys::list(&state.db, owner).await?.is_empty(),
    })
}

pub async fn show_code(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: Session,
) -> AppResult<Response> {
    Ok(match pending(&state, &session).await? {
        None => Redirect::to("/account/login").into_response(),
        Some(account) => code_page(&state, &csrf, &account, None)
            .await?
            .into_response(),
    })
}

async fn count_failure(
    state: &AppState,
    account: uuid::Uuid,
    ip: Option<std::net::IpAddr>,
    factor: &str,
) -> AppResult<()> {
    state.metrics.sign_in_failed(Who::Patient);
    let detail = json!({ "factor": factor });
    let actor = Actor::Patient(account);
    let now = state.clock.now();
    audit::record(
        &state.db,
        actor,
        "patient.sign_in_failed",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    Ok(())
}

pub async fn submit_code(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let Some(account) = pending(&state, &session).await? else {
        return Ok(Redirect::to("/account/login").into_response());
    };
    let now = state.clock.now();
    let owner = Owner::Patient(account.id);
    let Some(factor) = factors::check_code(&state, owner, form.get("code"), now).await? else {
        count_failure(&state, account.id, ip, "code").await?;
        let why = "That code is not right, or was already used. Type the 6-digit code your authenticator app shows now, or one of your recovery codes.";
        let page = code_page(&state, &csrf, &account, Some(why)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let language = finish_sign_in(&state, &session, &account, ip, factor).await?;
    let next = patient_session::take_return(&session).await;
    Ok((language, Redirect::to(&next)).into_response())
}

pub async fn start_passkey(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = form.get("email").trim().to_lowercase();
    let address = ip.map(|i| i.to_string()).unwrap_or_default();
    let checks: [(&Limit, &[&str]); 2] = [
        (&PASSKEYS_PER_ADDRESS, &[&address]),
        (&PASSKEYS_PER_ACCOUNT, &[&email]),
    ];
    sign_in::throttle(&state, THROTTLE, &checks, now).await?;
    let account = match lookup_email(&email) {
        Some(email) => patients::find_by_email(&state.db, &email).await?,
        None => None,
    };
    let started = match account.filter(|a| a.email_confirmed_at.is_some()) {
        Some(account) => passkeys::start_sign_in(&state, Owner::Patient(account.id)).await?,
        None => None,
    };
    let nothing = "No passkey is set up for this address: sign in with your password.";
    Ok(started.unwrap_or_else(|| refused(StatusCode::UNPROCESSABLE_ENTITY, nothing)))
}

pub async fn finish_passkey(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let ceremony = form.get("ceremony");
    let credential = form.get("credential");
    let checked = passkeys::finish_sign_in(&state, ceremony, credential, Owner::Patient).await?;
    let SignInCeremony::Checked { owner, passed } = checked else {
        return Ok(refused(StatusCode::GONE, "That took too long: try again."));
    };
    let Some(account) = patients::find(&state.db, owner)
        .await?
        .filter(|a| a.email_confirmed_at.is_some())
    else {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, "Not signed in."));
    };
    if !passed {
        count_failure(&state, account.id, ip, "passkey").await?;
        let why = "The passkey was not accepted.";
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, why));
    }
    let language = finish_sign_in(&state, &session, &account, ip, "passkey").await?;
    let next = patient_session::take_return(&session).await;
    Ok((language, Json(json!({ "next": next }))).into_response())
}
