//! One session helper for both sign-ins: staff and patients each have their own cookie and
//! timeouts, but the same record, the same rotation at sign-in (no fixation), the same
//! idle and absolute expiry and the same check that the account still allows it.

use axum::extract::Request;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use uuid::Uuid;

use super::session_store::HashedIdStore;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// One kind of session: its cookie, its key in the session and how long it lasts.
pub struct SessionPolicy {
    pub cookie: &'static str,
    pub key: &'static str,
    pub same_site: SameSite,
    /// Ended after this long without a request.
    pub idle_secs: i64,
    /// Ended this long after sign-in, however active.
    pub absolute_secs: Option<i64>,
}

/// An account a session can belong to.
pub trait SessionAccount {
    fn account_id(&self) -> Uuid;
    /// Raised by a password change or a sign-out everywhere: older sessions end.
    fn session_epoch(&self) -> i32;
    /// Still allowed to be signed in (active, email confirmed, ...).
    fn may_stay_signed_in(&self) -> bool;
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionRecord {
    #[serde(alias = "staff_id")]
    account_id: Uuid,
    epoch: i32,
    #[serde(default)]
    signed_in_at: i64,
    last_seen_at: i64,
}

impl SessionPolicy {
    /// The session layer for this kind, sessions stored in PostgreSQL under hashed ids.
    pub fn layer(&self, state: &AppState) -> SessionManagerLayer<HashedIdStore> {
        SessionManagerLayer::new(HashedIdStore::new(state.db.clone()))
            .with_name(self.cookie)
            .with_secure(state.config.base_url.starts_with("https://"))
            .with_http_only(true)
            .with_same_site(self.same_site)
            .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
                self.idle_secs,
            )))
    }

    /// Starts a session for `account` under a new id (no fixation).
    pub async fn sign_in(
        &self,
        session: &Session,
        account: &impl SessionAccount,
        now: i64,
    ) -> AppResult<()> {
        session.cycle_id().await.map_err(session_error)?;
        let record = SessionRecord {
            account_id: account.account_id(),
            epoch: account.session_epoch(),
            signed_in_at: now,
            last_seen_at: now,
        };
        session
            .insert(self.key, record)
            .await
            .map_err(session_error)
    }

    /// The account this session belongs to, if the session is still good; `load` finds
    /// the account by id. A session that is not is ended.
    pub async fn resume<A: SessionAccount>(
        &self,
        session: &Session,
        now: i64,
        load: impl AsyncFnOnce(Uuid) -> Result<Option<A>, sqlx::Error>,
    ) -> AppResult<Option<A>> {
        let Some(mut record) = session
            .get::<SessionRecord>(self.key)
            .await
            .map_err(session_error)?
        else {
            return Ok(None);
        };
        let expired = now - record.last_seen_at > self.idle_secs
            || self
                .absolute_secs
                .is_some_and(|limit| now - record.signed_in_at > limit);
        let account = if expired {
            None
        } else {
            load(record.account_id).await?
        };
        let Some(account) =
            account.filter(|a| a.may_stay_signed_in() && a.session_epoch() == record.epoch)
        else {
            sign_out(session).await?;
            return Ok(None);
        };
        record.last_seen_at = now;
        session
            .insert(self.key, record)
            .await
            .map_err(session_error)?;
        Ok(Some(account))
    }
}

pub async fn sign_out(session: &Session) -> AppResult<()> {
    session.flush().await.map_err(session_error)
}

/// The heart of a sign-in guard: the signed-in user goes into the request for the
/// handler's extractor; without one the visitor is sent to `sign_in_path`.
pub async fn admit<U: Clone + Send + Sync + 'static>(
    user: AppResult<Option<U>>,
    sign_in_path: &'static str,
    mut request: Request,
    next: Next,
) -> Response {
    match user {
        Ok(Some(user)) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Ok(None) => Redirect::to(sign_in_path).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The user [`admit`] put in the request.
pub fn signed_in<U: Clone + Send + Sync + 'static>(parts: &Parts) -> Result<U, AppError> {
    parts
        .extensions
        .get::<U>()
        .cloned()
        .ok_or(AppError::SignInRequired)
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session store: {error}"))
}
