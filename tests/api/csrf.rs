//! Forged or stale forms are refused and change nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use records_portal::intake::sample::patient_form;
use sqlx::PgPool;

use crate::helpers::{TestApp, with_csrf, with_value};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn review_without_a_token_is_refused_and_keeps_the_answers(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.csrf_token().await;
    let page = app.post_form("/requests/review", &patient_form()).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("For your security"));
    assert!(page.body.contains("value=\"Jordan Avery Example\""));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_submission_without_or_with_a_wrong_token_stores_nothing(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.csrf_token().await;
    let no_token = with_value(&patient_form(), "action", "submit");
    assert_eq!(
        app.post_multipart("/requests", &no_token, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let wrong = with_csrf(&no_token, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(
        app.post_multipart("/requests", &wrong, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("requests").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn another_visitors_token_does_not_work(db: PgPool) {
    let mut alice = TestApp::spawn(db.clone()).await;
    let alices_token = alice.csrf_token().await;
    let mut mallory = TestApp::spawn(db).await;
    mallory.csrf_token().await;
    let form = with_value(
        &with_csrf(&patient_form(), &alices_token),
        "action",
        "submit",
    );
    assert_eq!(
        mallory.post_multipart("/requests", &form, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(mallory.count("requests").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_post_from_a_foreign_origin_is_refused(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let request = Request::post("/requests/review")
        .header(header::ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("requester_type=self"))
        .unwrap();
    assert_eq!(app.request(request).await.status, StatusCode::FORBIDDEN);
}
