//! The one error type handlers return: a plain page for people, details in the log only.

use askama::Template;
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
    title: &'static str,
    message: &'static str,
}

impl AppError {
    fn public(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "We could not find that page. If you followed a link from an email, it may have expired.",
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Not allowed",
                "Your account does not have permission for this page or action.",
            ),
            AppError::SignInRequired => (
                StatusCode::SEE_OTHER,
                "Please sign in",
                "Please sign in to continue.",
            ),
            AppError::BadRequest => (
                StatusCode::BAD_REQUEST,
                "The form could not be read",
                "Your browser sent something we could not read. Nothing was saved. Go back and try again.",
            ),
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too large to send",
                "What you sent is larger than we accept. Nothing was saved. Go back, choose smaller files, and try again.",
            ),
            AppError::CsrfRejected => (
                StatusCode::FORBIDDEN,
                "Please try again",
                "For your security this form could not be accepted. Go back, reload the page and send it again.",
            ),
            AppError::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests",
                "We received many requests from your connection. Please wait a few minutes and try again, or call the records office.",
            ),
            AppError::Overloaded => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Busy: please try again",
                "Many people are using the records service right now. Nothing you sent was saved. Please try again in a few seconds.",
            ),
            AppError::Storage(error) if out_of_space(error) => (
                StatusCode::INSUFFICIENT_STORAGE,
                "Files cannot be saved right now",
                "We cannot store files at the moment. Nothing you sent was saved. Please try again later, or call the records office.",
            ),
            AppError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                "The records service is busy or briefly unavailable. Nothing you sent was saved. Please try again in a minute.",
            ),
            _ => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "Sorry, something went wrong on our side. Nothing you sent was saved. Please try again, or call the records office.",
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignInRequired = self {
            return axum::response::Redirect::to("/staff/login").into_response();
        }
        let (status, title, message) = self.public();
        // Refusals under overload are counted by the admission layer, not logged one by one.
        if status.is_server_error() && !matches!(self, AppError::Overloaded) {
            // Logged once, here; the text is the error chain, never the request's data.
            tracing::error!(error = %self, "request failed");
        }
        let mut response = match (ErrorPage { title, message }).render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(_) => (status, message).into_response(),
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
