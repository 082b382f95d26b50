//! The requester's secure download (`/d/{token}`): the date-of-birth challenge, the
//! throttle, the download count, and the stream. Staff release records from `staff/`.

mod download;
mod queries;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The requester's secure download.
pub fn router() -> Router<AppState> {
    Router::new().route("/d/{token}", get(download::show).post(download::redeem))
}
