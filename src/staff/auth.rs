//! Staff sign-in state: the session record, the guard on every protected staff route, and
//! the role extractors handlers take (`AnyStaff`, `ReviewerStaff`, `AdminStaff`).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use uuid::Uuid;

use super::accounts::{self, Role, StaffAccount};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

const SESSION_KEY: &str = "staff";
/// Automatic logoff after this long without a request (SPEC section 8).
pub const IDLE_TIMEOUT_SECS: i64 = 15 * 60;
/// However active, a session ends after a working day.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StaffSession {
    staff_id: Uuid,
    epoch: i32,
    signed_in_at: i64,
    last_seen_at: i64,
}

/// The signed-in staff member, put in the request by [`require_staff`].
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session store: {error}"))
}

/// Starts a session for `account` under a new id (no fixation).
pub async fn sign_in(session: &Session, account: &StaffAccount, now: i64) -> AppResult<()> {
    session.cycle_id().await.map_err(session_error)?;
    let record = StaffSession {
        staff_id: account.id,
        epoch: account.session_epoch,
        signed_in_at: now,
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

/// Guards every protected staff route: no valid session, no handler.
pub async fn require_staff(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    match authenticate(&state, &session).await {
        Ok(Some(user)) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Ok(None) => Redirect::to("/staff/login").into_response(),
        Err(error) => error.into_response(),
    }
}

async fn authenticate(state: &AppState, session: &Session) -> AppResult<Option<StaffUser>> {
    let Some(mut record) = session
        .get::<StaffSession>(SESSION_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    let expired = now - record.last_seen_at > IDLE_TIMEOUT_SECS
        || now - record.signed_in_at > ABSOLUTE_TIMEOUT_SECS;
    let account = if expired {
        None
    } else {
        accounts::find(&state.db, record.staff_id).await?
    };
    let Some(account) = account.filter(|a| a.is_active() && a.session_epoch == record.epoch) else {
        sign_out(session).await?;
        return Ok(None);
    };
    record.last_seen_at = now;
    session
        .insert(SESSION_KEY, record)
        .await
        .map_err(session_error)?;
    Ok(Some(StaffUser {
        id: account.id,
        role: account.role(),
        name: account.name,
    }))
}

fn signed_in(parts: &Parts) -> Result<StaffUser, AppError> {
    parts
        .extensions
        .get::<StaffUser>()
        .cloned()
        .ok_or(AppError::SignInRequired)
}

/// Any active staff member.
pub struct AnyStaff(pub StaffUser);

/// A reviewer: approves sensitive releases and signs denials.
pub struct ReviewerStaff(pub StaffUser);

/// An administrator: manages accounts.
pub struct AdminStaff(pub StaffUser);

impl<S: Send + Sync> FromRequestParts<S> for AnyStaff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        signed_in(parts).map(AnyStaff)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReviewerStaff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let user = signed_in(parts)?;
        if user.role == Role::Reviewer {
            Ok(ReviewerStaff(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AdminStaff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let user = signed_in(parts)?;
        if user.role == Role::Admin {
            Ok(AdminStaff(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Which roles may take an action.
pub trait RoleRule: Send + Sync + 'static {
    fn allows(role: Role) -> bool;
}

/// Every active staff member.
pub struct AnyRole;
impl RoleRule for AnyRole {
    fn allows(_: Role) -> bool {
        true
    }
}

/// Reviewers only.
pub struct ReviewerOnly;
impl RoleRule for ReviewerOnly {
    fn allows(role: Role) -> bool {
        role == Role::Reviewer
    }
}

/// Everything an action on one request needs: the state, who acts (role-checked first),
/// from where, on which request, and the form (CSRF-checked).
pub struct RequestAction<R: RoleRule> {
    pub state: AppState,
    pub user: StaffUser,
    pub csrf: crate::http::csrf::CsrfToken,
    pub ip: Option<std::net::IpAddr>,
    pub id: Uuid,
    pub form: crate::forms::FormValues,
    rule: std::marker::PhantomData<R>,
}

impl<S, R> axum::extract::FromRequest<S> for RequestAction<R>
where
    S: Send + Sync,
    R: RoleRule,
    AppState: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        use axum::extract::{FromRef, Path};
        let (mut parts, body) = request.into_parts();
        let user = signed_in(&parts)?;
        if !R::allows(user.role) {
            return Err(AppError::Forbidden);
        }
        let Path(id) = Path::<Uuid>::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let csrf = crate::http::csrf::CsrfToken::from_request_parts(&mut parts, state).await?;
        let crate::http::client_ip::ClientIp(ip) =
            crate::http::client_ip::ClientIp::from_request_parts(&mut parts, state)
                .await
                .unwrap_or(crate::http::client_ip::ClientIp(None));
        let request = Request::from_parts(parts, body);
        let crate::http::csrf::CsrfForm(form) =
            crate::http::csrf::CsrfForm::from_request(request, state).await?;
        Ok(RequestAction {
            state: AppState::from_ref(state),
            user,
            csrf,
            ip,
            id,
            form,
            rule: std::marker::PhantomData,
        })
    }
}
