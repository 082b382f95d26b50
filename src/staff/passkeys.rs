//! Passkeys (WebAuthn) for staff: added from `/staff/account` once signed in with a fresh
//! second factor, and used to sign in instead of the password and the code (the email
//! first, then the passkey). The browser side is `static/js/passkeys.js`; the two halves of
//! each ceremony meet through `webauthn_ceremonies`, so any instance finishes what another
//! started and a challenge is used once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;
use uuid::Uuid;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Webauthn, WebauthnBuilder,
};

use super::accounts::{self, StaffAccount};
use super::auth::{AnyStaff, STAFF_SESSIONS};
use super::step_up::FRESH_SECS;
use crate::accounts::sign_in;
use crate::audit::{self, Actor};
use crate::domain::contact::{clean_text, lookup_email};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfForm;
use crate::rate_limit::Limit;
use crate::state::AppState;

const CEREMONY_LIFETIME: Duration = Duration::minutes(5);

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

/// The relying party: this site, as `BASE_URL` names it.
fn webauthn(state: &AppState) -> AppResult<Webauthn> {
    let origin = Url::parse(&state.config.base_url)
        .map_err(|e| AppError::Internal(format!("BASE_URL: {e}")))?;
    let rp_id = origin
        .host_str()
        .ok_or_else(|| AppError::Internal("BASE_URL has no host".into()))?
        .to_owned();
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|b| b.rp_name(&state.config.practice.name).build())
        .map_err(|e| AppError::Internal(format!("webauthn: {e}")))
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

async fn passkeys_of(db: impl PgExecutor<'_>, staff: Uuid) -> AppResult<Vec<(Uuid, Passkey)>> {
    let rows = sqlx::query!(
        r#"select id, passkey as "passkey: sqlx::types::Json<Passkey>" from staff_passkeys where staff_id = $1"#,
        staff
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.passkey.0)).collect())
}

/// A staff member's passkeys as the account page lists them.
pub struct ListedPasskey {
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

pub async fn list(db: impl PgExecutor<'_>, staff: Uuid) -> Result<Vec<ListedPasskey>, sqlx::Error> {
    sqlx::query_as!(
        ListedPasskey,
        "select name, created_at, last_used_at from staff_passkeys where staff_id = $1 order by created_at",
        staff
    )
    .fetch_all(db)
    .await
}

async fn keep_ceremony(
    conn: &mut sqlx::PgConnection,
    staff: Uuid,
    kind: &str,
    state: serde_json::Value,
    now: OffsetDateTime,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query!("delete from webauthn_ceremonies where expires_at < $1", now)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "insert into webauthn_ceremonies (id, staff_id, kind, state, expires_at) values ($1, $2, $3, $4, $5)",
        id,
        staff,
        kind,
        state,
        now + CEREMONY_LIFETIME
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Takes a ceremony's state out, once: `None` when unknown (or not an id), used or expired.
async fn take_ceremony(
    db: impl PgExecutor<'_>,
    id: &str,
    kind: &str,
    now: OffsetDateTime,
) -> Result<Option<(Uuid, serde_json::Value)>, sqlx::Error> {
    let Ok(id) = Uuid::parse_str(id) else {
        return Ok(None);
    };
    let row = sqlx::query!(
        "delete from webauthn_ceremonies where id = $1 and kind = $2 and expires_at > $3 returning staff_id, state",
        id,
        kind,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.staff_id, r.state)))
}

/// Adding a passkey is a change to the account: the second factor must be fresh.
async fn fresh(state: &AppState, session: &Session) -> AppResult<bool> {
    let given = STAFF_SESSIONS.factor_at(session).await?;
    Ok(state.clock.now().unix_timestamp() - given <= FRESH_SECS)
}

pub async fn start_registration(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    session: Session,
    _: CsrfForm,
) -> AppResult<Response> {
    if !fresh(&state, &session).await? {
        return Ok(refused(
            StatusCode::FORBIDDEN,
            "Sign out and in again (with your code) to add a passkey.",
        ));
    }
    let account = accounts::find(&state.db, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = passkeys_of(&state.db, user.id).await?;
    let exclude = existing.iter().map(|(_, p)| p.cred_id().clone()).collect();
    let (options, registration) = webauthn(&state)?
        .start_passkey_registration(account.id, &account.email, &account.name, Some(exclude))
        .map_err(|e| AppError::Internal(format!("webauthn: {e}")))?;
    let saved =
        serde_json::to_value(&registration).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut conn = state.db.acquire().await?;
    let ceremony = keep_ceremony(&mut conn, user.id, "register", saved, state.clock.now()).await?;
    Ok(Json(json!({ "ceremony": ceremony, "options": options })).into_response())
}

pub async fn finish_registration(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let Some((owner, saved)) =
        take_ceremony(&state.db, form.get("ceremony"), "register", now).await?
    else {
        return Ok(refused(StatusCode::GONE, "That took too long: try again."));
    };
    let registration: Option<PasskeyRegistration> = serde_json::from_value(saved).ok();
    let credential: Option<RegisterPublicKeyCredential> =
        serde_json::from_str(form.get("credential")).ok();
    let (Some(registration), Some(credential)) = (registration, credential) else {
        return Ok(refused(
            StatusCode::BAD_REQUEST,
            "The passkey was not added: try again.",
        ));
    };
    if owner != user.id {
        return Err(AppError::NotFound);
    }
    let Ok(passkey) = webauthn(&state)?.finish_passkey_registration(&credential, &registration)
    else {
        return Ok(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The passkey could not be checked: try again.",
        ));
    };
    let name = clean_text(form.get("name"), 100, false)
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Passkey".into());
    let stored = serde_json::to_value(&passkey).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "insert into staff_passkeys (id, staff_id, credential_id, passkey, name, created_at) values ($1, $2, $3, $4, $5, $6)",
        Uuid::now_v7(),
        user.id,
        passkey.cred_id().as_ref(),
        stored,
        name,
        now
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
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
    Ok(Json(json!({ "ok": true })).into_response())
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
    let Some(account) = passkey_account(&state, form.get("email")).await? else {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, nothing));
    };
    let keys: Vec<Passkey> = passkeys_of(&state.db, account.id)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    if keys.is_empty() {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, nothing));
    }
    let (options, authentication) = webauthn(&state)?
        .start_passkey_authentication(&keys)
        .map_err(|e| AppError::Internal(format!("webauthn: {e}")))?;
    let saved =
        serde_json::to_value(&authentication).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut conn = state.db.acquire().await?;
    let ceremony = keep_ceremony(&mut conn, account.id, "authenticate", saved, now).await?;
    Ok(Json(json!({ "ceremony": ceremony, "options": options })).into_response())
}

pub async fn finish_sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let Some((staff, saved)) =
        take_ceremony(&state.db, form.get("ceremony"), "authenticate", now).await?
    else {
        return Ok(refused(StatusCode::GONE, "That took too long: try again."));
    };
    let Some(account) = accounts::find(&state.db, staff)
        .await?
        .filter(StaffAccount::may_sign_in)
    else {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, "Not signed in."));
    };
    let authentication: Option<PasskeyAuthentication> = serde_json::from_value(saved).ok();
    let credential: Option<PublicKeyCredential> = serde_json::from_str(form.get("credential")).ok();
    let checked = match (authentication, credential) {
        (Some(a), Some(c)) => webauthn(&state)?.finish_passkey_authentication(&c, &a).ok(),
        _ => None,
    };
    let Some(result) = checked else {
        super::second_step::count_failure(&state, account.id, ip, "passkey").await?;
        return Ok(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The passkey was not accepted.",
        ));
    };
    // Keep the signature counter (a cloned authenticator shows up as a counter going back).
    for (id, mut passkey) in passkeys_of(&state.db, account.id).await? {
        if passkey.update_credential(&result).is_some() {
            let stored =
                serde_json::to_value(&passkey).map_err(|e| AppError::Internal(e.to_string()))?;
            sqlx::query!(
                "update staff_passkeys set passkey = $2, last_used_at = $3 where id = $1",
                id,
                stored,
                now
            )
            .execute(&state.db)
            .await?;
        }
    }
    super::second_step::finish(&state, &session, &account, ip, "passkey").await?;
    Ok(Json(json!({ "next": "/staff/queue" })).into_response())
}
