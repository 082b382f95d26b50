//! The application: every feature router merged in one place, with the shared layers.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;

use crate::accounts::patient_session::PATIENT_SESSIONS;
use crate::error::AppError;
use crate::http::{admission, csrf, language, metrics as http_metrics, security_headers};
use crate::state::AppState;
use crate::{
    assets, fee_quote, fhir, health, home, intake, languages, portal, release, signing, staff,
    telemetry, tracking,
};

/// Forms and JSON are small; the routes that take files raise their own limit.
const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// The application state, with the shipped fee schedule registered as a version (so every
/// version a request was priced under can be read back); for the server, the commands and
/// the tests.
pub async fn start_state(
    config: crate::config::Config,
    db: sqlx::PgPool,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
) -> Result<AppState, crate::error::StartupError> {
    let state = AppState::new(config, db, clock).await?;
    crate::practice::fee_schedules::register_shipped(&state.db, &state.fees).await?;
    Ok(state)
}

/// The application as the server and the tests run it.
pub fn build_router(state: AppState) -> Router {
    let config = state.config.clone();
    let admission =
        admission::Admission::new(config.max_concurrent_requests, config.admission_wait)
            .counting_refusals_in(state.metrics.clone());
    let https = config.base_url.starts_with("https://");
    let csrf = csrf::CsrfContext {
        signer: state.signer.clone(),
        secure_cookies: https,
    };
    let origin_check = CsrfLayer::new()
        .add_trusted_origin(&config.base_url)
        .unwrap_or_else(|_| CsrfLayer::new());

    let static_files = Router::new().route("/static/{*file}", axum::routing::get(assets::serve));

    // The patient session rides on the portal and on the request form (which links a
    // request filed while signed in); staff pages have their own session and cookie.
    let patient_pages = Router::new()
        .merge(portal::router(&state))
        .merge(intake::router(config.upload_max_bytes))
        .merge(fhir::consent_router())
        .merge(languages::router())
        .layer(PATIENT_SESSIONS.layer(&state));
    let app = Router::new()
        .merge(home::router())
        .merge(patient_pages)
        .merge(tracking::router())
        .merge(release::router())
        .merge(signing::router())
        .merge(fee_quote::router())
        .merge(health::router())
        .merge(staff::router(&state))
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(csrf, csrf::csrf_cookie))
        .layer(origin_check)
        .merge(static_files)
        // Apps call the FHIR API with bearer tokens from anywhere: outside the Origin check.
        .merge(fhir::api_router())
        .layer(DefaultBodyLimit::max(DEFAULT_BODY_LIMIT));
    security_headers::apply(app, https)
        .layer(middleware::from_fn_with_state(
            std::sync::Arc::new(config.practice.clone()),
            language::negotiate,
        ))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn_with_state(admission, admission::admit))
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            http_metrics::track,
        ))
        .layer(telemetry::trace_layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::COOKIE,
            header::AUTHORIZATION,
        ]))
        .with_state(state)
}

/// Two minutes for anything, except staff uploading records for release: a study of
/// hundreds of megabytes over an office connection takes longer.
async fn time_limit(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let upload = request.method() == axum::http::Method::POST
        && request.uri().path().starts_with("/staff/requests/")
        && request.uri().path().ends_with("/files");
    let limit = Duration::from_secs(if upload { 60 * 60 } else { 120 });
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}
