//! Registration, confirmation, sign-in, password reset, and what none of them gives away.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{PATIENT_PASSWORD, confirm_latest, emailed_path, jordan, register, sign_in};
use crate::helpers::TestApp;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_account_signs_in_only_after_its_email_is_confirmed(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    register(
        &mut app,
        "Jordan Avery Example",
        ("4", "28", "1986"),
        "jordan@example.com",
    )
    .await
    .assert_redirect_to("/account/register/sent");
    let early = sign_in(&mut app, "jordan@example.com", PATIENT_PASSWORD).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("Confirm your email first"));
    // GET only shows a button: a mail scanner following the link confirms nothing.
    let path = emailed_path(&app, "confirm_email", "/account/confirm/").await;
    assert_eq!(app.get(&path).await.status, StatusCode::OK);
    assert_eq!(
        app.count("patient_accounts where email_confirmed_at is not null")
            .await,
        0
    );
    confirm_latest(&mut app).await;
    sign_in(&mut app, "jordan@example.com", PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
    let home = app.get("/account").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Jordan Avery Example"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn bad_registrations_come_back_with_every_value_but_the_password(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("legal_name".into(), "Jordan <b>Example</b>".into()),
        ("dob_month".into(), "13".into()),
        ("dob_day".into(), "40".into()),
        ("dob_year".into(), "1986".into()),
        ("email".into(), "not-an-email".into()),
        ("password".into(), "password123".into()),
    ]);
    let page = app.post_form("/account/register", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["Date of birth", "email address", "characters"] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.contains("value=\"not-an-email\""));
    assert!(page.body.contains("Jordan &#60;b&#62;Example&#60;/b&#62;"));
    assert!(!page.body.contains("password123"));
    assert_eq!(app.count("patient_accounts").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn no_reply_tells_whether_an_email_is_registered(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    jordan(&mut app).await;
    let token = app.csrf_token().await;
    let logout = FormValues::new(vec![("csrf_token".into(), token)]);
    app.post_form("/account/logout", &logout).await;

    let again = register(
        &mut app,
        "Someone Else",
        ("1", "2", "1990"),
        "jordan@example.com",
    )
    .await;
    let fresh = register(
        &mut app,
        "Someone Else",
        ("1", "2", "1990"),
        "someone@example.com",
    )
    .await;
    assert_eq!(
        (again.status, again.location()),
        (fresh.status, fresh.location())
    );

    let wrong_password = sign_in(&mut app, "jordan@example.com", "not the password at all").await;
    let unknown = sign_in(&mut app, "nobody@example.com", "not the password at all").await;
    assert_eq!(wrong_password.status, unknown.status);
    assert_eq!(
        wrong_password.body.replace("jordan@example.com", "X"),
        unknown
            .body
            .replace("nobody@example.com", "X")
            .replace(&unknown.csrf_token(), &wrong_password.csrf_token())
    );

    for email in ["jordan@example.com", "nobody@example.com"] {
        let token = app.csrf_token().await;
        let form = FormValues::new(vec![
            ("csrf_token".into(), token),
            ("email".into(), email.into()),
        ]);
        app.post_form("/account/reset", &form)
            .await
            .assert_redirect_to("/account/reset/sent");
    }
    assert_eq!(
        app.count("email_outbox where kind = 'password_reset'")
            .await,
        1
    );
}

async fn ask_reset(app: &mut TestApp) -> String {
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("email".into(), "jordan@example.com".into()),
    ]);
    app.post_form("/account/reset", &form).await;
    emailed_path(app, "password_reset", "/account/reset/").await
}

async fn set_password(
    app: &mut TestApp,
    path: &str,
    password: &str,
) -> crate::helpers::TestResponse {
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("password".into(), password.into()),
    ]);
    app.post_form(path, &form).await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_reset_link_works_once_briefly_and_ends_other_sessions(db: PgPool) {
    let mut other_device = TestApp::spawn(db.clone()).await;
    jordan(&mut other_device).await;
    let mut app = TestApp::spawn(db).await;
    let path = ask_reset(&mut app).await;
    let weak = set_password(&mut app, &path, "short").await;
    assert_eq!(
        weak.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "policy first, token kept"
    );
    set_password(&mut app, &path, "copper willow tundra beacon")
        .await
        .assert_redirect_to("/account/login?reset=1");
    assert_eq!(
        set_password(&mut app, &path, "another fine long phrase")
            .await
            .status,
        StatusCode::GONE,
        "single use"
    );
    sign_in(
        &mut app,
        "jordan@example.com",
        "copper willow tundra beacon",
    )
    .await
    .assert_redirect_to("/account");
    assert_eq!(
        sign_in(&mut app, "jordan@example.com", PATIENT_PASSWORD)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    other_device
        .get("/account")
        .await
        .assert_redirect_to("/account/login");

    let stale = ask_reset(&mut app).await;
    app.clock.advance(time::Duration::minutes(31));
    assert_eq!(
        app.get(&stale).await.status,
        StatusCode::GONE,
        "expired after 30 minutes"
    );
    assert_eq!(
        set_password(&mut app, &stale, "yet another long phrase")
            .await
            .status,
        StatusCode::GONE
    );
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select token_hash from account_tokens")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert!(
        stored.iter().all(|h| h.len() == 32),
        "only hashes are stored"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn patient_and_staff_sessions_never_open_each_others_pages(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    jordan(&mut patient).await;
    patient
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    let mut staff = TestApp::spawn(db).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    staff
        .get("/account")
        .await
        .assert_redirect_to("/account/login");
    // The cookies are different names: one cannot stand in for the other.
    let patient_cookie = patient.cookie("rp_patient").expect("a patient session");
    staff.set_cookie("rp_staff", &patient_cookie);
    staff
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn thirty_idle_minutes_sign_a_patient_out(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    jordan(&mut app).await;
    app.clock.advance(time::Duration::minutes(29));
    assert_eq!(app.get("/account").await.status, StatusCode::OK);
    app.clock.advance(time::Duration::minutes(31));
    app.get("/account")
        .await
        .assert_redirect_to("/account/login");
}
