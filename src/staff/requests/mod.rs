//! One request in the staff workspace: the detail page and the workflow actions.

mod actions;
mod assignments;
mod detail;
pub(super) mod flash;
mod invoices;
mod payments;
mod revocation;
mod signature;
mod uploads;

pub use detail::refused;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{id}", get(detail::show_request))
        .route("/staff/requests/{id}/letter", get(detail::show_letter))
        .route("/staff/requests/{id}/letter.pdf", get(detail::letter_pdf))
        .route(
            "/staff/requests/{id}/disclosures",
            get(detail::show_disclosures),
        )
        .route(
            "/staff/requests/{id}/uploads/{file}",
            get(uploads::show_upload),
        )
        .route(
            "/staff/requests/{id}/assign",
            post(assignments::assign_to_me),
        )
        .route(
            "/staff/requests/{id}/start-verifying",
            post(actions::start_verifying),
        )
        .route("/staff/requests/{id}/verify", post(actions::mark_verified))
        .route(
            "/staff/requests/{id}/request-info",
            post(actions::request_info),
        )
        .route(
            "/staff/requests/{id}/info-received",
            post(actions::info_received),
        )
        .route("/staff/requests/{id}/pages", post(actions::record_pages))
        .route(
            "/staff/requests/{id}/approve",
            post(assignments::approve_release),
        )
        .route(
            "/staff/requests/{id}/extend",
            post(assignments::extend_deadline),
        )
        .route("/staff/requests/{id}/deny", post(actions::deny))
        .route(
            "/staff/requests/{id}/authorization/revoke",
            post(revocation::revoke_authorization),
        )
        .route(
            "/staff/requests/{id}/authorization/signing-link",
            post(signature::send_signing_link),
        )
        .route(
            "/staff/requests/{id}/authorization/paper",
            post(signature::check_paper),
        )
        .route(
            "/staff/requests/{id}/authorization/paper-instead",
            post(signature::use_paper),
        )
        .route("/staff/requests/{id}/withdraw", post(actions::withdraw))
        .route(
            "/staff/requests/{id}/payments",
            post(payments::record_entry),
        )
        .route("/staff/requests/{id}/invoice", get(invoices::show_invoice))
        .route(
            "/staff/requests/{id}/invoice.pdf",
            get(invoices::invoice_pdf),
        )
}
