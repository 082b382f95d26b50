//! `/staff/admin/emails`: messages that failed (retried no more) or are delayed, without
//! their bodies, and the admin's answers: retry now, or give up (the bodies are erased).
//! Each answer is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use time::OffsetDateTime;
use uuid::Uuid;

use super::AdminChange;
use crate::domain::calendar::practice_timestamp;
use crate::domain::contact::EmailAddress;
use crate::email::trouble::{self, TroubledEmail};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::staff::auth::{AdminStaff, StaffUser};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin_emails.html")]
pub struct EmailsPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    emails: Vec<TroubledEmail>,
}

impl EmailsPage {
    fn when(at: &OffsetDateTime) -> String {
        practice_timestamp(*at)
    }

    /// `records_ready` as "Records ready".
    fn kind(code: &str) -> String {
        let words = code.replace('_', " ");
        let mut letters = words.chars();
        letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default()
    }

    /// Enough of the address to tell messages apart, not to read it off the screen.
    fn to(address: &str) -> String {
        EmailAddress::parse(address)
            .map(|a| a.masked())
            .unwrap_or_else(|_| "***".into())
    }
}

pub async fn show(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
) -> AppResult<EmailsPage> {
    Ok(EmailsPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        emails: trouble::list(&state.db, state.clock.now()).await?,
    })
}

/// `retry` or `give-up` one message.
pub async fn answer(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    ClientIp(ip): ClientIp,
    Path((id, answer)): Path<(Uuid, String)>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (done, action) = match answer.as_str() {
        "retry" => (trouble::retry(&mut *tx, id, now).await?, "email.retried"),
        "give-up" => (trouble::give_up(&mut *tx, id, now).await?, "email.given_up"),
        _ => return Err(AppError::NotFound),
    };
    if !done {
        return Err(AppError::NotFound);
    }
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    let detail = serde_json::json!({ "email": id });
    let response = change
        .commit(tx, action, detail, "/staff/admin/emails")
        .await?;
    state.outbox_signal.notify_one();
    Ok(response)
}
