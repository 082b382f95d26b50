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

use super::queries::{self, NewAccount};
use crate::accounts::password;
use crate::accounts::patients::{self, TokenPurpose};
use crate::domain::calendar::practice_date;
use crate::domain::contact::{EmailAddress, PersonName, parse_date_of_birth};
use crate::email::notices::{AccountEmail, queue_account_email};
use crate::error::AppResult;
use crate::forms::{FieldErrors, FormValues};
use crate::http::csrf::{CsrfForm, CsrfToken};
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
    match patients::find_by_email(&mut *tx, email.as_str()).await? {
        Some(existing) => {
            let email = AccountEmail {
                audience: crate::email::notices::Audience::Patient,
                kind: "account_exists",
                to: &existing.email,
                subject: "You already have a patient portal account",
                paragraphs: vec!["Someone, probably you, tried to create a patient portal account with this email address. You already have one. If you forgot the password, you can choose a new one.".into()],
                link_text: "Reset your password",
                link_path: "/account/reset".into(),
            };
            queue_account_email(&mut tx, &state, email, now).await?;
        }
        None => {
            let id = Uuid::now_v7();
            let account = NewAccount {
                id,
                email: email.as_str(),
                legal_name: name.as_str(),
                date_of_birth: birth,
                password_hash: &hash,
                language: crate::i18n::current().preferred.code(),
            };
            queries::insert_account(&mut *tx, &account, now).await?;
            patients::send_confirmation(&mut tx, &state, id, email.as_str(), now).await?;
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
        patients::use_token(&mut *tx, &token, TokenPurpose::ConfirmEmail, now).await?
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
    queries::confirm_email(&mut *tx, account, now).await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/login?confirmed=1").into_response())
}
