//! The second step of a staff sign-in (AAL2): the code from the authenticator app or a
//! recovery code (`/staff/login/code`), or, for an account without one yet, enrolment
//! (`/staff/login/enrol`): a QR code and the secret, confirmed by one right code, then ten
//! recovery codes shown once. Failures count toward the lock at 100.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::accounts::{self, StaffAccount};
use super::auth::STAFF_SESSIONS;
use super::lockout;
use crate::accounts::factor_pages::{NewSecret, RecoveryCodesPage};
use crate::accounts::factors::{self, Owner};
use crate::audit::{self, Actor};
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::metrics::Who;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/login_code.html")]
pub struct CodePage {
    site: Site,
    csrf: String,
    problem: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/login_enrol.html")]
pub struct EnrolPage {
    site: Site,
    csrf: String,
    problem: Option<&'static str>,
    new: NewSecret,
}

/// The account whose password was just right, if the half-done sign-in is still good.
async fn pending(state: &AppState, session: &Session) -> AppResult<Option<StaffAccount>> {
    let now = state.clock.now().unix_timestamp();
    let Some(pending) = STAFF_SESSIONS.pending(session, now).await? else {
        return Ok(None);
    };
    let account = accounts::find(&state.db, pending.account).await?;
    Ok(account.filter(|a| a.may_sign_in() && a.session_epoch == pending.epoch))
}

/// Counts a failed sign-in against a known account, audited; locks it at the limit.
pub async fn count_failure(
    state: &AppState,
    staff: uuid::Uuid,
    ip: Option<std::net::IpAddr>,
    factor: &str,
) -> AppResult<()> {
    let now = state.clock.now();
    state.metrics.sign_in_failed(Who::Staff);
    let actor = Actor::Staff(staff);
    let detail = serde_json::json!({ "factor": factor });
    audit::record(
        &state.db,
        actor,
        "staff.sign_in_failed",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    if lockout::count_failure(&state.db, staff, now).await? {
        let detail = serde_json::json!({ "after_failures": lockout::LOCK_AFTER_FAILURES });
        audit::record(&state.db, actor, "staff.locked", None, ip, detail, now).await?;
    }
    Ok(())
}

/// Both factors given: the session starts (under a new id) and the count starts again.
pub(super) async fn finish(
    state: &AppState,
    session: &Session,
    account: &StaffAccount,
    ip: Option<std::net::IpAddr>,
    factor: &str,
) -> AppResult<()> {
    let now = state.clock.now();
    STAFF_SESSIONS
        .sign_in_with_factor(session, account, now.unix_timestamp())
        .await?;
    lockout::signed_in(&state.db, account.id, now).await?;
    let detail = serde_json::json!({ "factor": factor });
    audit::record(
        &state.db,
        Actor::Staff(account.id),
        "staff.signed_in",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    Ok(())
}

fn code_page(state: &AppState, csrf: &CsrfToken, problem: Option<&'static str>) -> CodePage {
    CodePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        problem,
    }
}

pub async fn show_code(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: Session,
) -> AppResult<Response> {
    Ok(match pending(&state, &session).await? {
        None => Redirect::to("/staff/login").into_response(),
        Some(a) if !a.has_authenticator() => Redirect::to("/staff/login/enrol").into_response(),
        Some(_) => code_page(&state, &csrf, None).into_response(),
    })
}

/// Which factor `typed` is, if it is right for `staff` now (see `factors::check_code`); a
/// locked account is checked no more.
pub async fn check_code(
    state: &AppState,
    staff: uuid::Uuid,
    typed: &str,
    now: time::OffsetDateTime,
) -> AppResult<Option<&'static str>> {
    let locked = accounts::find(&state.db, staff)
        .await?
        .is_none_or(|a| !a.may_sign_in());
    if locked {
        return Ok(None);
    }
    factors::check_code(state, Owner::Staff(staff), typed, now).await
}

pub async fn submit_code(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let Some(account) = pending(&state, &session).await? else {
        return Ok(Redirect::to("/staff/login").into_response());
    };
    let now = state.clock.now();
    let accepted = check_code(&state, account.id, form.get("code"), now).await?;
    let Some(accepted) = accepted else {
        count_failure(&state, account.id, ip, "code").await?;
        let why = "That code is not right, or was already used. Type the 6-digit code your authenticator app shows now, or one of your recovery codes.";
        let page = code_page(&state, &csrf, Some(why));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    finish(&state, &session, &account, ip, accepted).await?;
    Ok(Redirect::to("/staff/queue").into_response())
}

fn enrol_page(
    state: &AppState,
    csrf: &CsrfToken,
    account: &StaffAccount,
    secret: &[u8],
    problem: Option<&'static str>,
) -> EnrolPage {
    EnrolPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        problem,
        new: NewSecret::new(state, &account.email, secret),
    }
}

pub async fn show_enrol(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: Session,
) -> AppResult<Response> {
    let Some(account) = pending(&state, &session).await? else {
        return Ok(Redirect::to("/staff/login").into_response());
    };
    if account.has_authenticator() {
        return Ok(Redirect::to("/staff/login/code").into_response());
    }
    let secret = factors::enrolling_secret(&state, Owner::Staff(account.id)).await?;
    Ok(enrol_page(&state, &csrf, &account, &secret, None).into_response())
}

pub async fn submit_enrol(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let Some(account) = pending(&state, &session).await? else {
        return Ok(Redirect::to("/staff/login").into_response());
    };
    if account.has_authenticator() {
        return Ok(Redirect::to("/staff/login/code").into_response());
    }
    let now = state.clock.now();
    let secret = factors::enrolling_secret(&state, Owner::Staff(account.id)).await?;
    let mut tx = state.db.begin().await?;
    let owner = Owner::Staff(account.id);
    let typed = form.get("code");
    let confirmed = factors::confirm_enrolment(&state, &mut tx, owner, &secret, typed, now).await?;
    let Some(codes) = confirmed else {
        drop(tx);
        count_failure(&state, account.id, ip, "enrolment_code").await?;
        let why = "That code is not right. Check that the app shows the account for this practice and type the 6 digits it shows now.";
        let page = enrol_page(&state, &csrf, &account, &secret, Some(why));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let detail = serde_json::json!({ "factor": "totp" });
    audit::record(
        &mut *tx,
        Actor::Staff(account.id),
        "staff.second_factor_enrolled",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    finish(&state, &session, &account, ip, "totp").await?;
    Ok(RecoveryCodesPage {
        site: state.site(),
        codes,
        next_path: "/staff/queue",
        next_label: "I have saved them: go to the queue",
    }
    .into_response())
}
