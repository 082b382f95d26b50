//! `POST /api/fee-quote`: the fee engine over JSON, for the form's live estimate.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use crate::domain::calendar::practice_date;
use crate::domain::fees::{self, QuoteRequest};
use crate::error::AppResult;
use crate::practice::fee_schedules;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/fee-quote",
        post(quote_fee).layer(DefaultBodyLimit::max(16 * 1024)),
    )
}

/// Unknown or malformed values get 422 with the path of the offending field.
async fn quote_fee(State(state): State<AppState>, body: Bytes) -> AppResult<Response> {
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    Ok(
        match serde_path_to_error::deserialize::<_, QuoteRequest>(&mut deserializer) {
            Ok(request) => {
                let today = practice_date(state.clock.now());
                let schedule = fee_schedules::in_effect(&state.db, today).await?;
                Json(fees::quote(&schedule, &request)).into_response()
            }
            Err(err) => {
                let field = err.path().to_string();
                let field = if field == "." { String::new() } else { field };
                let message = err.into_inner().to_string();
                // serde's message names the bad value's kind, never echoes long input.
                let message: String = message.chars().take(200).collect();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({ "error": message, "field": field })),
                )
                    .into_response()
            }
        },
    )
}
