//! Passkeys for staff: added from `/staff/account` once signed in with a fresh second
//! factor, and used to sign in instead of the password and the code (the email first, then
//! the passkey). The ceremonies themselves are `accounts::passkeys`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use time::Duration;
use tower_sessions::Session;

use super::accounts::{self, StaffAccount};
use super::auth::{AnyStaff, STAFF_SESSIONS};
use crate::accounts::factors::Owner;
use crate::accounts::passkeys::{self, SignInCeremony, refused};
use crate::accounts::sign_in;
use crate::audit::{self, Actor};
use crate::domain::contact::lookup_email;
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfForm;
use crate::rate_limit::Limit;
use crate::state::AppState;

/// Passkey sign-ins started, per account and per address, as the password's throttles.
const PER_ACCOUNT: Limit = Limit {
    bucket: "passkey_account",
    max_hits: 20,
    window: Duration::minutes(15),
};
const PER_ADDRESS: Limit = Limit {
    bucket: "passkey_address",
    max_hits: 60,
    window: Duration::minutes(15),
};

pub async fn start_registration(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    session: Session,
    _: CsrfForm,
) -> AppResult<Response> {
    // Adding a passkey is a change to the account: the second factor must be fresh.
    let now = state.clock.now().unix_timestamp();
    if !STAFF_SESSIONS.factor_is_fresh(&session, now).await? {
        return Ok(refused(
            StatusCode::FORBIDDEN,
            "Sign out and in again (with your code) to add a passkey.",
        ));
    }
    let account = accounts::find(&state.db, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    passkeys::start_registration(&state, Owner::Staff(user.id), &account.email, &account.name).await
}

pub async fn finish_registration(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let added = passkeys::finish_registration(
        &state,
        &mut tx,
        Owner::Staff(user.id),
        form.get("ceremony"),
        form.get("credential"),
        form.get("name"),
    )
    .await?;
    let name = match added {
        Ok(name) => name,
        Err(refusal) => return Ok(refusal),
    };
    let actor = Actor::Staff(user.id);
    audit::record(
        &mut *tx,
        actor,
        "staff.passkey_added",
        None,
        ip,
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    if let Some(account) = accounts::find(&state.db, user.id).await? {
        let what = format!(
            "A passkey named \"{name}\" was added to your staff account. It signs in without your password."
        );
        let subject = "A passkey was added to your records portal account";
        super::passwords::tell_staff(&state, &account, "staff_passkey_added", subject, what, now)
            .await?;
    }
    Ok(axum::Json(json!({ "ok": true })).into_response())
}

/// The account an email names, if it may sign in with a passkey.
async fn passkey_account(state: &AppState, email: &str) -> AppResult<Option<StaffAccount>> {
    Ok(match lookup_email(email) {
        Some(email) => accounts::find_by_email(&state.db, &email)
            .await?
            .filter(StaffAccount::may_sign_in),
        None => None,
    })
}

pub async fn start_sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = form.get("email").trim().to_lowercase();
    let address = ip.map(|i| i.to_string()).unwrap_or_default();
    let checks: [(&Limit, &[&str]); 2] = [(&PER_ADDRESS, &[&address]), (&PER_ACCOUNT, &[&email])];
    sign_in::throttle(&state, "passkey-throttle", &checks, now).await?;
    let nothing = "No passkey is set up for this address: sign in with your password and code.";
    let started = match passkey_account(&state, form.get("email")).await? {
        Some(account) => passkeys::start_sign_in(&state, Owner::Staff(account.id)).await?,
        None => None,
    };
    Ok(started.unwrap_or_else(|| refused(StatusCode::UNPROCESSABLE_ENTITY, nothing)))
}

pub async fn finish_sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let ceremony = form.get("ceremony");
    let checked =
        passkeys::finish_sign_in(&state, ceremony, form.get("credential"), Owner::Staff).await?;
    let SignInCeremony::Checked { owner, passed } = checked else {
        return Ok(refused(StatusCode::GONE, "That took too long: try again."));
    };
    let Some(account) = accounts::find(&state.db, owner)
        .await?
        .filter(StaffAccount::may_sign_in)
    else {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, "Not signed in."));
    };
    if !passed {
        super::second_step::count_failure(&state, account.id, ip, "passkey").await?;
        let why = "The passkey was not accepted.";
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, why));
    }
    super::second_step::finish(&state, &session, &account, ip, "passkey").await?;
    Ok(axum::Json(json!({ "next": "/staff/queue" })).into_response())
}
