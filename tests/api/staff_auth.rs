//! Staff sign-in: sessions renewed at sign-in, idle and absolute timeouts, disabled
//! accounts, throttling, and every protected route refusing anonymous visitors.

use axum::http::StatusCode;
use records_portal::staff::PROTECTED_ROUTES;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use time::Duration;

use crate::helpers::{STAFF_PASSWORD, TestApp, create_staff};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_signs_in_sees_the_queue_and_signs_out(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let queue = app.get("/staff/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Request queue"));
    app.post_staff("/staff/logout", &[])
        .await
        .assert_redirect_to("/staff/login");
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    assert_eq!(
        app.count("audit_log where action = 'staff.signed_in'")
            .await,
        1
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    create_staff(&db, Role::Clerk, "clerk@practice.test").await;
    let wrong = app
        .sign_in("clerk@practice.test", "not the password at all")
        .await;
    let unknown = app
        .sign_in("nobody@practice.test", "not the password at all")
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "The email address or password is not right";
    assert!(wrong.body.contains(message) && unknown.body.contains(message));
    assert!(
        !wrong.body.contains("not the password"),
        "the password is never echoed"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_protected_staff_route_sends_an_anonymous_visitor_to_sign_in(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = uuid::Uuid::now_v7().to_string();
    for (method, path) in PROTECTED_ROUTES {
        let path = path.replace("{id}", &id);
        let response = match *method {
            "GET" => app.get(&path).await,
            _ => app.post_staff(&path, &[]).await,
        };
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{method} {path}");
        assert_eq!(response.location(), "/staff/login", "{method} {path}");
    }
    // And paths nobody listed still do not leak anything.
    assert_eq!(
        app.get("/staff/anything-else").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_session_id_is_replaced_at_sign_in_and_stored_only_hashed(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.csrf_token().await;
    // A fixated id planted before sign-in must not survive it.
    let planted = "dGhpcy1pcy1hLXBsYW50ZWQtaWQ";
    app.set_cookie("rp_staff", planted);
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let cookie = app.cookie("rp_staff").expect("a session cookie");
    assert_ne!(cookie, planted);
    let stored: Vec<String> = sqlx::query_scalar("select id from tower_sessions.session")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored.iter().any(|id| cookie.contains(id.as_str())),
        "the cookie's id is not what the table holds"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn fifteen_idle_minutes_sign_a_clerk_out(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    app.clock.advance(Duration::minutes(14));
    assert_eq!(
        app.get("/staff/queue").await.status,
        StatusCode::OK,
        "activity renews the idle timer"
    );
    app.clock.advance(Duration::minutes(14));
    assert_eq!(app.get("/staff/queue").await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(16));
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_session_ends_after_twelve_hours_however_active(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    for _ in 0..72 {
        app.clock.advance(Duration::minutes(10));
        assert_eq!(app.get("/staff/queue").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(10));
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn disabling_an_account_ends_its_session_and_its_sign_ins(db: PgPool) {
    let mut clerk = TestApp::spawn(db.clone()).await;
    let clerk_id = clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    admin
        .post_staff(&format!("/staff/admin/staff/{clerk_id}/disable"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    clerk
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    assert_eq!(
        clerk
            .sign_in("clerk@practice.test", STAFF_PASSWORD)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn guessing_is_throttled_for_fifteen_minutes_not_for_good(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    create_staff(&db, Role::Clerk, "clerk@practice.test").await;
    for _ in 0..10 {
        assert_eq!(
            app.sign_in("clerk@practice.test", "a wrong guess here")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let locked = app.sign_in("clerk@practice.test", STAFF_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.headers.get("retry-after").is_some());
    app.clock.advance(Duration::minutes(15));
    app.sign_in("clerk@practice.test", STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/queue");
}
