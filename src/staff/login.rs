//! Staff sign-in (the password; the second factor is `second_step.rs`) and sign-out,
//! throttled per address and per account.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use time::Duration;
use tower_sessions::Session;

use super::accounts;
use super::auth::STAFF_SESSIONS;
use super::second_step;
use crate::accounts::sessions::sign_out;
use crate::accounts::sign_in;
use crate::audit::{self, Actor};
use crate::domain::contact::lookup_email;
use crate::error::AppResult;
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::rate_limit::Limit;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/login.html")]
pub struct LoginPage {
    site: Site,
    csrf: String,
    form: FormValues,
    errors: FieldErrors,
}

const WINDOW: Duration = Duration::minutes(15);
/// From one address, across accounts: slows password spraying.
const PER_ADDRESS: Limit = Limit {
    bucket: "login_address",
    max_hits: 30,
    window: WINDOW,
};
/// One account from one address: the usual guessing attack, stopped for 15 minutes.
const PER_ACCOUNT_AND_ADDRESS: Limit = Limit {
    bucket: "login_account_address",
    max_hits: 10,
    window: WINDOW,
};
/// One account from everywhere: high enough that an attacker cannot lock a clerk out
/// cheaply, and every lockout ends with its window.
const PER_ACCOUNT: Limit = Limit {
    bucket: "login_account",
    max_hits: 100,
    window: WINDOW,
};

pub async fn show_login(State(state): State<AppState>, csrf: CsrfToken) -> LoginPage {
    LoginPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: FormValues::default(),
        errors: FieldErrors::default(),
    }
}

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
    let checks: [(&Limit, &[&str]); 3] = [
        (&PER_ADDRESS, &[&address]),
        (&PER_ACCOUNT_AND_ADDRESS, &[&email, &address]),
        (&PER_ACCOUNT, &[&email]),
    ];
    sign_in::throttle(&state, "login-throttle", &checks, now).await?;
    let account = sign_in::check_password(
        &email,
        form.get("password"),
        async |email| accounts::find_by_email(&state.db, email).await,
        |a| a.may_sign_in().then_some(a.password_hash.as_str()),
    )
    .await?;
    if let Some(account) = account {
        // The password is the first factor; the second comes on the next page.
        STAFF_SESSIONS
            .begin_second_step(&session, &account, now.unix_timestamp())
            .await?;
        let next = if account.has_authenticator() {
            "/staff/login/code"
        } else {
            "/staff/login/enrol"
        };
        return Ok(Redirect::to(next).into_response());
    }
    // The same answer whether the email is unknown, disabled, locked or the password wrong.
    let known = match lookup_email(&email) {
        Some(email) => accounts::find_by_email(&state.db, &email).await?,
        None => None,
    };
    if let Some(known) = known {
        second_step::count_failure(&state, known.id, ip, "password").await?;
    } else {
        state.metrics.sign_in_failed(crate::metrics::Who::Staff);
        let detail = serde_json::json!({ "factor": "password" });
        audit::record(
            &state.db,
            Actor::System,
            "staff.sign_in_failed",
            None,
            ip,
            detail,
            now,
        )
        .await?;
    }
    let mut errors = FieldErrors::default();
    errors.add("email", "The email address or password is not right");
    let form = FormValues::new(vec![("email".into(), email)]);
    let page = LoginPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn sign_out_staff(session: Session, _: CsrfForm) -> AppResult<Redirect> {
    sign_out(&session).await?;
    Ok(Redirect::to("/staff/login"))
}
