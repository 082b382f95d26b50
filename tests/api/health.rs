//! Probes, security headers, static files and the start page.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn liveness_and_readiness_answer(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(
        (ready.status, ready.body.as_str()),
        (StatusCode::OK, "ready")
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn readiness_fails_when_the_database_is_gone(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.db.close().await;
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_start_page_explains_every_way_and_carries_security_headers(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "patient portal",
        "/requests/new",
        "$0.65 a page, at most $6.50",
        "$15.00",
        "$25.00",
        "3 to 5 business days",
        "Connie",
        "local director of health",
        "continuing care",
    ] {
        assert!(page.body.contains(text), "start page mentions {text}");
    }
    let csp = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(page.headers.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(
        page.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert!(page.headers.get("x-request-id").is_some());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn static_files_have_hashed_names_a_year_of_cache_and_compression(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let page = app.get("/").await;
    let href = records_portal::assets::url("css/uswds.css");
    assert!(
        page.body.contains(&format!("href=\"{href}\"")),
        "{}",
        page.body
    );
    assert_ne!(href, "/static/css/uswds.css", "a content-hashed name");

    let plain = app.get(&href).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(
        plain.headers.get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(plain.headers.get("vary").unwrap(), "Accept-Encoding");
    assert!(plain.headers.get("content-encoding").is_none());
    assert!(
        plain.body.len() < 60_000,
        "only the styles used: {} bytes",
        plain.body.len()
    );
    for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let request = axum::http::Request::get(&href)
            .header("accept-encoding", accept)
            .body(axum::body::Body::empty())
            .unwrap();
        let answer = app.request(request).await;
        assert_eq!(answer.headers.get("content-encoding").unwrap(), coding);
        assert!(
            answer.headers["content-length"]
                .to_str()
                .unwrap()
                .parse::<usize>()
                .unwrap()
                < 10_000
        );
    }

    // A plain name still answers (an old page), cached for an hour only.
    let old = app.get("/static/js/request-form.js").await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(
        old.headers.get("cache-control").unwrap(),
        "public, max-age=3600"
    );
    // Pages carrying CSRF tokens are never compressed (BREACH).
    let form = axum::http::Request::get("/requests/new")
        .header("accept-encoding", "gzip, br")
        .body(axum::body::Body::empty())
        .unwrap();
    assert!(
        app.request(form)
            .await
            .headers
            .get("content-encoding")
            .is_none()
    );
    // The full USWDS sheet is only the source of the subset.
    for missing in [
        "/static/uswds/css/uswds.min.css",
        "/no/such/page",
        "/static/../Cargo.toml",
    ] {
        assert_eq!(
            app.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

/// `static/css/uswds.css` is the USWDS subset the pages use (scripts/build-css): a class
/// written in a template, a script or Rust code (with its breakpoint prefix, as in
/// `tablet:grid-col-4`) whose rules are missing from it means the subset needs regenerating.
#[test]
fn every_uswds_class_used_is_shipped() {
    use std::collections::BTreeSet;
    /// The class names in CSS selectors, unescaped (`.tablet\:grid-col-4`).
    fn css_classes(selectors: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut chars = selectors.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '.' {
                continue;
            }
            let mut name = String::new();
            while let Some(&next) = chars.peek() {
                if next == '\\' {
                    chars.next();
                    name.extend(chars.next());
                } else if next.is_ascii_alphanumeric() || next == '-' || next == '_' {
                    name.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                out.insert(name);
            }
        }
        out
    }
    fn read_all(dir: &str, ext: &str, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                read_all(path.to_str().unwrap(), ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut text = String::new();
    read_all("templates", "html", &mut text);
    read_all("static/js", "js", &mut text);
    read_all("src", "rs", &mut text);
    // Every word that could be a class name, breakpoint prefix included.
    let used: BTreeSet<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
        .collect();
    // A rule is needed when every class of one of its selectors is used.
    let selectors = |css: &str| -> Vec<BTreeSet<String>> {
        css.split('}')
            .filter_map(|block| block.split('{').rev().nth(1))
            .flat_map(|list| list.split(',').map(css_classes).collect::<Vec<_>>())
            .collect()
    };
    let full = std::fs::read_to_string("static/uswds/css/uswds.min.css").unwrap();
    let needed: BTreeSet<String> = selectors(&full)
        .into_iter()
        .filter(|classes| !classes.is_empty() && classes.iter().all(|c| used.contains(c.as_str())))
        .flatten()
        .collect();
    let shipped: BTreeSet<String> =
        selectors(&std::fs::read_to_string("static/css/uswds.css").unwrap())
            .into_iter()
            .flatten()
            .collect();
    assert!(
        needed.contains("tablet:grid-col-4"),
        "the queue's filters use it"
    );
    let missing: Vec<_> = needed.difference(&shipped).collect();
    assert!(
        missing.is_empty(),
        "run scripts/build-css: {missing:?} are used but not shipped"
    );
}
