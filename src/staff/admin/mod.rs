//! `/staff/admin`: administrators create and disable staff accounts, and keep the fee
//! schedule (`fees`) and the business-day calendar (`calendar`).

pub mod apps;
pub mod calendar;
pub mod emails;
pub mod fees;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::accounts::{self, Role, StaffAccount};
use super::auth::{AdminStaff, StaffUser};
use super::lockout;
use super::step_up::Sensitive;
use crate::accounts::password;
use crate::audit::{self, Actor};
use crate::domain::contact::{EmailAddress, PersonName};
use crate::error::{AppError, AppResult};
use crate::forms::CSRF_FIELD;
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};
use tower_sessions::Session;

/// An administrator's change to the practice's rules, audited in its own transaction.
pub struct AdminChange<'a> {
    pub user: &'a StaffUser,
    pub ip: Option<std::net::IpAddr>,
    pub at: time::OffsetDateTime,
}

impl AdminChange<'_> {
    /// Records `action` in the audit log, commits the change, and goes back to `page`.
    pub async fn commit(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
        action: &str,
        detail: serde_json::Value,
        page: &str,
    ) -> AppResult<Response> {
        let actor = Actor::Staff(self.user.id);
        audit::record(&mut *tx, actor, action, None, self.ip, detail, self.at).await?;
        tx.commit().await?;
        Ok(Redirect::to(page).into_response())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin.html")]
pub struct AdminPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    accounts: Vec<StaffAccount>,
    form: FormValues,
    errors: FieldErrors,
}

impl AdminPage {
    fn when(at: &time::OffsetDateTime) -> String {
        crate::domain::calendar::practice_timestamp(*at)
    }
}

async fn page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    form: FormValues,
    errors: FieldErrors,
) -> AppResult<AdminPage> {
    Ok(AdminPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        accounts: accounts::list(&state.db).await?,
        form,
        errors,
    })
}

pub async fn show_admin(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
) -> AppResult<AdminPage> {
    page(
        &state,
        user,
        &csrf,
        FormValues::default(),
        FieldErrors::default(),
    )
    .await
}

/// A new account, checked as a whole; the first password is set by the administrator and
/// must meet the same policy as any other.
pub struct NewStaff {
    pub email: EmailAddress,
    pub name: PersonName,
    pub role: Role,
    pub password: String,
}

impl NewStaff {
    pub fn parse(form: &FormValues) -> Result<NewStaff, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = EmailAddress::parse(form.get("email"))
            .map_err(|why| errors.add("email", format!("Email {why}")))
            .ok();
        let name = PersonName::parse(form.get("name"))
            .map_err(|why| errors.add("name", format!("Name {why}")))
            .ok();
        let role = Role::parse(form.get("role"));
        if role.is_none() {
            errors.add("role", "Choose a role");
        }
        let password = form.get("password").to_owned();
        let inputs = [form.get("email"), form.get("name")];
        if let Some(problem) = password::policy_problem(&password, &inputs) {
            errors.add("password", problem);
        }
        match (email, name, role) {
            (Some(email), Some(name), Some(role)) if errors.is_empty() => Ok(NewStaff {
                email,
                name,
                role,
                password,
            }),
            _ => Err(errors),
        }
    }
}

/// Creates the account; `Ok(None)` when the email is taken.
pub async fn create_account(db: &sqlx::PgPool, new: NewStaff) -> AppResult<Option<Uuid>> {
    let hash = password::hash(new.password.into()).await?;
    Ok(accounts::create(
        db,
        &new.email.as_str().to_lowercase(),
        new.name.as_str(),
        new.role,
        &hash,
    )
    .await?)
}

/// Every change to a staff account asks for a fresh second factor.
async fn step_up(
    state: &AppState,
    session: &Session,
    user: &StaffUser,
    csrf: &CsrfToken,
    ip: Option<std::net::IpAddr>,
    action: &str,
    form: &FormValues,
) -> AppResult<Option<Response>> {
    let sensitive = Sensitive {
        state,
        session,
        user,
        csrf: csrf.value(),
        ip,
        action,
        what: "change a staff account",
    };
    sensitive.check(form).await
}

pub async fn create_staff(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    // Never echo a password back into the page.
    let kept = FormValues::new(
        form.pairs()
            .iter()
            .filter(|(n, _)| n != "password" && n != CSRF_FIELD)
            .cloned()
            .collect(),
    );
    // The step-up page carries the form back, but never the new account's password: after
    // the code, the admin types it again.
    let mut carried = kept.pairs().to_vec();
    carried.push(("step_up_code".into(), form.get("step_up_code").to_owned()));
    let carried = FormValues::new(carried);
    let action = "/staff/admin/staff";
    if let Some(page) = step_up(&state, &session, &user, &csrf, ip, action, &carried).await? {
        return Ok(page);
    }
    let new = match NewStaff::parse(&form) {
        Ok(new) => new,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, user, &csrf, kept, errors).await?,
            )
                .into_response());
        }
    };
    let role = new.role;
    let Some(id) = create_account(&state.db, new).await? else {
        let mut errors = FieldErrors::default();
        errors.add("email", "An account with this email address already exists");
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&state, user, &csrf, kept, errors).await?,
        )
            .into_response());
    };
    let detail = serde_json::json!({ "staff": id, "role": role.code() });
    audit::record(
        &state.db,
        Actor::Staff(user.id),
        "staff.created",
        None,
        ip,
        detail,
        state.clock.now(),
    )
    .await?;
    Ok(Redirect::to("/staff/admin").into_response())
}

/// `/staff/admin/staff/{id}/disable` or `/enable`. Disabling ends the account's sessions.
pub async fn change_staff(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path((id, change)): Path<(Uuid, String)>,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    if !["disable", "enable", "unlock", "reset-factor"].contains(&change.as_str()) {
        return Err(AppError::NotFound);
    }
    let action = format!("/staff/admin/staff/{id}/{change}");
    if let Some(page) = step_up(&state, &session, &user, &csrf, ip, &action, &form).await? {
        return Ok(page);
    }
    let now = state.clock.now();
    let (changed, action) = match change.as_str() {
        "disable" if id == user.id => {
            let mut errors = FieldErrors::default();
            errors.add("email", "You cannot disable your own account");
            let page = page(&state, user, &csrf, FormValues::default(), errors).await?;
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        "disable" => (
            accounts::disable(&state.db, id, now).await?,
            "staff.disabled",
        ),
        "enable" => (accounts::enable(&state.db, id).await?, "staff.enabled"),
        "unlock" => (lockout::unlock(&state.db, id).await?, "staff.unlocked"),
        // A lost phone: the staff member sets the second factor up again at next sign-in.
        "reset-factor" => {
            let mut tx = state.db.begin().await?;
            let done = lockout::reset(&mut tx, id, now).await?;
            tx.commit().await?;
            (done, "staff.second_factor_reset")
        }
        _ => return Err(AppError::NotFound),
    };
    if !changed {
        return Err(AppError::NotFound);
    }
    if action == "staff.second_factor_reset"
        && let Some(account) = accounts::find(&state.db, id).await?
    {
        let what = "An administrator reset the second factor of your staff account: you will set up your authenticator app again at your next sign-in.".to_owned();
        let subject = "Your records portal second factor was reset";
        super::passwords::tell_staff(&state, &account, "staff_factor_reset", subject, what, now)
            .await?;
    }
    audit::record(
        &state.db,
        Actor::Staff(user.id),
        action,
        None,
        ip,
        serde_json::json!({ "staff": id }),
        now,
    )
    .await?;
    Ok(Redirect::to("/staff/admin").into_response())
}
