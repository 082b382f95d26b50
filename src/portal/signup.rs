//! Creating an account and confirming its email. The reply is the same whether or not the
//! address already has an account, and the password is hashed either way, so neither the
//! page nor its timing tells a visitor who is registered.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use uuid::Uuid;

use super::accounts::{self, TokenPurpose};
use super::emails::{AccountEmail, queue};
use crate::domain::calendar::practice_date;
use crate::domain::contact::{EmailAddress, PersonName, parse_date_of_birth};
use crate::error::AppResult;
use crate::forms::{FieldErrors, FormValues};
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::staff::password;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "portal/register.html")]
pub struct RegisterPage {
    site: Site,
    csrf: String,
    form: FormValues,
    errors: FieldErrors,
}

/// A page with a heading, a few sentences and at most one button or link.
#[derive(Template, WebTemplate)]
#[template(path = "portal/message.html")]
pub struct MessagePage {
    pub site: Site,
    pub csrf: String,
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub button: Option<(&'static str, String)>,
    pub link: Option<(&'static str, &'static str)>,
}

pub async fn show_register(State(state): State<AppState>, csrf: CsrfToken) -> RegisterPage {
    RegisterPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: FormValues::default(),
        errors: FieldErrors::default(),
    }
}

pub async fn register(
    State(state): State<AppState>,
    csrf: CsrfToken,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut errors = FieldErrors::default();
    let name = PersonName::parse(form.get("legal_name"))
        .map_err(|why| errors.add("legal_name", format!("Your name {why}")))
        .ok();
    let birth = parse_date_of_birth(
        form.get("dob_month"),
        form.get("dob_day"),
        form.get("dob_year"),
        practice_date(now),
    )
    .map_err(|why| errors.add("dob_month", format!("Date of birth {why}")))
    .ok();
    let email = EmailAddress::parse(form.get("email"))
        .map_err(|why| errors.add("email", format!("The email address {why}")))
        .ok();
    let secret = form.get("password").to_owned();
    if let Some(problem) =
        password::policy_problem(&secret, &[form.get("email"), form.get("legal_name")])
    {
        errors.add("password", problem);
    }
    let (Some(name), Some(birth), Some(email)) = (name, birth, email) else {
        return Ok(again(&state, &csrf, form, errors));
    };
    if !errors.is_empty() {
        return Ok(again(&state, &csrf, form, errors));
    }
    let hash = password::hash(SecretString::from(secret)).await?;
    let mut tx = state.db.begin().await?;
    match accounts::find_by_email(&mut *tx, email.as_str()).await? {
        Some(existing) => {
            let email = AccountEmail {
                kind: "account_exists",
                to: &existing.email,
                subject: "You already have a patient portal account",
                paragraphs: vec!["Someone, probably you, tried to create a patient portal account with this email address. You already have one. If you forgot the password, you can choose a new one.".into()],
                link_text: "Reset your password",
                link_path: "/account/reset".into(),
            };
            queue(&mut tx, &state, email, now).await?;
        }
        None => {
            let id = Uuid::now_v7();
            sqlx::query!(
                r#"insert into patient_accounts (id, email, legal_name, date_of_birth, password_hash, created_at)
                   values ($1, $2, $3, $4, $5, $6)"#,
                id,
                email.as_str(),
                name.as_str(),
                birth,
                hash,
                now
            )
            .execute(&mut *tx)
            .await?;
            send_confirmation(&mut tx, &state, id, email.as_str(), now).await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to("/account/register/sent").into_response())
}

fn again(state: &AppState, csrf: &CsrfToken, form: FormValues, errors: FieldErrors) -> Response {
    // Everything typed comes back except the password.
    let kept = FormValues::new(
        form.pairs()
            .iter()
            .filter(|(n, _)| n != "password" && n != "csrf_token")
            .cloned()
            .collect(),
    );
    let page = RegisterPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form: kept,
        errors,
    };
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

pub async fn send_confirmation(
    conn: &mut sqlx::PgConnection,
    state: &AppState,
    account: Uuid,
    to: &str,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let token = accounts::new_token(&mut *conn, account, TokenPurpose::ConfirmEmail, now).await?;
    let email = AccountEmail {
        kind: "confirm_email",
        to,
        subject: "Confirm your email for the patient portal",
        paragraphs: vec![
            "Please confirm that this is your email address. The link works for 3 days.".into(),
        ],
        link_text: "Confirm your email",
        link_path: format!("/account/confirm/{}", token.text),
    };
    queue(conn, state, email, now).await
}

pub async fn sent(State(state): State<AppState>, csrf: CsrfToken) -> MessagePage {
    MessagePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        title: "Check your email",
        paragraphs: vec!["We sent a message to the address you gave. Open the link in it to confirm your email, then sign in.".into()],
        button: None,
        link: Some(("Sign in", "/account/login")),
    }
}

/// GET only shows a button: mail scanners that follow links confirm nothing.
pub async fn show_confirm(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> MessagePage {
    MessagePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        title: "Confirm your email",
        paragraphs: vec!["Confirm the email address of your patient portal account.".into()],
        button: Some(("Confirm my email", format!("/account/confirm/{token}"))),
        link: None,
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(account) =
        accounts::use_token(&mut *tx, &token, TokenPurpose::ConfirmEmail, now).await?
    else {
        let page = MessagePage {
            site: state.site(),
            csrf: csrf.value().to_owned(),
            title: "This link no longer works",
            paragraphs: vec!["It was already used or has expired. Sign in; if your email is not confirmed yet, we can send a new link from the sign-in page's help, or call us.".into()],
            button: None,
            link: Some(("Sign in", "/account/login")),
        };
        return Ok((StatusCode::GONE, page).into_response());
    };
    sqlx::query!(
        "update patient_accounts set email_confirmed_at = coalesce(email_confirmed_at, $2) where id = $1",
        account,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/login?confirmed=1").into_response())
}
