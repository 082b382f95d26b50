//! Staff getting records to the requester: uploading the files to release, the release by
//! delivery method with its disclosure row, and revoking or re-issuing download links.

mod deliver;
mod files;
mod links;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// The release routes; the staff router puts them behind its sign-in check.
pub fn router(release_max_bytes: u64) -> Router<AppState> {
    // Several files per post; each is held to the limit while it streams.
    let upload_limit = usize::try_from(release_max_bytes.saturating_mul(4)).unwrap_or(usize::MAX);
    Router::new()
        .route(
            "/staff/requests/{id}/files",
            post(files::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/staff/requests/{id}/files/{file}",
            get(files::show_release_file),
        )
        .route(
            "/staff/requests/{id}/files/remove",
            post(files::remove_release_file),
        )
        .route("/staff/requests/{id}/release", post(deliver::release))
        .route("/staff/requests/{id}/links", post(links::reissue))
        .route("/staff/requests/{id}/links/revoke", post(links::revoke))
}
