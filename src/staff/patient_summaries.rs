//! Visit summaries attached by staff on a patient's account page: a visit date, a title
//! and one PDF, streamed to the store like every upload.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::response::Response;
use time::Date;
use uuid::Uuid;

use super::auth::AnyStaff;
use super::patients::{back, refuse};
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CSRF_FIELD, CsrfToken};
use crate::intake::uploads::{StreamLimits, Streamed, stream_field, unreadable};
use crate::portal::accounts;
use crate::state::AppState;

/// `POST /staff/patients/{id}/summaries`: a visit date, a title and one PDF.
pub async fn attach_summary(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let account = accounts::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let limits = StreamLimits {
        allowed: &["application/pdf"],
        folder: "summaries",
        max_bytes: 50 * 1024 * 1024,
    };
    let (mut visit, mut title, mut stored, mut csrf_ok) =
        (String::new(), String::new(), None, false);
    let mut problem = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            CSRF_FIELD => {
                csrf.verify(&field.text().await.map_err(unreadable)?)?;
                csrf_ok = true;
            }
            "visit_date" if csrf_ok => visit = field.text().await.map_err(unreadable)?,
            "title" if csrf_ok => title = field.text().await.map_err(unreadable)?,
            "file" if csrf_ok => match stream_field(field, &state.files, &limits).await? {
                Streamed::Stored { object, .. } => stored = Some(object),
                Streamed::Empty => problem = Some("Choose the summary's PDF."),
                Streamed::WrongType => problem = Some("A visit summary must be a PDF."),
                Streamed::TooLarge => problem = Some("The file is larger than 50 MB."),
            },
            _ => return Err(AppError::CsrfRejected),
        }
    }
    let visit_date = Date::parse(
        visit.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok();
    let title = crate::domain::contact::clean_text(&title, 200, false).unwrap_or_default();
    let (Some(object), Some(visit_date), None) = (stored.clone(), visit_date, problem) else {
        if let Some(object) = stored {
            state.files.discard(&object.key).await;
        }
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
    crate::portal::summaries::insert(
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
