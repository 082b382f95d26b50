//! Counts and times every response by method, matched route and status. `Router::layer`
//! wraps each route, so the matched route is already in the request (as for the trace span):
//! a raw path with its ids and tokens never becomes a label; what no route matched is
//! `unmatched`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::{HttpLabels, Metrics, RouteLabels};

/// Counts and times the response.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = match request.extensions().get::<MatchedPath>() {
        _ if request.uri().path().starts_with("/static/") => "/static/{file}".to_owned(),
        Some(matched) => matched.as_str().to_owned(),
        None => "unmatched".to_owned(),
    };
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics
        .http_duration
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .http_requests
        .get_or_create(&HttpLabels {
            method,
            route,
            status,
        })
        .inc();
    response
}

/// A fixed set: a made-up method does not make a new series.
fn method_label(method: &Method) -> String {
    match *method {
        Method::GET | Method::HEAD | Method::POST | Method::PUT | Method::DELETE => {
            method.as_str().to_owned()
        }
        _ => "OTHER".to_owned(),
    }
}
