//! The second step of a staff sign-in (AAL2): the code from the authenticator app or a
//! recovery code (`/staff/login/code`), or, for an account without one yet, enrolment
//! (`/staff/login/enrol`): a QR code and the secret, confirmed by one right code, then ten
//! recovery codes shown once. Failures count toward the lock at 100.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use time::Duration;
use tower_sessions::Session;

use super::accounts::{self, StaffAccount};
use super::auth::STAFF_SESSIONS;
use super::factors;
use crate::accounts::sign_in;
use crate::accounts::totp;
use crate::audit::{self, Actor};
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::rate_limit::Limit;
use crate::state::{AppState, Site};

/// Codes tried for one account: ten in fifteen minutes, whatever the address.
const CODE_TRIES: Limit = Limit {
    bucket: "login_code",
    max_hits: 10,
    window: Duration::minutes(15),
};

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
    qr_svg: String,
    secret: String,
    account: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/recovery_codes.html")]
pub struct RecoveryCodesPage {
    site: Site,
    codes: Vec<String>,
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
    if factors::count_failure(&state.db, staff, now).await? {
        let detail = serde_json::json!({ "after_failures": factors::LOCK_AFTER_FAILURES });
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
    factors::signed_in(&state.db, account.id, now).await?;
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

/// Which factor `typed` is, if it is right for `staff` now: an authenticator code (each
/// accepted once) or an unused recovery code (used up by this).
pub async fn check_code(
    state: &AppState,
    staff: uuid::Uuid,
    typed: &str,
    now: time::OffsetDateTime,
) -> AppResult<Option<&'static str>> {
    // Every place a code is checked (sign-in, step-up, password change) shares one budget,
    // and a locked account is checked no more.
    let id = staff.to_string();
    sign_in::throttle(state, "login-code", &[(&CODE_TRIES, &[&id])], now).await?;
    let locked = accounts::find(&state.db, staff)
        .await?
        .is_none_or(|a| !a.may_sign_in());
    if locked {
        return Ok(None);
    }
    if typed.chars().filter(char::is_ascii_alphanumeric).count() >= 16 {
        let hash = totp::recovery_code_hash(typed);
        let used = factors::use_recovery_code(&state.db, staff, &hash, now).await?;
        return Ok(used.then_some("recovery_code"));
    }
    let Some(auth) = factors::authenticator(&state.db, &state.master_key, staff).await? else {
        return Ok(None);
    };
    if !auth.confirmed {
        return Ok(None);
    }
    let step = totp::matching_step(&auth.secret, typed, now.unix_timestamp(), auth.last_step);
    Ok(match step {
        // Taken atomically: the same code sent twice at once passes once.
        Some(step) if factors::use_step(&state.db, staff, step).await? => Some("totp"),
        _ => None,
    })
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

/// The secret being enrolled: the one already waiting (a reload shows the same QR code),
/// or a new one.
async fn enrolling_secret(state: &AppState, account: &StaffAccount) -> AppResult<Vec<u8>> {
    if let Some(auth) = factors::authenticator(&state.db, &state.master_key, account.id).await? {
        return Ok(auth.secret);
    }
    let secret = totp::new_secret();
    factors::store_new_secret(&state.db, &state.master_key, account.id, &secret).await?;
    Ok(secret.to_vec())
}

fn enrol_page(
    state: &AppState,
    csrf: &CsrfToken,
    account: &StaffAccount,
    secret: &[u8],
    problem: Option<&'static str>,
) -> EnrolPage {
    let url = totp::otpauth_url(&state.config.practice.name, &account.email, secret);
    EnrolPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        problem,
        qr_svg: totp::qr_svg(&url),
        secret: totp::grouped(secret),
        account: account.email.clone(),
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
    let secret = enrolling_secret(&state, &account).await?;
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
    let id = account.id.to_string();
    sign_in::throttle(&state, "login-code", &[(&CODE_TRIES, &[&id])], now).await?;
    let secret = enrolling_secret(&state, &account).await?;
    let step = totp::matching_step(&secret, form.get("code"), now.unix_timestamp(), None);
    let mut tx = state.db.begin().await?;
    let confirmed = match step {
        Some(step) => factors::confirm(&mut *tx, account.id, step, now).await?,
        None => false,
    };
    if !confirmed {
        drop(tx);
        count_failure(&state, account.id, ip, "enrolment_code").await?;
        let why = "That code is not right. Check that the app shows the account for this practice and type the 6 digits it shows now.";
        let page = enrol_page(&state, &csrf, &account, &secret, Some(why));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let codes = totp::new_recovery_codes();
    let hashes: Vec<[u8; 32]> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    factors::replace_recovery_codes(&mut tx, account.id, &hashes, now).await?;
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
    }
    .into_response())
}
