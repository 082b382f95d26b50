//! Staff passwords after the first: a staff member changes their own (the current password
//! and the second factor), or an admin emails a single-use 30-minute link to set a new one.
//! Every change ends the account's other sessions, is audited, and is told by email with
//! whom to call if it was not them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;
use uuid::Uuid;

use super::accounts::{self, StaffAccount};
use super::auth::{AdminStaff, AnyStaff, STAFF_SESSIONS, StaffUser};
use super::second_step::check_code;
use super::step_up::Sensitive;
use crate::accounts::factors::{self, Owner};
use crate::accounts::password;
use crate::audit::{self, Actor};
use crate::crypto::{NewToken, token_hash};
use crate::email::notices::{AccountEmail, queue_account_email};
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};

const RESET_LINK_LIFETIME: Duration = Duration::minutes(30);

#[derive(Template, WebTemplate)]
#[template(path = "staff/account.html")]
pub struct AccountPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    has_authenticator: bool,
    recovery_codes_left: i64,
    errors: FieldErrors,
    done: bool,
    passkeys: Vec<crate::accounts::passkeys::ListedPasskey>,
}

impl AccountPage {
    fn when(at: &OffsetDateTime) -> String {
        crate::domain::calendar::practice_timestamp(*at)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/reset_password.html")]
pub struct ResetPage {
    site: Site,
    csrf: String,
    token: String,
    errors: FieldErrors,
    /// The link is unknown, used or expired.
    gone: bool,
}

async fn account_page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    errors: FieldErrors,
    done: bool,
) -> AppResult<AccountPage> {
    let account = accounts::find(&state.db, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(AccountPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        has_authenticator: account.has_authenticator(),
        recovery_codes_left: factors::recovery_codes_left(&state.db, Owner::Staff(user.id)).await?,
        passkeys: crate::accounts::passkeys::list(&state.db, Owner::Staff(user.id)).await?,
        user,
        errors,
        done,
    })
}

pub async fn show_account(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
) -> AppResult<AccountPage> {
    account_page(&state, user, &csrf, FieldErrors::default(), false).await
}

async fn set_password(db: impl PgExecutor<'_>, staff: Uuid, hash: &str) -> Result<(), sqlx::Error> {
    // The epoch moves on: every other session of the account ends.
    // Any reset link still out stops working too.
    sqlx::query!(
        r#"with changed as (
               update staff set password_hash = $2, session_epoch = session_epoch + 1 where id = $1 returning id)
           update staff_password_resets set used_at = now()
           where staff_id in (select id from changed) and used_at is null"#,
        staff,
        hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// "Your password was changed": what changed and whom to call if it was not them.
async fn tell(
    state: &AppState,
    account: &StaffAccount,
    how: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let what = format!("The password of your staff account was changed {how}.");
    tell_staff(
        state,
        account,
        "staff_password_changed",
        "Your records portal password was changed",
        what,
        now,
    )
    .await
}

/// An email to a staff member about a change to their account, saying whom to call.
pub async fn tell_staff(
    state: &AppState,
    account: &StaffAccount,
    kind: &'static str,
    subject: &'static str,
    what: String,
    now: OffsetDateTime,
) -> AppResult<()> {
    let mut conn = state.db.acquire().await?;
    let email = AccountEmail {
        audience: crate::email::notices::Audience::Staff,
        kind,
        to: &account.email,
        subject,
        paragraphs: vec![
            what,
            format!(
                "If this was not you, call {} at {} now: someone may have your password.",
                state.config.practice.name, state.config.practice.phone
            ),
        ],
        link_text: "Sign in",
        link_path: "/staff/login".into(),
    };
    queue_account_email(&mut conn, state, email, now).await
}

fn new_password_problem(form: &FormValues, account: &StaffAccount, errors: &mut FieldErrors) {
    let new = form.get("password");
    if let Some(problem) = password::policy_problem(new, &[&account.email, &account.name]) {
        errors.add("password", problem);
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let account = accounts::find(&state.db, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let current = SecretString::from(form.get("current_password").to_owned());
    if !password::verify(current, Some(account.password_hash.clone())).await? {
        errors.add("current_password", "Your current password is not right");
    }
    new_password_problem(&form, &account, &mut errors);
    if errors.is_empty()
        && check_code(&state, account.id, form.get("code"), now)
            .await?
            .is_none()
    {
        errors.add("code", "That code is not right, or was already used");
    }
    if !errors.is_empty() {
        // Wrong secrets count toward the lock, as at sign-in.
        if errors.get("current_password").is_some() || errors.get("code").is_some() {
            super::second_step::count_failure(&state, account.id, ip, "password_change").await?;
        }
        let page = account_page(&state, user, &csrf, errors, false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = password::hash(SecretString::from(form.get("password").to_owned())).await?;
    set_password(&state.db, account.id, &hash).await?;
    // This session carries on under the new epoch; every other one has ended.
    if let Some(renewed) = accounts::find(&state.db, account.id).await? {
        STAFF_SESSIONS
            .sign_in_with_factor(&session, &renewed, now.unix_timestamp())
            .await?;
    }
    let actor = Actor::Staff(account.id);
    audit::record(
        &state.db,
        actor,
        "staff.password_changed",
        None,
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    tell(&state, &account, "by you, from your account page", now).await?;
    let page = account_page(&state, user, &csrf, FieldErrors::default(), true).await?;
    Ok(page.into_response())
}

/// An admin emails a staff member a link to set a new password.
pub async fn send_reset_link(
    State(state): State<AppState>,
    AdminStaff(admin): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    session: Session,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let action = format!("/staff/admin/staff/{id}/reset-link");
    let sensitive = Sensitive {
        state: &state,
        session: &session,
        user: &admin,
        csrf: csrf.value(),
        ip,
        action: &action,
        what: "change a staff account",
    };
    if let Some(page) = sensitive.check(&form).await? {
        return Ok(page);
    }
    let account = accounts::find(&state.db, id)
        .await?
        .filter(StaffAccount::is_active)
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let token = NewToken::generate();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        r#"insert into staff_password_resets (token_hash, staff_id, created_by, created_at, expires_at)
           values ($1, $2, $3, $4, $5)"#,
        &token.hash[..],
        account.id,
        admin.id,
        now,
        now + RESET_LINK_LIFETIME
    )
    .execute(&mut *tx)
    .await?;
    let email = AccountEmail {
        audience: crate::email::notices::Audience::Staff,
        kind: "staff_password_reset",
        to: &account.email,
        subject: "Set a new password for the records portal",
        paragraphs: vec![
            "An administrator sent you this link to set a new password for your staff account. It works once, for 30 minutes.".into(),
            format!("If you did not ask for it, call {} at {}.", state.config.practice.name, state.config.practice.phone),
        ],
        link_text: "Set a new password",
        link_path: format!("/staff/reset/{}", token.text),
    };
    queue_account_email(&mut tx, &state, email, now).await?;
    let detail = serde_json::json!({ "staff": account.id });
    audit::record(
        &mut *tx,
        Actor::Staff(admin.id),
        "staff.reset_link_sent",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/staff/admin").into_response())
}

/// The account a reset link is good for, now.
async fn reset_account(state: &AppState, token: &str) -> AppResult<Option<StaffAccount>> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    let staff = sqlx::query_scalar!(
        "select staff_id from staff_password_resets where token_hash = $1 and used_at is null and expires_at > $2",
        &hash[..],
        state.clock.now()
    )
    .fetch_optional(&state.db)
    .await?;
    Ok(match staff {
        Some(id) => accounts::find(&state.db, id)
            .await?
            .filter(StaffAccount::is_active),
        None => None,
    })
}

pub async fn show_reset(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let gone = reset_account(&state, &token).await?.is_none();
    let page = ResetPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        token,
        errors: FieldErrors::default(),
        gone,
    };
    let status = if gone {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

pub async fn submit_reset(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let mut page = ResetPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        token: token.clone(),
        errors: FieldErrors::default(),
        gone: false,
    };
    let Some(account) = reset_account(&state, &token).await? else {
        page.gone = true;
        return Ok((StatusCode::GONE, page).into_response());
    };
    new_password_problem(&form, &account, &mut page.errors);
    if !page.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let now = state.clock.now();
    let hash = password::hash(SecretString::from(form.get("password").to_owned())).await?;
    let mut tx = state.db.begin().await?;
    // Used once: of two answers at the same moment, one sets the password.
    let used = sqlx::query!(
        "update staff_password_resets set used_at = $2 where token_hash = $1 and used_at is null and expires_at > $2",
        &token_hash(&token).unwrap_or_default()[..],
        now
    )
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        drop(tx);
        page.gone = true;
        return Ok((StatusCode::GONE, page).into_response());
    }
    set_password(&mut *tx, account.id, &hash).await?;
    let actor = Actor::Staff(account.id);
    audit::record(
        &mut *tx,
        actor,
        "staff.password_reset",
        None,
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    tell(
        &state,
        &account,
        "with a reset link an administrator sent",
        now,
    )
    .await?;
    Ok(Redirect::to("/staff/login").into_response())
}
