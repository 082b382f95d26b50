//! Patient sign-in state: a session of its own (cookie `rp_patient`, never the staff one),
//! renewed at sign-in, ended after 30 idle minutes and by a password change; the guard on
//! every `/account` page and the `Patient` extractor handlers take.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use uuid::Uuid;

use super::accounts::{self, PatientAccount};
use crate::error::{AppError, AppResult};
use crate::staff::session_store::HashedIdStore;
use crate::state::AppState;

const SESSION_KEY: &str = "patient";
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PatientSession {
    account_id: Uuid,
    epoch: i32,
    last_seen_at: i64,
}

/// The signed-in patient, put in the request by [`require_patient`].
#[derive(Debug, Clone)]
pub struct Patient {
    pub id: Uuid,
    pub legal_name: String,
    pub email: String,
    pub date_of_birth: time::Date,
    /// Staff have linked a request to this account, so they know who it is.
    pub identity_verified: bool,
}

/// The patient session layer, for the portal and for the request form (which links a
/// request filed while signed in).
pub fn session_layer(state: &AppState) -> SessionManagerLayer<HashedIdStore> {
    SessionManagerLayer::new(HashedIdStore::new(state.db.clone()))
        .with_name("rp_patient")
        .with_secure(state.config.base_url.starts_with("https://"))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            IDLE_TIMEOUT_SECS,
        )))
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session store: {error}"))
}

/// Starts a session for `account` under a new id (no fixation).
pub async fn sign_in(session: &Session, account: &PatientAccount, now: i64) -> AppResult<()> {
    session.cycle_id().await.map_err(session_error)?;
    let record = PatientSession {
        account_id: account.id,
        epoch: account.session_epoch,
        last_seen_at: now,
    };
    session
        .insert(SESSION_KEY, record)
        .await
        .map_err(session_error)
}

pub async fn sign_out(session: &Session) -> AppResult<()> {
    session.flush().await.map_err(session_error)
}

/// The patient this session belongs to, if it is still good.
pub async fn current(state: &AppState, session: &Session) -> AppResult<Option<Patient>> {
    let Some(mut record) = session
        .get::<PatientSession>(SESSION_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    let account = if now - record.last_seen_at > IDLE_TIMEOUT_SECS {
        None
    } else {
        accounts::find(&state.db, record.account_id).await?
    };
    let Some(account) =
        account.filter(|a| a.session_epoch == record.epoch && a.email_confirmed_at.is_some())
    else {
        sign_out(session).await?;
        return Ok(None);
    };
    record.last_seen_at = now;
    session
        .insert(SESSION_KEY, record)
        .await
        .map_err(session_error)?;
    Ok(Some(Patient {
        id: account.id,
        legal_name: account.legal_name,
        email: account.email,
        date_of_birth: account.date_of_birth,
        identity_verified: account.identity_verified_at.is_some(),
    }))
}

/// Guards every signed-in portal page.
pub async fn require_patient(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    match current(&state, &session).await {
        Ok(Some(patient)) => {
            request.extensions_mut().insert(patient);
            next.run(request).await
        }
        Ok(None) => Redirect::to("/account/login").into_response(),
        Err(error) => error.into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Patient {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Patient>()
            .cloned()
            .ok_or(AppError::SignInRequired)
    }
}
