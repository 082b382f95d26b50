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
async fn static_files_are_served_locally_and_unknown_paths_are_404(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let css = app.get("/static/uswds/css/uswds.min.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(
        css.headers.get("cache-control").unwrap(),
        "public, max-age=3600"
    );
    assert_eq!(
        app.get("/static/js/request-form.js").await.status,
        StatusCode::OK
    );
    assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
}
