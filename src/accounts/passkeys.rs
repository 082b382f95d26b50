//! Passkeys (WebAuthn, through webauthn-rs) for staff and patients alike: the relying party,
//! the stored credentials, and the two ceremonies (adding one, signing in with one). The
//! browser side is `static/js/passkeys.js`; the two halves of each ceremony meet through
//! `webauthn_ceremonies`, so any instance finishes what another started and a challenge is
//! used once. The features add the routes, the audit and the emails.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::{PgConnection, PgExecutor};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Webauthn, WebauthnBuilder,
};

use super::factors::Owner;
use crate::domain::contact::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

const CEREMONY_LIFETIME: Duration = Duration::minutes(5);

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

/// A refusal the browser script shows as it is, in the visitor's language (staff pages
/// stay English: their requests ask for it).
pub fn refused(status: StatusCode, message: &str) -> Response {
    let message = crate::i18n::current().preferred.message(message);
    (status, Json(json!({ "error": message }))).into_response()
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("webauthn: {error}"))
}

async fn passkeys_of(db: impl PgExecutor<'_>, owner: Owner) -> AppResult<Vec<(Uuid, Passkey)>> {
    let rows = sqlx::query!(
        r#"select id, passkey as "passkey: sqlx::types::Json<Passkey>" from passkeys where owner_id = $1"#,
        owner.id()
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.passkey.0)).collect())
}

/// A passkey as an account page lists it.
pub struct ListedPasskey {
    pub id: Uuid,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

pub async fn list(
    db: impl PgExecutor<'_>,
    owner: Owner,
) -> Result<Vec<ListedPasskey>, sqlx::Error> {
    sqlx::query_as!(
        ListedPasskey,
        "select id, name, created_at, last_used_at from passkeys where owner_id = $1 order by created_at",
        owner.id()
    )
    .fetch_all(db)
    .await
}

/// Removes one of the owner's passkeys; `false` when it is not theirs.
pub async fn remove(db: impl PgExecutor<'_>, owner: Owner, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "delete from passkeys where id = $1 and owner_id = $2",
        id,
        owner.id()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn keep_ceremony(
    state: &AppState,
    owner: Owner,
    kind: &str,
    saved: &impl serde::Serialize,
) -> AppResult<Uuid> {
    let saved = serde_json::to_value(saved).map_err(internal)?;
    let now = state.clock.now();
    let id = Uuid::new_v4();
    let mut conn = state.db.acquire().await?;
    sqlx::query!("delete from webauthn_ceremonies where expires_at < $1", now)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "insert into webauthn_ceremonies (id, owner_id, kind, state, expires_at) values ($1, $2, $3, $4, $5)",
        id,
        owner.id(),
        kind,
        saved,
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
        "delete from webauthn_ceremonies where id = $1 and kind = $2 and expires_at > $3 returning owner_id, state",
        id,
        kind,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.owner_id, r.state)))
}

/// Starts adding a passkey: the options for `navigator.credentials.create`.
pub async fn start_registration(
    state: &AppState,
    owner: Owner,
    user_name: &str,
    display_name: &str,
) -> AppResult<Response> {
    let existing = passkeys_of(&state.db, owner).await?;
    let exclude = existing.iter().map(|(_, p)| p.cred_id().clone()).collect();
    let (options, registration) = webauthn(state)?
        .start_passkey_registration(owner.id(), user_name, display_name, Some(exclude))
        .map_err(internal)?;
    let ceremony = keep_ceremony(state, owner, "register", &registration).await?;
    Ok(Json(json!({ "ceremony": ceremony, "options": options })).into_response())
}

/// Finishes adding a passkey: its name once stored, or the refusal to send back.
pub async fn finish_registration(
    state: &AppState,
    conn: &mut PgConnection,
    owner: Owner,
    ceremony: &str,
    credential: &str,
    name: &str,
) -> AppResult<Result<String, Response>> {
    let now = state.clock.now();
    // Taken outside `conn`'s transaction: a refused answer still uses the challenge up.
    let Some((started_by, saved)) = take_ceremony(&state.db, ceremony, "register", now).await?
    else {
        return Ok(Err(refused(
            StatusCode::GONE,
            "That took too long: try again.",
        )));
    };
    if started_by != owner.id() {
        return Err(AppError::NotFound);
    }
    let registration: Option<PasskeyRegistration> = serde_json::from_value(saved).ok();
    let credential: Option<RegisterPublicKeyCredential> = serde_json::from_str(credential).ok();
    let checked = match (registration, credential) {
        (Some(r), Some(c)) => webauthn(state)?.finish_passkey_registration(&c, &r).ok(),
        _ => None,
    };
    let Some(passkey) = checked else {
        let why = "The passkey could not be checked: try again.";
        return Ok(Err(refused(StatusCode::UNPROCESSABLE_ENTITY, why)));
    };
    let name = clean_text(name, 100, false)
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Passkey".into());
    let stored = serde_json::to_value(&passkey).map_err(internal)?;
    sqlx::query!(
        r#"insert into passkeys (id, staff_id, patient_account_id, credential_id, passkey, name, created_at)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        Uuid::now_v7(),
        owner.staff(),
        owner.patient(),
        passkey.cred_id().as_ref(),
        stored,
        name,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(Ok(name))
}

/// Starts a sign-in with a passkey; `None` when the owner has none.
pub async fn start_sign_in(state: &AppState, owner: Owner) -> AppResult<Option<Response>> {
    let keys: Vec<Passkey> = passkeys_of(&state.db, owner)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    if keys.is_empty() {
        return Ok(None);
    }
    let (options, authentication) = webauthn(state)?
        .start_passkey_authentication(&keys)
        .map_err(internal)?;
    let ceremony = keep_ceremony(state, owner, "authenticate", &authentication).await?;
    Ok(Some(
        Json(json!({ "ceremony": ceremony, "options": options })).into_response(),
    ))
}

/// How a passkey sign-in ended.
pub enum SignInCeremony {
    /// Unknown, used or expired: nobody to count a failure against.
    Gone,
    /// The ceremony `owner` started; `passed` when the passkey's signature checked out.
    Checked { owner: Uuid, passed: bool },
}

/// Finishes a sign-in with a passkey, keeping each passkey's signature counter (a cloned
/// authenticator shows up as a counter going back). `as_owner` says whose ids this sign-in
/// page deals in.
pub async fn finish_sign_in(
    state: &AppState,
    ceremony: &str,
    credential: &str,
    as_owner: fn(Uuid) -> Owner,
) -> AppResult<SignInCeremony> {
    let now = state.clock.now();
    let Some((id, saved)) = take_ceremony(&state.db, ceremony, "authenticate", now).await? else {
        return Ok(SignInCeremony::Gone);
    };
    let authentication: Option<PasskeyAuthentication> = serde_json::from_value(saved).ok();
    let credential: Option<PublicKeyCredential> = serde_json::from_str(credential).ok();
    let checked = match (authentication, credential) {
        (Some(a), Some(c)) => webauthn(state)?.finish_passkey_authentication(&c, &a).ok(),
        _ => None,
    };
    let Some(result) = checked else {
        return Ok(SignInCeremony::Checked {
            owner: id,
            passed: false,
        });
    };
    for (key, mut passkey) in passkeys_of(&state.db, as_owner(id)).await? {
        if passkey.update_credential(&result).is_some() {
            let stored = serde_json::to_value(&passkey).map_err(internal)?;
            sqlx::query!(
                "update passkeys set passkey = $2, last_used_at = $3 where id = $1",
                key,
                stored,
                now
            )
            .execute(&state.db)
            .await?;
        }
    }
    Ok(SignInCeremony::Checked {
        owner: id,
        passed: true,
    })
}
