//! Security headers on every response: a strict CSP without inline code, no framing,
//! no sniffing, no referrer (tracking links carry tokens), and no caching of pages.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

const CSP_BEFORE_FORM_ACTION: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'";
const CSP_AFTER_FORM_ACTION: &str = "; frame-ancestors 'none'; base-uri 'none'";

/// The same policy, but a form may also end at `source` (a CSP source expression such as
/// `https://app.example` or `com.example.app:`): Chromium applies `form-action` to where a
/// form's answer redirects, and the SMART consent page's answer redirects to the app.
pub fn csp_allowing_form_to(source: &str) -> Option<HeaderValue> {
    let safe = !source.is_empty()
        && source
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".:/-+[]".contains(&b));
    safe.then(|| {
        HeaderValue::from_str(&format!(
            "{CSP_BEFORE_FORM_ACTION} {source}{CSP_AFTER_FORM_ACTION}"
        ))
        .ok()
    })
    .flatten()
}

pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    let mut router = router;
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    // A page may widen its own form-action (see `csp_allowing_form_to`); none may drop it.
    let csp = format!("{CSP_BEFORE_FORM_ACTION}{CSP_AFTER_FORM_ACTION}");
    router = router.layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("the policy is ASCII"),
    ));
    // Pages may show health information: never cache them. Static files set their own.
    router = router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    if https {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
}
