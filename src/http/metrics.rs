//! Counts and times every response by method, matched route and status. The route is read
//! after routing (a route layer notes it on the response), so a raw path with its ids and
//! tokens never becomes a label; what no route matched is `unmatched`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::{HttpLabels, Metrics, RouteLabels};

/// The matched route, carried from the route layer out to [`track`].
#[derive(Clone)]
struct Route(String);

/// A route layer: notes the matched route on the response.
pub async fn note_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// The outermost layer: counts and times the response.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let static_file = request.uri().path().starts_with("/static/");
    let response = next.run(request).await;
    let route = match response.extensions().get::<Route>() {
        Some(Route(route)) => route.clone(),
        None if static_file => "/static/{file}".to_owned(),
        None => "unmatched".to_owned(),
    };
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
