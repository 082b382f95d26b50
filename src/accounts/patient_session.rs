//! Patient sign-in state: a session of its own (cookie `rp_patient`, never the staff one),
//! renewed at sign-in, ended after 30 idle minutes and by a password change; the guard on
//! every `/account` page and the `Patient` extractor. The request form uses it too, to
//! fill in and adopt a request filed while signed in.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;
use tower_sessions::cookie::SameSite;
use uuid::Uuid;

use super::patients::{self, PatientAccount};
use super::sessions::{self, SessionAccount, SessionPolicy};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;

pub const PATIENT_SESSIONS: SessionPolicy = SessionPolicy {
    cookie: "rp_patient",
    key: "patient",
    same_site: SameSite::Lax,
    idle_secs: IDLE_TIMEOUT_SECS,
    absolute_secs: None,
};

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

impl SessionAccount for PatientAccount {
    fn account_id(&self) -> Uuid {
        self.id
    }
    fn session_epoch(&self) -> i32 {
        self.session_epoch
    }
    fn may_stay_signed_in(&self) -> bool {
        self.email_confirmed_at.is_some()
    }
}

/// The patient this session belongs to, if it is still good.
pub async fn current(state: &AppState, session: &Session) -> AppResult<Option<Patient>> {
    let now = state.clock.now().unix_timestamp();
    let account = PATIENT_SESSIONS
        .resume(session, now, async |id| patients::find(&state.db, id).await)
        .await?;
    Ok(account.map(|account| Patient {
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
    request: Request,
    next: Next,
) -> Response {
    let patient = current(&state, &session).await;
    sessions::admit(patient, "/account/login", request, next).await
}

impl<S: Send + Sync> FromRequestParts<S> for Patient {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        sessions::signed_in(parts)
    }
}

/// Where a patient goes after signing in when something sent them to sign in first: today
/// only an app's authorization request. Kept in the session (the id changes at sign-in, the
/// data stays), and only paths under `/fhir/authorize`, so the sign-in page cannot be used
/// to send anyone elsewhere.
const RETURN_KEY: &str = "patient_return_to";
const RETURNABLE: &str = "/fhir/authorize?";

pub async fn return_after_sign_in(session: &Session, path: &str) -> AppResult<()> {
    if path.starts_with(RETURNABLE) {
        session
            .insert(RETURN_KEY, path)
            .await
            .map_err(|e| AppError::Internal(format!("session store: {e}")))?;
    }
    Ok(())
}

/// Whether an app waits for this visitor to sign in.
pub async fn has_return(session: &Session) -> bool {
    matches!(session.get::<String>(RETURN_KEY).await, Ok(Some(_)))
}

/// The page to land on after signing in: the waiting authorization, else the portal.
pub async fn take_return(session: &Session) -> String {
    match session.remove::<String>(RETURN_KEY).await {
        Ok(Some(path)) if path.starts_with(RETURNABLE) => path,
        _ => "/account".to_owned(),
    }
}
