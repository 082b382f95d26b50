//! Step-up: releasing sensitive records, waiving a fee and every change to a staff account
//! ask for the second factor again when it was given more than 15 minutes ago. The page
//! carries the form that was sent, so the action goes ahead once the code is right.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::auth::{RequestAction, RoleRule, STAFF_SESSIONS, StaffUser};
use super::second_step::check_code;
use crate::audit::{self, Actor};
use crate::error::AppResult;
use crate::forms::{CSRF_FIELD, FormValues};
use crate::state::{AppState, Site};

use crate::accounts::sessions::FRESH_SECS;

const CODE_FIELD: &str = "step_up_code";

#[derive(Template, WebTemplate)]
#[template(path = "staff/step_up.html")]
pub struct StepUpPage {
    site: Site,
    csrf: String,
    action: String,
    what: &'static str,
    carried: Vec<(String, String)>,
    problem: Option<&'static str>,
}

/// What a sensitive action needs before it may go ahead.
pub struct Sensitive<'a> {
    pub state: &'a AppState,
    pub session: &'a Session,
    pub user: &'a StaffUser,
    pub csrf: &'a str,
    pub ip: Option<std::net::IpAddr>,
    /// Where the form posts, and in words what it does.
    pub action: &'a str,
    pub what: &'static str,
}

/// A sensitive action on one request (`/staff/requests/{id}/{tail}`): `None` when it may go
/// ahead, else the page asking for the code.
pub async fn on_request<R: RoleRule>(
    act: &RequestAction<R>,
    tail: &str,
    what: &'static str,
) -> AppResult<Option<Response>> {
    let action = format!("/staff/requests/{}/{tail}", act.id);
    let sensitive = Sensitive {
        state: &act.state,
        session: &act.session,
        user: &act.user,
        csrf: act.csrf.value(),
        ip: act.ip,
        action: &action,
        what,
    };
    sensitive.check(&act.form).await
}

impl Sensitive<'_> {
    /// `None` when the action may go ahead (the second factor is fresh, or the code sent
    /// with the form is right); otherwise the page asking for the code.
    pub async fn check(&self, form: &FormValues) -> AppResult<Option<Response>> {
        let now = self.state.clock.now();
        let given_at = STAFF_SESSIONS.factor_at(self.session).await?;
        if now.unix_timestamp() - given_at <= FRESH_SECS {
            return Ok(None);
        }
        let typed = form.get(CODE_FIELD);
        if typed.is_empty() {
            return Ok(Some(self.page(form, None, StatusCode::FORBIDDEN)));
        }
        let actor = Actor::Staff(self.user.id);
        let db = &self.state.db;
        if let Some(factor) = check_code(self.state, self.user.id, typed, now).await? {
            STAFF_SESSIONS
                .refresh_factor(self.session, now.unix_timestamp())
                .await?;
            let detail = serde_json::json!({ "factor": factor, "for": self.what });
            audit::record(db, actor, "staff.stepped_up", None, self.ip, detail, now).await?;
            return Ok(None);
        }
        super::second_step::count_failure(self.state, self.user.id, self.ip, "step_up").await?;
        let why = "That code is not right, or was already used.";
        Ok(Some(self.page(
            form,
            Some(why),
            StatusCode::UNPROCESSABLE_ENTITY,
        )))
    }

    fn page(
        &self,
        form: &FormValues,
        problem: Option<&'static str>,
        status: StatusCode,
    ) -> Response {
        let carried = form
            .pairs()
            .iter()
            .filter(|(name, _)| name != CSRF_FIELD && name != CODE_FIELD)
            .cloned()
            .collect();
        let page = StepUpPage {
            site: self.state.site(),
            csrf: self.csrf.to_owned(),
            action: self.action.to_owned(),
            what: self.what,
            carried,
            problem,
        };
        (status, page).into_response()
    }
}
