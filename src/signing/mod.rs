//! The patient's signing page (`/sign/{token}`): a third party's request emails the
//! patient a link; the patient confirms their date of birth, reads the whole
//! authorization, and signs it or says no. The link, the signature and the paper check
//! live in the core (`requests::signing`).

mod page;
mod queries;
mod signature;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/sign/{token}", get(page::show).post(page::answer))
}
