//! Per-form CSRF tokens: a random cookie, and in each form its HMAC, compared on submit.
//! The Origin / Sec-Fetch-Site check (tower-http's `CsrfLayer`) stands in front as well.

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::crypto::{Signer, encode, random_bytes};
use crate::error::AppError;
use crate::forms::{CSRF_FIELD, FormValues};

pub const CSRF_COOKIE: &str = "rp_csrf";
const PURPOSE: &str = "csrf";

/// The token this visitor's forms must carry back.
#[derive(Debug, Clone)]
pub struct CsrfToken {
    expected: String,
}

impl CsrfToken {
    /// The token a form must carry, for code that reads a form outside a request (the
    /// fuzz targets); requests get theirs from the cookie through the extractor.
    pub fn expecting(value: impl Into<String>) -> Self {
        CsrfToken {
            expected: value.into(),
        }
    }

    pub fn value(&self) -> &str {
        &self.expected
    }

    /// Constant-time comparison with the token the form sent.
    pub fn verify(&self, submitted: &str) -> Result<(), AppError> {
        let (a, b) = (self.expected.as_bytes(), submitted.as_bytes());
        let same =
            a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if same {
            Ok(())
        } else {
            Err(AppError::CsrfRejected)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal("CSRF middleware is not installed".into()))
    }
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Gives every visitor a CSRF cookie and makes their token available to handlers.
pub async fn csrf_cookie(
    State(ctx): State<CsrfContext>,
    mut request: Request,
    next: Next,
) -> Response {
    let existing = cookie_value(request.headers(), CSRF_COOKIE)
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned);
    let (nonce, fresh) = match existing {
        Some(nonce) => (nonce, false),
        None => (encode(&random_bytes::<32>()), true),
    };
    let expected = ctx.signer.sign(PURPOSE, nonce.as_bytes());
    request.extensions_mut().insert(CsrfToken { expected });
    let mut response = next.run(request).await;
    if fresh {
        let secure = if ctx.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{CSRF_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[derive(Clone)]
pub struct CsrfContext {
    pub signer: Signer,
    pub secure_cookies: bool,
}

/// A submitted urlencoded form whose CSRF token has been checked.
pub struct CsrfForm(pub FormValues);

impl<S: Send + Sync> FromRequest<S> for CsrfForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let csrf = request
            .extensions()
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal("CSRF middleware is not installed".into()))?;
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest
                }
            })?;
        let form = FormValues::new(pairs);
        csrf.verify(form.get(CSRF_FIELD))?;
        Ok(CsrfForm(form))
    }
}
