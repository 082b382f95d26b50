//! FHIR responses: resources as `application/fhir+json`, and every refusal as an
//! OperationOutcome with the status FHIR and OAuth ask for. Nothing about a patient is
//! ever in an outcome's text.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::AppError;

pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

/// A resource (or Bundle) to send.
pub struct Fhir(pub Value);

impl IntoResponse for Fhir {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))],
            self.0.to_string(),
        )
            .into_response()
    }
}

#[derive(Debug)]
pub enum FhirError {
    /// No token, or one that is expired, revoked or unknown.
    Unauthorized,
    /// The token's scopes do not cover this.
    InsufficientScope,
    /// Not there, or not the token's patient's: the same answer either way.
    NotFound,
    /// A search parameter or id this server cannot read.
    Invalid(&'static str),
    Internal(AppError),
}

impl From<AppError> for FhirError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => FhirError::NotFound,
            other => FhirError::Internal(other),
        }
    }
}

impl From<sqlx::Error> for FhirError {
    fn from(error: sqlx::Error) -> Self {
        FhirError::Internal(AppError::Database(error))
    }
}

pub type FhirResult<T> = Result<T, FhirError>;

fn outcome(status: StatusCode, code: &str, text: &str) -> Response {
    let body = json!({
        "resourceType": "OperationOutcome",
        "issue": [{ "severity": "error", "code": code, "diagnostics": text }]
    });
    (status, Fhir(body)).into_response()
}

/// RFC 6750 3: a refused bearer token says why in `WWW-Authenticate`.
fn challenge(mut response: Response, value: &'static str) -> Response {
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(value));
    response
}

impl IntoResponse for FhirError {
    fn into_response(self) -> Response {
        match self {
            FhirError::Unauthorized => challenge(
                outcome(
                    StatusCode::UNAUTHORIZED,
                    "login",
                    "A valid access token is required.",
                ),
                "Bearer error=\"invalid_token\"",
            ),
            FhirError::InsufficientScope => challenge(
                outcome(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "The access token's scopes do not allow this.",
                ),
                "Bearer error=\"insufficient_scope\"",
            ),
            FhirError::NotFound => outcome(StatusCode::NOT_FOUND, "not-found", "No such resource."),
            FhirError::Invalid(why) => outcome(StatusCode::BAD_REQUEST, "invalid", why),
            FhirError::Internal(error) => {
                let status = error.into_response().status();
                if status.is_server_error() {
                    outcome(
                        status,
                        "exception",
                        "The server could not answer; try again.",
                    )
                } else {
                    outcome(status, "throttled", "Try again later.")
                }
            }
        }
    }
}
