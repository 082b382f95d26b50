//! Visit summaries attached by staff on a patient's account page: a visit date, a title
//! and one PDF, streamed to the store like every upload.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::response::Response;
use time::Date;
use uuid::Uuid;

use super::auth::AnyStaff;
use super::patients::{back, refuse};
use crate::accounts::patients;
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::files::multipart::{StreamLimits, Streamed, read_form};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::state::AppState;

/// `POST /staff/patients/{id}/summaries`: a visit date, a title and one PDF.
pub async fn attach_summary(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> AppResult<Response> {
    let account = patients::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let limits = StreamLimits {
        allowed: &["application/pdf"],
        folder: "summaries",
        max_bytes: 50 * 1024 * 1024,
    };
    let form = read_form(multipart, &csrf, &state.files, |name| {
        (name == "file").then_some(limits)
    })
    .await?;
    let (stored, problem) = match form.files.first().map(|f| &f.outcome) {
        _ if form.files.len() > 1 => (None, Some("Attach one PDF at a time.")),
        Some(Streamed::Stored { object, .. }) => (Some(object.clone()), None),
        Some(Streamed::WrongType) => (None, Some("A visit summary must be a PDF.")),
        Some(Streamed::TooLarge) => (None, Some("The file is larger than 50 MB.")),
        Some(Streamed::Empty) | None => (None, Some("Choose the summary's PDF.")),
    };
    let (visit, title) = (form.values.get("visit_date"), form.values.get("title"));
    let visit_date = Date::parse(
        visit.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok();
    let title = crate::domain::contact::clean_text(title, 200, false).unwrap_or_default();
    let (Some(object), Some(visit_date), None) = (stored, visit_date, problem) else {
        form.discard(&state.files).await;
        let why = problem.unwrap_or("Enter the visit date as YYYY-MM-DD.");
        return refuse(&state, user, &csrf, id, why).await;
    };
    let title = if title.is_empty() {
        "Visit summary".to_owned()
    } else {
        title
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    crate::accounts::summaries::insert(
        &mut tx,
        &state,
        &account,
        visit_date,
        &title,
        &object,
        Some(user.id),
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "summary.attached",
        None,
        ip,
        serde_json::json!({ "account": id }),
        now,
    )
    .await?;
    if let Err(error) = tx.commit().await {
        state.files.discard(&object.key).await;
        return Err(error.into());
    }
    Ok(back(id))
}
