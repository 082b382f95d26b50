//! The requester's private status page, reached by a token from an email: status, dates,
//! messages (with an answer form while we wait for information) and any denial letter.

mod page;
mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/track/{token}", get(page::show_tracking))
        .route("/track/{token}/reply", post(page::reply))
        .route("/track/{token}/revoke", post(page::revoke_authorization))
        .route("/track/{token}/letter", get(page::show_letter))
        .route("/track/{token}/letter.pdf", get(page::letter_pdf))
        .route("/track/{token}/extension", get(page::show_extension))
        .route("/track/{token}/extension.pdf", get(page::extension_pdf))
        .route("/track/{token}/receipt", get(page::show_receipt))
        .route("/track/{token}/receipt.pdf", get(page::receipt_pdf))
        .route("/track/{token}/disclosures", get(page::show_disclosures))
        .route("/track/{token}/disclosures.pdf", get(page::disclosures_pdf))
        .route("/track/{token}/invoice", get(page::show_invoice))
        .route("/track/{token}/invoice.pdf", get(page::invoice_pdf))
}
