//! Request intake: the public form through which anyone files a records request.

mod filing;
mod handlers;
pub mod new_request;
mod queries;
pub mod sample;
pub mod uploads;
mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use filing::{Arrival, Filing, file_request};
pub use new_request::NewRequest;

use crate::state::AppState;

pub fn router(max_upload_bytes: usize) -> Router<AppState> {
    // Three files plus the answers; the per-file limit is enforced while streaming.
    let submit_limit = 3 * max_upload_bytes + 256 * 1024;
    Router::new()
        .route("/requests/new", get(handlers::show_request_form))
        .route("/requests/review", post(handlers::review_request))
        .route(
            "/requests",
            post(handlers::submit_request).layer(DefaultBodyLimit::max(submit_limit)),
        )
        .route("/requests/confirmation", get(handlers::show_confirmation))
}
