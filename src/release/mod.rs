//! Getting records to the requester: files uploaded for release, the release itself by
//! delivery method with its disclosure row, and secure download links.

pub mod deliver;
pub mod download;
pub mod files;
pub mod links;
mod staff_links;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// Staff routes; the staff router puts them behind its sign-in check.
pub fn staff_router(release_max_bytes: u64) -> Router<AppState> {
    // Several files per post; each is held to the limit while it streams.
    let upload_limit = usize::try_from(release_max_bytes.saturating_mul(4)).unwrap_or(usize::MAX);
    Router::new()
        .route(
            "/staff/requests/{id}/files",
            post(files::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/staff/requests/{id}/release", post(deliver::release))
        .route("/staff/requests/{id}/links", post(staff_links::reissue))
        .route(
            "/staff/requests/{id}/links/revoke",
            post(staff_links::revoke),
        )
}

/// The requester's secure download.
pub fn router() -> Router<AppState> {
    Router::new().route("/d/{token}", get(download::show).post(download::redeem))
}
