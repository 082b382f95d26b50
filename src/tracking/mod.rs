//! The requester's private status page, reached by a token from an email: status, dates,
//! messages (with an answer form while we wait for information) and any denial letter.

mod page;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/track/{token}", get(page::show_tracking))
        .route("/track/{token}/reply", post(page::reply))
        .route("/track/{token}/letter", get(page::show_letter))
        .route("/track/{token}/invoice", get(page::show_invoice))
        .route("/track/{token}/invoice.pdf", get(page::invoice_pdf))
}

/// Records a tracking link's hash; every link made for a request stays valid.
pub async fn insert_token(
    db: impl sqlx::PgExecutor<'_>,
    request_id: uuid::Uuid,
    hash: &[u8; 32],
    at: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into tracking_tokens (token_hash, request_id, created_at) values ($1, $2, $3)",
        &hash[..],
        request_id,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Plain words for each status, and what the requester can expect.
pub fn describe_status(status: &str) -> (&'static str, &'static str) {
    match status {
        "received" => (
            "Received",
            "We have your request and will start checking it soon.",
        ),
        "verifying" => (
            "Being checked",
            "Our records staff are checking the request and the patient's identity.",
        ),
        "needs_info" => (
            "We need more information",
            "Please read our email and answer from this page or call us.",
        ),
        "in_fulfillment" => (
            "Being prepared",
            "We are gathering and copying the records.",
        ),
        "awaiting_payment" => (
            "Waiting for payment",
            "We sent an invoice. We release the records once it is paid.",
        ),
        "ready_to_release" => (
            "Ready to send",
            "The records are ready and will be sent shortly.",
        ),
        "released" => ("Sent", "The records were sent the way you chose."),
        "completed" => ("Completed", "The records were delivered."),
        "denied" => (
            "Denied",
            "We sent you a letter explaining why and how to ask for a review.",
        ),
        "withdrawn" => ("Withdrawn", "The request was withdrawn."),
        _ => ("In progress", ""),
    }
}
