//! `GET /metrics`: Prometheus's scrape, from loopback (with no proxy in between) or with the
//! bearer token from `METRICS_TOKEN`. The counters are this instance's; the gauges about
//! requests and email are read from the database at each scrape, so every instance reports
//! the same values for them (alert on `max`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;
use time::Duration;

use crate::domain::calendar::practice_date;
use crate::domain::workflow::Status;
use crate::error::AppResult;
use crate::metrics::{DeadlineLabels, Metrics, StatusLabels};
use crate::state::AppState;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Headers a reverse proxy adds: a request through a proxy on this host is not local.
const FORWARDING: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

fn allowed(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    let local = peer.is_some_and(|p| p.ip().is_loopback())
        && FORWARDING.iter().all(|name| !headers.contains_key(*name));
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token_ok = match (&state.config.metrics_token, presented) {
        (Some(expected), Some(given)) => {
            let expected = expected.expose_secret().as_bytes();
            !expected.is_empty() && bool::from(expected.ct_eq(given.as_bytes()))
        }
        _ => false,
    };
    local || token_ok
}

pub async fn scrape(State(state): State<AppState>, request: Parts) -> AppResult<Response> {
    let peer = request
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(p)| *p);
    if !allowed(&state, peer, &request.headers) {
        let refusal = (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics: from loopback, or with the bearer token\n",
        );
        return Ok(refusal.into_response());
    }
    read_gauges(&state.db, &state.metrics, state.clock.now()).await?;
    let body = state.metrics.encode();
    Ok(([(header::CONTENT_TYPE, OPENMETRICS)], body).into_response())
}

/// Sets the gauges read from the database: open requests by status, the oldest open one,
/// those near or past their legal deadline, and the outbox.
async fn read_gauges(
    db: &sqlx::PgPool,
    metrics: &Metrics,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let today = practice_date(now);
    let open = crate::requests::counts::open_by_status(db).await?;
    for status in Status::OPEN {
        let count = open
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n);
        let labels = StatusLabels {
            status: status.code().to_owned(),
        };
        metrics.open_requests.get_or_create(&labels).set(count);
    }
    let row = sqlx::query!(
        r#"select min(received_at) as oldest,
                  count(*) filter (where legal_due_on < $2) as "past!",
                  count(*) filter (where legal_due_on >= $2 and legal_due_on <= $3) as "near!"
           from requests where status = any($1)"#,
        Status::OPEN as _,
        today,
        today + Duration::days(3)
    )
    .fetch_one(db)
    .await?;
    metrics
        .oldest_open_request_age
        .set(row.oldest.map_or(0, |at| (now - at).whole_seconds()));
    let deadline = |deadline| DeadlineLabels { deadline };
    metrics
        .requests_near_deadline
        .get_or_create(&deadline("past"))
        .set(row.past);
    metrics
        .requests_near_deadline
        .get_or_create(&deadline("within_3_days"))
        .set(row.near);
    let outbox = sqlx::query!(
        r#"select count(*) filter (where failed_at is null) as "waiting!",
                  min(created_at) filter (where failed_at is null) as oldest,
                  count(*) filter (where failed_at is not null) as "failed!"
           from email_outbox where sent_at is null and given_up_at is null"#
    )
    .fetch_one(db)
    .await?;
    metrics.outbox_backlog.set(outbox.waiting);
    metrics.outbox_oldest_unsent_age.set(
        outbox
            .oldest
            .map_or(0, |at| (now - at).whole_seconds().max(0)),
    );
    metrics.outbox_failed.set(outbox.failed);
    Ok(())
}
