//! Liveness and readiness probes for the load balancer, and the metrics Prometheus scrapes.

mod metrics;

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use sqlx::PgPool;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics::scrape))
}

/// Ready when the database answers within two seconds.
async fn ready(State(db): State<PgPool>) -> (StatusCode, &'static str) {
    let probe = sqlx::query_scalar!("select 1 as \"one!\"").fetch_one(&db);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
