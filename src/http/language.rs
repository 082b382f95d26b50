//! Which language to answer in: the `rp_lang` cookie (set by the switch on every page and,
//! for portal accounts, at sign-in from the account), else the browser's `Accept-Language`,
//! else English. Answers say they vary by both.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use super::csrf;
use crate::config::Practice;
use crate::i18n::{self, Lang, RequestLanguage};

pub const COOKIE: &str = "rp_lang";

/// The language a request asks for.
pub fn requested(request: &Request) -> Lang {
    csrf::cookie_value(request.headers(), COOKIE)
        .and_then(Lang::parse)
        .or_else(|| {
            request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The `Set-Cookie` value that keeps `lang` for a year.
pub fn cookie(lang: Lang, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    ))
    .expect("an ASCII cookie")
}

pub async fn negotiate(
    State(practice): State<Arc<Practice>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let switchable = i18n::is_translated(path);
    // Staff pages stay English, whatever the browser asks.
    let preferred = if path.starts_with("/staff") {
        Lang::En
    } else {
        requested(&request)
    };
    let lang = if switchable { preferred } else { Lang::En };
    // After switching language, come back here: this page if it can be fetched again,
    // else the start page (a form's answer cannot be).
    let back = if request.method() == Method::GET {
        request
            .uri()
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned())
    } else {
        "/".to_owned()
    };
    let language = RequestLanguage {
        lang,
        preferred,
        back,
        switchable,
        practice: Some(practice),
    };
    let mut response = i18n::within(language, next.run(request)).await;
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if page {
        response.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    response
}
