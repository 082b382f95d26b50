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

/// What a session holds. The account id is written under both names the two sign-ins
/// used before they shared this record (`account_id` for patients, `staff_id` for staff),
/// so an instance still on the previous release reads sessions this one writes, and the
/// other way round, during a rolling deploy.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionRecord {
    #[serde(default)]
    account_id: Option<Uuid>,
    #[serde(default)]
    staff_id: Option<Uuid>,
    epoch: i32,
    #[serde(default)]
    signed_in_at: i64,
    last_seen_at: i64,
    /// When the second factor was last given (sign-in or step-up); 0 for none.
    #[serde(default)]
    factor_at: i64,
}

/// A sign-in half done: the password was right, the second factor is still to come. Kept
/// in the session (whose id was renewed) for a few minutes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub account: Uuid,
    pub epoch: i32,
    pub at: i64,
}

/// How long the second step may take after the password.
pub const PENDING_SECS: i64 = 5 * 60;

/// How long a given factor counts as fresh for sensitive actions and account changes.
pub const FRESH_SECS: i64 = 15 * 60;

impl SessionRecord {
    fn new(account: Uuid, epoch: i32, now: i64) -> Self {
        SessionRecord {
            account_id: Some(account),
            staff_id: Some(account),
            epoch,
            signed_in_at: now,
            last_seen_at: now,
            factor_at: 0,
        }
    }

    fn account(&self) -> Option<Uuid> {
        self.account_id.or(self.staff_id)
    }
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
        self.start(session, account, now, 0).await
    }

    /// Starts a session for `account` whose second factor was just given.
    pub async fn sign_in_with_factor(
        &self,
        session: &Session,
        account: &impl SessionAccount,
        now: i64,
    ) -> AppResult<()> {
        self.start(session, account, now, now).await
    }

    async fn start(
        &self,
        session: &Session,
        account: &impl SessionAccount,
        now: i64,
        factor_at: i64,
    ) -> AppResult<()> {
        session.cycle_id().await.map_err(session_error)?;
        let mut record = SessionRecord::new(account.account_id(), account.session_epoch(), now);
        record.factor_at = factor_at;
        session
            .remove_value(self.pending_key())
            .await
            .map_err(session_error)?;
        session
            .insert(self.key, record)
            .await
            .map_err(session_error)
    }

    fn pending_key(&self) -> &'static str {
        match self.key {
            "staff" => "staff_pending",
            _ => "patient_pending",
        }
    }

    /// The password was right: the session (under a new id) remembers whose second factor
    /// it waits for.
    pub async fn begin_second_step(
        &self,
        session: &Session,
        account: &impl SessionAccount,
        now: i64,
    ) -> AppResult<()> {
        session.cycle_id().await.map_err(session_error)?;
        let pending = PendingSignIn {
            account: account.account_id(),
            epoch: account.session_epoch(),
            at: now,
        };
        session
            .insert(self.pending_key(), pending)
            .await
            .map_err(session_error)
    }

    /// The half-done sign-in, if it is recent enough.
    pub async fn pending(&self, session: &Session, now: i64) -> AppResult<Option<PendingSignIn>> {
        let pending: Option<PendingSignIn> = session
            .get(self.pending_key())
            .await
            .map_err(session_error)?;
        Ok(pending.filter(|p| now - p.at <= PENDING_SECS && now >= p.at))
    }

    /// When the second factor was last given in this session.
    pub async fn factor_at(&self, session: &Session) -> AppResult<i64> {
        let record: Option<SessionRecord> = session.get(self.key).await.map_err(session_error)?;
        Ok(record.map_or(0, |r| r.factor_at))
    }

    /// Whether the factors were given within [`FRESH_SECS`].
    pub async fn factor_is_fresh(&self, session: &Session, now: i64) -> AppResult<bool> {
        Ok(now - self.factor_at(session).await? <= FRESH_SECS)
    }

    /// The second factor was given again (a step-up).
    pub async fn refresh_factor(&self, session: &Session, now: i64) -> AppResult<()> {
        let record: Option<SessionRecord> = session.get(self.key).await.map_err(session_error)?;
        if let Some(mut record) = record {
            record.factor_at = now;
            session
                .insert(self.key, record)
                .await
                .map_err(session_error)?;
        }
        Ok(())
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
        let account = match record.account() {
            Some(id) if !expired => load(id).await?,
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes the staff and patient sessions had before they shared one record.
    #[derive(Deserialize)]
    struct EarlierStaffSession {
        staff_id: Uuid,
        epoch: i32,
        signed_in_at: i64,
        last_seen_at: i64,
    }

    #[derive(Deserialize)]
    struct EarlierPatientSession {
        account_id: Uuid,
        epoch: i32,
        last_seen_at: i64,
    }

    #[test]
    fn sessions_read_both_ways_across_the_previous_release() {
        let id = Uuid::now_v7();
        let written = serde_json::to_value(SessionRecord::new(id, 3, 100)).unwrap_or_default();
        let staff: EarlierStaffSession =
            serde_json::from_value(written.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                staff.staff_id,
                staff.epoch,
                staff.signed_in_at,
                staff.last_seen_at
            ),
            (id, 3, 100, 100)
        );
        let patient: EarlierPatientSession =
            serde_json::from_value(written).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (patient.account_id, patient.epoch, patient.last_seen_at),
            (id, 3, 100)
        );

        let earlier_staff =
            serde_json::json!({ "staff_id": id, "epoch": 1, "signed_in_at": 5, "last_seen_at": 6 });
        let read: SessionRecord =
            serde_json::from_value(earlier_staff).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((read.account(), read.signed_in_at), (Some(id), 5));
        let earlier_patient =
            serde_json::json!({ "account_id": id, "epoch": 1, "last_seen_at": 6 });
        let read: SessionRecord =
            serde_json::from_value(earlier_patient).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((read.account(), read.signed_in_at), (Some(id), 0));
    }
}
