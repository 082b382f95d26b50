//! Patients may turn on the second factors staff must have: an authenticator app (with
//! recovery codes) and passkeys. Each refusal has its test: a wrong code, a code used twice,
//! a recovery code used twice, a change without a recent sign-in, another patient's passkey,
//! and staff who may not turn it off.

use axum::http::StatusCode;
use records_portal::accounts::totp;
use records_portal::clock::Clock;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{PATIENT_PASSWORD, jordan, sign_in};
use crate::helpers::{TestApp, secret_on_page};

const JORDAN: &str = "jordan@example.com";

fn code(app: &TestApp, secret: &[u8]) -> String {
    let step = app.clock.now().unix_timestamp() / totp::STEP_SECS;
    format!("{:06}", totp::code_at(secret, step))
}

/// Turns the app on from "How you sign in"; the secret and the recovery codes shown.
async fn turn_on_app(app: &mut TestApp) -> (Vec<u8>, Vec<String>) {
    let page = app.get("/account/security/app").await;
    assert_eq!(page.status, StatusCode::OK);
    let secret = secret_on_page(&page.body);
    let wrong = app
        .post_staff("/account/security/app", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("That code is not right"));
    let right = code(app, &secret);
    let shown = app
        .post_staff("/account/security/app", &[("code", &right)])
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let codes: Vec<String> = shown
        .body
        .split("<li><code>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

/// The code step after the password.
async fn second_step(app: &mut TestApp, typed: &str) -> crate::helpers::TestResponse {
    app.post_staff("/account/login/code", &[("code", typed)])
        .await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_turns_on_an_app_and_then_signs_in_with_its_code(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    jordan(&mut app).await;
    let off = app.get("/account/security").await;
    assert!(off.body.contains("<strong>Off.</strong>"));
    let (secret, recovery) = turn_on_app(&mut app).await;
    let told = app
        .one::<i64>("select count(*) from email_outbox where kind = 'patient_sign_in_changed'")
        .await;
    assert_eq!(told, 1);

    // The password alone no longer opens the portal.
    let mut phone = TestApp::spawn(app.db.clone()).await;
    sign_in(&mut phone, JORDAN, PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account/login/code");
    phone
        .get("/account")
        .await
        .assert_redirect_to("/account/login");
    let wrong = second_step(&mut phone, "123456").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("aria-invalid=\"true\""));
    app.clock.advance(time::Duration::seconds(30));
    let now_code = code(&app, &secret);
    second_step(&mut phone, &now_code)
        .await
        .assert_redirect_to("/account");
    assert_eq!(phone.get("/account").await.status, StatusCode::OK);

    // The same code a second time, from another browser, is refused.
    let mut thief = TestApp::spawn(app.db.clone()).await;
    sign_in(&mut thief, JORDAN, PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account/login/code");
    let reused = second_step(&mut thief, &now_code).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A recovery code works once.
    second_step(&mut thief, &recovery[0])
        .await
        .assert_redirect_to("/account");
    let mut again = TestApp::spawn(app.db.clone()).await;
    sign_in(&mut again, JORDAN, PATIENT_PASSWORD).await;
    let spent = second_step(&mut again, &recovery[0]).await;
    assert_eq!(spent.status, StatusCode::UNPROCESSABLE_ENTITY);
    let failures = app
        .one::<i64>("select count(*) from audit_log where action = 'patient.sign_in_failed'")
        .await;
    assert_eq!(failures, 3);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn changes_ask_for_the_password_and_code_again_after_fifteen_minutes(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    jordan(&mut app).await;
    let (secret, _) = turn_on_app(&mut app).await;
    // Still active, but the factors were given twenty minutes ago.
    app.clock.advance(time::Duration::minutes(10));
    app.get("/account").await;
    app.clock.advance(time::Duration::minutes(10));
    let page = app.get("/account/security").await;
    assert!(page.body.contains("Confirm it is you"));
    app.post_staff("/account/security/off", &[])
        .await
        .assert_redirect_to("/account/security");
    let still = app
        .one::<i64>("select count(*) from totp_authenticators where confirmed_at is not null")
        .await;
    assert_eq!(still, 1, "nothing changed");
    let wrong = app
        .post_staff(
            "/account/security/confirm",
            &[("password", "not it"), ("code", &code(&app, &secret))],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("That password is not right"));
    app.clock.advance(time::Duration::seconds(30));
    app.post_staff(
        "/account/security/confirm",
        &[
            ("password", PATIENT_PASSWORD),
            ("code", &code(&app, &secret)),
        ],
    )
    .await
    .assert_redirect_to("/account/security");
    app.post_staff("/account/security/off", &[])
        .await
        .assert_redirect_to("/account/security");
    let mut later = TestApp::spawn(app.db.clone()).await;
    sign_in(&mut later, JORDAN, PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_change_ends_the_other_sessions_and_another_patients_passkey_is_not_found(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = jordan(&mut app).await;
    let mut laptop = TestApp::spawn(app.db.clone()).await;
    sign_in(&mut laptop, JORDAN, PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
    turn_on_app(&mut app).await;
    laptop
        .get("/account")
        .await
        .assert_redirect_to("/account/login");
    assert_eq!(app.get("/account").await.status, StatusCode::OK);

    sqlx::query("insert into passkeys (id, patient_account_id, credential_id, passkey, name, created_at) values (gen_random_uuid(), $1, '\\x01', '{}', 'Phone', now())")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let key: uuid::Uuid = app.one("select id from passkeys").await;
    let mut other = TestApp::spawn(app.db.clone()).await;
    super::register(
        &mut other,
        "Sam Other",
        ("1", "2", "1990"),
        "sam@example.com",
    )
    .await;
    super::confirm_latest(&mut other).await;
    sign_in(&mut other, "sam@example.com", PATIENT_PASSWORD).await;
    let refused = other
        .post_staff(&format!("/account/security/passkeys/{key}/remove"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.one::<i64>("select count(*) from passkeys").await, 1);
    app.post_staff(&format!("/account/security/passkeys/{key}/remove"), &[])
        .await
        .assert_redirect_to("/account/security");
    assert_eq!(app.one::<i64>("select count(*) from passkeys").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_admin_turns_it_off_for_a_patient_who_lost_their_phone(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = jordan(&mut app).await;
    turn_on_app(&mut app).await;
    let path = format!("/staff/patients/{id}/reset-second-factor");
    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let refused = clerk.post_staff(&path, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut admin = TestApp::spawn(app.db.clone()).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let page = admin.get(&format!("/staff/patients/{id}")).await;
    assert!(page.body.contains("Turn off two-step sign-in"));
    admin
        .post_staff(&path, &[])
        .await
        .assert_redirect_to(&format!("/staff/patients/{id}"));
    app.get("/account")
        .await
        .assert_redirect_to("/account/login");
    sign_in(&mut app, JORDAN, PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
    let audited = app
        .one::<i64>(
            "select count(*) from audit_log where action = 'patient_account.second_factor_reset'",
        )
        .await;
    assert_eq!(audited, 1);
}
