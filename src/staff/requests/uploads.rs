//! `GET /staff/requests/{id}/uploads/{file}`: a file the requester attached (a photo ID, a
//! signed authorization), which the clerk must see to verify the request. Streamed with its
//! integrity checked, as a download (never rendered by the browser), every view audited.

use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::staff::auth::AnyStaff;
use crate::staff::queries::actions as queries;
use crate::state::AppState;

pub async fn show_upload(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    // The same shape as a released file, so both stream through one checked path.
    let upload = queries::requester_upload(&state.db, id, file)
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
    crate::files::serve::stream(&state, &upload).await
}
