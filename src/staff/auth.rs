//! Staff sign-in state: the session record, the guard on every protected staff route, and
//! the role extractors handlers take (`AnyStaff`, `ReviewerStaff`, `AdminStaff`).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;
use tower_sessions::cookie::SameSite;
use uuid::Uuid;

use super::accounts::{self, Role, StaffAccount};
use crate::accounts::sessions::{self, SessionAccount, SessionPolicy};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Automatic logoff after this long without a request (SPEC section 8).
pub const IDLE_TIMEOUT_SECS: i64 = 15 * 60;
/// However active, a session ends after a working day.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;

pub const STAFF_SESSIONS: SessionPolicy = SessionPolicy {
    cookie: "rp_staff",
    key: "staff",
    same_site: SameSite::Strict,
    idle_secs: IDLE_TIMEOUT_SECS,
    absolute_secs: Some(ABSOLUTE_TIMEOUT_SECS),
};

/// The signed-in staff member, put in the request by [`require_staff`].
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

impl StaffUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

impl SessionAccount for StaffAccount {
    fn account_id(&self) -> Uuid {
        self.id
    }
    fn session_epoch(&self) -> i32 {
        self.session_epoch
    }
    fn may_stay_signed_in(&self) -> bool {
        self.is_active()
    }
}

/// Guards every protected staff route: no valid session, no handler.
pub async fn require_staff(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let user = authenticate(&state, &session).await;
    sessions::admit(user, "/staff/login", request, next).await
}

async fn authenticate(state: &AppState, session: &Session) -> AppResult<Option<StaffUser>> {
    let now = state.clock.now().unix_timestamp();
    let account = STAFF_SESSIONS
        .resume(session, now, async |id| accounts::find(&state.db, id).await)
        .await?;
    // A session from before the second factor (a password alone) does not count.
    if account.is_some() && STAFF_SESSIONS.factor_at(session).await? == 0 {
        sessions::sign_out(session).await?;
        return Ok(None);
    }
    Ok(account.map(|account| StaffUser {
        id: account.id,
        role: account.role(),
        name: account.name,
    }))
}

fn signed_in(parts: &Parts) -> Result<StaffUser, AppError> {
    sessions::signed_in(parts)
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
    /// The staff session, for a step-up (`step_up.rs`).
    pub session: Session,
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
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or(AppError::SignInRequired)?;
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
            session,
            rule: std::marker::PhantomData,
        })
    }
}
