//! Prometheus metrics (`prometheus-client`): what the HTTP layer, the download and sign-in
//! paths and admission control count as they go, and the gauges read from the database at
//! each scrape (`health::metrics`). Labels are fixed sets or matched routes, never a raw
//! path, an address or anything about a patient.

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// The matched route (`/staff/requests/{id}`), or `unmatched`.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum Download {
    /// A requester's secure link (`/d/{token}`).
    SecureLink,
    /// A record released to the patient's portal.
    Portal,
    /// A visit summary from the portal.
    VisitSummary,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DownloadLabels {
    pub kind: Download,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum Who {
    Staff,
    Patient,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WhoLabels {
    pub who: Who,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DeadlineLabels {
    /// `within_3_days` of the legal deadline, or `past` it.
    pub deadline: &'static str,
}

/// Every metric this instance serves.
pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<HttpLabels, Counter>,
    pub http_duration: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pub downloads: Family<DownloadLabels, Counter>,
    pub sign_in_failures: Family<WhoLabels, Counter>,
    pub admission_refusals: Counter,
    pub open_requests: Family<StatusLabels, Gauge>,
    pub oldest_open_request_age: Gauge,
    pub requests_near_deadline: Family<DeadlineLabels, Gauge>,
    pub outbox_backlog: Gauge,
    pub outbox_oldest_unsent_age: Gauge,
    pub outbox_failed: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

fn latency_histogram() -> Histogram {
    Histogram::new([
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ])
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, matched route and status",
            http_requests.clone(),
        );
        let http_duration =
            Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                latency_histogram,
            );
        registry.register_with_unit(
            "http_request_duration",
            "Time to the response head, by method and matched route (a streamed file goes on after)",
            Unit::Seconds,
            http_duration.clone(),
        );
        let downloads = Family::<DownloadLabels, Counter>::default();
        registry.register(
            "downloads",
            "Files handed out: secure links, portal records, visit summaries",
            downloads.clone(),
        );
        let sign_in_failures = Family::<WhoLabels, Counter>::default();
        registry.register(
            "sign_in_failures",
            "Failed sign-ins (wrong password, code or passkey)",
            sign_in_failures.clone(),
        );
        let admission_refusals = Counter::default();
        registry.register(
            "admission_refusals",
            "Requests refused with 503 because the server was at capacity",
            admission_refusals.clone(),
        );
        let open_requests = Family::<StatusLabels, Gauge>::default();
        registry.register(
            "records_requests_open",
            "Open records requests by status (from the database at scrape time)",
            open_requests.clone(),
        );
        let oldest_open_request_age = Gauge::default();
        registry.register_with_unit(
            "records_oldest_open_request_age",
            "Age of the oldest open request",
            Unit::Seconds,
            oldest_open_request_age.clone(),
        );
        let requests_near_deadline = Family::<DeadlineLabels, Gauge>::default();
        registry.register(
            "records_requests_by_deadline",
            "Open requests within 3 days of their legal deadline, or past it",
            requests_near_deadline.clone(),
        );
        let outbox_backlog = Gauge::default();
        registry.register(
            "email_outbox_backlog",
            "Emails waiting to be sent (not failed)",
            outbox_backlog.clone(),
        );
        let outbox_oldest_unsent_age = Gauge::default();
        registry.register_with_unit(
            "email_outbox_oldest_unsent_age",
            "Age of the oldest email waiting to be sent",
            Unit::Seconds,
            outbox_oldest_unsent_age.clone(),
        );
        let outbox_failed = Gauge::default();
        registry.register(
            "email_outbox_failed",
            "Emails marked failed and not yet retried or given up",
            outbox_failed.clone(),
        );
        Metrics {
            registry,
            http_requests,
            http_duration,
            downloads,
            sign_in_failures,
            admission_refusals,
            open_requests,
            oldest_open_request_age,
            requests_near_deadline,
            outbox_backlog,
            outbox_oldest_unsent_age,
            outbox_failed,
        }
    }

    /// Counts one download of `kind`.
    pub fn downloaded(&self, kind: Download) {
        self.downloads.get_or_create(&DownloadLabels { kind }).inc();
    }

    /// Counts one failed sign-in.
    pub fn sign_in_failed(&self, who: Who) {
        self.sign_in_failures
            .get_or_create(&WhoLabels { who })
            .inc();
    }

    /// The OpenMetrics text Prometheus scrapes.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
