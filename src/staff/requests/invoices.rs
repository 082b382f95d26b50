//! The invoice of a request, for staff: the printable page and the PDF that was emailed.

use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use crate::billing::invoice;
use crate::error::{AppError, AppResult};
use crate::letters::LetterPage;
use crate::staff::auth::AnyStaff;
use crate::state::AppState;

pub async fn show_invoice(
    State(state): State<AppState>,
    AnyStaff(_): AnyStaff,
    Path(id): Path<Uuid>,
) -> AppResult<LetterPage> {
    let href = format!("/staff/requests/{id}/invoice.pdf");
    invoice::view(&state.db, id, &state.config, href)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn invoice_pdf(
    State(state): State<AppState>,
    AnyStaff(_): AnyStaff,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (number, bytes) = invoice::pdf(&state.db, id).await?;
    Ok(crate::letters::response(&number, bytes))
}
