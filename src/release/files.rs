//! The records to release: staff upload them (PDFs, images, DICOM, studies as zip; hundreds
//! of megabytes) straight into the object store; a row appears only for a whole file.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CSRF_FIELD, CsrfToken};
use crate::intake::uploads::{StreamLimits, Streamed, sanitize_filename, stream_field, unreadable};
use crate::staff::auth::AnyStaff;
use crate::state::AppState;

pub const RELEASE_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/dicom",
    "application/zip",
];

#[derive(Debug, Clone)]
pub struct ReleaseFile {
    pub id: Uuid,
    pub object_key: String,
    pub display_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub uploaded_at: OffsetDateTime,
}

impl ReleaseFile {
    /// What kind of file, in words: shown before the date of birth, where the name (which
    /// staff chose and may name the patient) is not.
    pub fn kind(&self) -> &'static str {
        match self.content_type.as_str() {
            "application/pdf" => "PDF",
            "image/jpeg" | "image/png" => "image",
            "application/dicom" => "DICOM image",
            "application/zip" => "zip archive",
            _ => "file",
        }
    }

    /// "2.4 MB", for people.
    pub fn size(&self) -> String {
        let bytes = self.size_bytes as f64;
        if bytes >= 1024.0 * 1024.0 {
            format!("{:.1} MB", bytes / (1024.0 * 1024.0))
        } else {
            format!("{:.0} KB", (bytes / 1024.0).ceil())
        }
    }
}

pub async fn list(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
) -> Result<Vec<ReleaseFile>, sqlx::Error> {
    sqlx::query_as!(
        ReleaseFile,
        r#"select id, object_key, display_name, content_type, size_bytes, sha256, uploaded_at
           from release_files where request_id = $1 order by uploaded_at, id"#,
        request_id
    )
    .fetch_all(db)
    .await
}

/// Statuses in which records may be added: after verification, before release.
const UPLOAD_STATUSES: [&str; 3] = ["in_fulfillment", "awaiting_payment", "ready_to_release"];

/// `POST /staff/requests/{id}/files`: one or more `file` fields after the CSRF token.
pub async fn upload(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let status = sqlx::query_scalar!("select status from requests where id = $1", id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !UPLOAD_STATUSES.contains(&status.as_str()) {
        return crate::staff::requests::refused(
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
    let mut stored = Vec::new();
    let mut csrf_checked = false;
    let mut problem = None;
    let outcome: AppResult<()> = async {
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            match field.name().unwrap_or_default() {
                CSRF_FIELD => {
                    let value = field.text().await.map_err(unreadable)?;
                    csrf.verify(&value)?;
                    csrf_checked = true;
                }
                "file" if csrf_checked => {
                    let name = sanitize_filename(field.file_name().unwrap_or_default());
                    match stream_field(field, &state.files, &limits).await? {
                        Streamed::Stored {
                            object,
                            content_type,
                        } => stored.push((name, object, content_type)),
                        Streamed::Empty => {}
                        Streamed::WrongType => {
                            problem = Some(format!(
                                "{name} was not added: it must be a PDF, JPEG, PNG, DICOM file or a zip of a study."
                            ))
                        }
                        Streamed::TooLarge => {
                            problem = Some(format!(
                                "{name} was not added: it is larger than {} MB.",
                                limits.max_bytes / (1024 * 1024)
                            ))
                        }
                    }
                }
                _ => return Err(AppError::CsrfRejected),
            }
        }
        Ok(())
    }
    .await;
    if let Err(error) = outcome {
        discard(&state, &stored).await;
        return Err(error);
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for (name, object, content_type) in &stored {
        sqlx::query!(
            r#"insert into release_files (id, request_id, object_key, display_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
            Uuid::now_v7(),
            id,
            object.key,
            name,
            content_type,
            i64::try_from(object.size_bytes).unwrap_or(i64::MAX),
            &object.sha256[..],
            user.id,
            now
        )
        .execute(&mut *tx)
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
        discard(&state, &stored).await;
        return Err(error.into());
    }
    match problem {
        Some(why) => crate::staff::requests::refused(&state, user, &csrf, id, why).await,
        None if stored.is_empty() => {
            crate::staff::requests::refused(&state, user, &csrf, id, "Choose a file to add.".into())
                .await
        }
        None => Ok(Redirect::to(&format!("/staff/requests/{id}#release")).into_response()),
    }
}

async fn discard(state: &AppState, stored: &[(String, crate::storage::StoredObject, &str)]) {
    for (_, object, _) in stored {
        state.files.discard(&object.key).await;
    }
}
