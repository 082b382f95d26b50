//! The records to release: staff upload them (PDFs, images, DICOM, studies as zip; hundreds
//! of megabytes) straight into the object store; a row appears only for a whole file.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use super::super::auth::{AnyRole, AnyStaff, RequestAction};
use super::super::requests::flash::done_at_release;
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::files::multipart::{StreamLimits, Streamed, read_form};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::staff::queries::release as queries;
use crate::state::AppState;

pub const RELEASE_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/dicom",
    "application/zip",
];

/// `POST /staff/requests/{id}/files`: one or more `file` fields after the CSRF token.
pub async fn upload(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> AppResult<Response> {
    let status = queries::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !status.accepts_release_files() {
        return super::super::requests::refused(
            &state,
            user,
            &csrf,
            id,
            "Records can be added once the request is verified and until it is released.".into(),
        )
        .await;
    }
    let limits = StreamLimits {
        allowed: RELEASE_TYPES,
        folder: "release",
        max_bytes: state.config.release_max_bytes,
    };
    let form = read_form(multipart, &csrf, &state.files, |name| {
        (name == "file").then_some(limits)
    })
    .await?;
    let mut stored = Vec::new();
    let mut problem = None;
    for file in &form.files {
        let name = &file.file_name;
        match &file.outcome {
            Streamed::Stored {
                object,
                content_type,
            } => stored.push((name, object, *content_type)),
            Streamed::Empty => {}
            Streamed::WrongType => {
                problem = Some(format!(
                    "{name} was not added: it must be a PDF, JPEG, PNG, DICOM file or a zip of a study."
                ))
            }
            Streamed::TooLarge => {
                problem = Some(format!(
                    "{name} was not added: it is larger than {} MB.",
                    state.config.release_max_bytes / (1024 * 1024)
                ))
            }
        }
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for (name, object, content_type) in &stored {
        queries::insert_release_file(&mut *tx, id, object, name, content_type, user.id, now)
            .await?;
    }
    if !stored.is_empty() {
        audit::record(
            &mut *tx,
            Actor::Staff(user.id),
            "release.files_uploaded",
            Some(id),
            ip,
            serde_json::json!({ "files": stored.len() }),
            now,
        )
        .await?;
    }
    if let Err(error) = tx.commit().await {
        form.discard(&state.files).await;
        return Err(error.into());
    }
    match problem {
        Some(why) => super::super::requests::refused(&state, user, &csrf, id, why).await,
        None if stored.is_empty() => {
            super::super::requests::refused(&state, user, &csrf, id, "Choose a file to add.".into())
                .await
        }
        None => Ok(done_at_release(id, "uploaded")),
    }
}

/// `GET /staff/requests/{id}/files/{file}`: a clerk opens a file before releasing it.
/// Streamed with its integrity checked, as a download; every view audited.
pub async fn show_release_file(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let stored = queries::release_file(&state.db, id, file)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &state.db,
        Actor::Staff(user.id),
        "release.file_viewed",
        Some(id),
        ip,
        serde_json::json!({ "file": file }),
        state.clock.now(),
    )
    .await?;
    crate::files::serve::stream(&state, &stored).await
}

/// `POST /staff/requests/{id}/files/{file}/remove`: a wrong file taken back out, only
/// before the release; the row stays, marked, and the stored object is discarded.
pub async fn remove_release_file(act: RequestAction<AnyRole>) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let Ok(file) = Uuid::parse_str(act.form.get("file")) else {
        return Err(AppError::NotFound);
    };
    let now = state.clock.now();
    let stored = queries::release_file(&state.db, id, file)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let status = queries::lock_status(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !status.accepts_release_files() {
        drop(tx);
        let why = "Records cannot be removed once they are released.".to_owned();
        return super::super::requests::refused(state, act.user, &act.csrf, id, why).await;
    }
    if !queries::remove_release_file(&mut *tx, id, file, user.id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "release.file_removed",
        Some(id),
        ip,
        serde_json::json!({ "file": file }),
        now,
    )
    .await?;
    tx.commit().await?;
    state.files.discard(&stored.object_key).await;
    Ok(done_at_release(id, "file_removed"))
}
