//! The one error type handlers return: a plain page for people, details in the log only.

use askama::Template;

use crate::i18n::Lang;
use crate::i18n::Site;
use askama_web::WebTemplate;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    SignInRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("the request could not be read")]
    BadRequest,
    #[error("the request is larger than allowed")]
    PayloadTooLarge,
    #[error("the form was not sent from this site or has expired")]
    CsrfRejected,
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    /// More requests than the server takes at once (see `http::admission`).
    #[error("the server is busy")]
    Overloaded,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("file storage error: {0}")]
    Storage(#[from] object_store::Error),
    #[error("template error: {0}")]
    Template(#[from] askama::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Template, WebTemplate)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    site: Site,
    title: String,
    message: String,
}

impl AppError {
    /// The status, and the catalog id of the page's words (`<id>-title`, `<id>-text`).
    fn public(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
            AppError::SignInRequired => (StatusCode::SEE_OTHER, "error-sign-in"),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, "error-bad-request"),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            AppError::CsrfRejected => (StatusCode::FORBIDDEN, "error-csrf"),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "error-rate-limited"),
            AppError::Overloaded => (StatusCode::SERVICE_UNAVAILABLE, "error-busy"),
            AppError::Storage(error) if out_of_space(error) => {
                (StatusCode::INSUFFICIENT_STORAGE, "error-no-space")
            }
            AppError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => {
                (StatusCode::SERVICE_UNAVAILABLE, "error-unavailable")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "error-internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignInRequired = self {
            return axum::response::Redirect::to("/staff/login").into_response();
        }
        let (status, id) = self.public();
        // Refusals under overload are counted by the admission layer, not logged one by one.
        if status.is_server_error() && !matches!(self, AppError::Overloaded) {
            // Logged once, here; the text is the error chain, never the request's data.
            tracing::error!(error = %self, "request failed");
        }
        let page = Site::for_error_page().map(|site| ErrorPage {
            title: site.t(&format!("{id}-title")),
            message: site.t(&format!("{id}-text")),
            site,
        });
        let mut response = match page.map(|p| p.render()) {
            Some(Ok(html)) => (status, axum::response::Html(html)).into_response(),
            _ => (status, Lang::En.t(&format!("{id}-text"))).into_response(),
        };
        let retry_after = match self {
            AppError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            AppError::Overloaded => Some(2),
            _ if status == StatusCode::SERVICE_UNAVAILABLE => Some(5),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Whether a storage failure is a full disk (or quota): the store's error wraps the
/// operating system's somewhere down its chain.
fn out_of_space(error: &object_store::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            )
        {
            return true;
        }
        cause = current.source();
    }
    false
}

/// Why the server could not start: a bad data file, storage or database.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Schedule(#[from] crate::domain::fees::ScheduleError),
    #[error(transparent)]
    MasterKey(#[from] crate::sealing::KeyError),
    #[error(transparent)]
    Calendar(#[from] crate::domain::calendar::CalendarError),
    #[error("file storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error("cannot read {path}: {source}")]
    DataFile {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot create {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}
