//! `GET /staff/requests/{id}/uploads/{file}`: a file the requester attached (a photo ID, a
//! signed authorization), which the clerk must see to verify the request. Streamed with its
//! SHA-256 checked, as a download (never rendered by the browser), every view audited.

use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::release::files::ReleaseFile;
use crate::staff::auth::AnyStaff;
use crate::state::AppState;

pub async fn show_upload(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    // The same shape as a released file, so both stream through one checked path.
    let upload = sqlx::query_as!(
        ReleaseFile,
        r#"select id, object_key, original_filename as display_name, content_type, size_bytes,
                  sha256, created_at as uploaded_at
           from uploaded_files where id = $1 and request_id = $2"#,
        file,
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    audit::record(
        &state.db,
        Actor::Staff(user.id),
        "upload.viewed",
        Some(id),
        ip,
        serde_json::json!({ "file": file }),
        state.clock.now(),
    )
    .await?;
    crate::release::download::stream(&state, &upload).await
}
