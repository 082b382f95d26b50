//! Admission control: a cap on the requests handled at once. Past it a request waits a
//! moment for a turn, then is answered 503 with Retry-After, so that an overloaded server
//! keeps its answers fast for the requests it takes instead of slowing every one of them
//! until they all time out.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct Admission {
    turns: Arc<Semaphore>,
    wait: Duration,
    refused: Arc<RefusalLog>,
    metrics: Option<Arc<crate::metrics::Metrics>>,
}

impl Admission {
    pub fn new(max_concurrent: usize, wait: Duration) -> Self {
        Admission {
            turns: Arc::new(Semaphore::new(max_concurrent.max(1))),
            wait,
            refused: Arc::new(RefusalLog::new()),
            metrics: None,
        }
    }

    /// Counts each refusal in `metrics` too.
    pub fn counting_refusals_in(mut self, metrics: Arc<crate::metrics::Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }
}

/// Health probes skip the line: a load balancer must see a busy instance as alive.
fn exempt(request: &Request) -> bool {
    matches!(request.uri().path(), "/healthz" | "/readyz")
}

pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    if exempt(&request) {
        return next.run(request).await;
    }
    let turn = tokio::time::timeout(admission.wait, admission.turns.clone().acquire_owned()).await;
    match turn {
        Ok(Ok(_turn)) => next.run(request).await,
        _ => {
            admission.refused.count();
            if let Some(metrics) = &admission.metrics {
                metrics.admission_refusals.inc();
            }
            AppError::Overloaded.into_response()
        }
    }
}

/// Counts refusals and logs them at most once a second: one line per refusal would
/// flood the log exactly when the server has least to spare.
struct RefusalLog {
    since_last_line: AtomicU64,
    last_line_at: std::sync::Mutex<Instant>,
}

impl RefusalLog {
    fn new() -> Self {
        RefusalLog {
            since_last_line: AtomicU64::new(0),
            last_line_at: std::sync::Mutex::new(Instant::now() - Duration::from_secs(1)),
        }
    }

    fn count(&self) {
        self.since_last_line.fetch_add(1, Ordering::Relaxed);
        let Ok(mut last) = self.last_line_at.try_lock() else {
            return;
        };
        if last.elapsed() >= Duration::from_secs(1) {
            *last = Instant::now();
            let refused = self.since_last_line.swap(0, Ordering::Relaxed);
            tracing::warn!(refused, "server busy: requests refused with 503");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{StatusCode, header};
    use axum::routing::get;
    use std::sync::Arc;
    use tokio::sync::Notify;
    use tower::ServiceExt;

    /// One turn; a handler that holds it until released.
    fn app(release: Arc<Notify>) -> Router {
        let admission = Admission::new(1, Duration::from_millis(50));
        Router::new()
            .route(
                "/slow",
                get(move || async move {
                    release.notified().await;
                    "done"
                }),
            )
            .route("/healthz", get(|| async { "ok" }))
            .route("/fast", get(|| async { "fast" }))
            .layer(axum::middleware::from_fn_with_state(admission, admit))
    }

    fn get_request(path: &str) -> Request {
        Request::builder().uri(path).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn past_the_cap_a_request_is_refused_with_retry_after_and_probes_still_answer() {
        let release = Arc::new(Notify::new());
        let app = app(release.clone());
        let holder = tokio::spawn(app.clone().oneshot(get_request("/slow")));
        tokio::time::sleep(Duration::from_millis(20)).await;

        let refused = app.clone().oneshot(get_request("/fast")).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "2");
        let probe = app.clone().oneshot(get_request("/healthz")).await.unwrap();
        assert_eq!(probe.status(), StatusCode::OK);

        release.notify_one();
        assert_eq!(holder.await.unwrap().unwrap().status(), StatusCode::OK);
        // The turn is back: the next request is served.
        let served = app.oneshot(get_request("/fast")).await.unwrap();
        assert_eq!(served.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn a_request_that_waits_less_than_the_limit_for_its_turn_is_served() {
        let release = Arc::new(Notify::new());
        let app = app(release.clone());
        let holder = tokio::spawn(app.clone().oneshot(get_request("/slow")));
        tokio::time::sleep(Duration::from_millis(10)).await;
        let waiter = tokio::spawn(app.clone().oneshot(get_request("/fast")));
        tokio::time::sleep(Duration::from_millis(10)).await;
        release.notify_one();
        assert_eq!(holder.await.unwrap().unwrap().status(), StatusCode::OK);
        assert_eq!(waiter.await.unwrap().unwrap().status(), StatusCode::OK);
    }
}
