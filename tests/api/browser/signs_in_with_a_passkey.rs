//! A real WebAuthn ceremony in Chromium with the WebDriver virtual authenticator: a clerk
//! adds a passkey from the account page, then signs in with it instead of the password and
//! the code; a patient does the same from "How you sign in".

use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::common::command::FormatRequestData;
use thirtyfour::prelude::*;
use thirtyfour::{RequestData, SessionId};

use super::{
    ChromeDriver, click, headless_chromium, screenshot_path, sign_in_staff, type_into,
    wait_for_text,
};
use crate::helpers::create_staff;
use crate::portal::PATIENT_PASSWORD;

/// W3C WebAuthn's "Add Virtual Authenticator": a platform authenticator that verifies the
/// user (as a fingerprint would) without anyone there.
#[derive(Debug)]
struct AddVirtualAuthenticator;

impl FormatRequestData for AddVirtualAuthenticator {
    fn format_request(&self, session: &SessionId) -> RequestData {
        RequestData::new(
            axum::http::Method::POST,
            format!("/session/{session}/webauthn/authenticator"),
        )
        .add_body(serde_json::json!({
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": true,
            "hasUserVerification": true,
            "isUserConsenting": true,
            "isUserVerified": true,
        }))
    }
}

/// Adds a passkey on the account page at `page` (the virtual authenticator answers), and
/// checks it is listed.
async fn add_passkey(driver: &WebDriver, page: &str, screenshot: &str) {
    driver.goto(page).await.unwrap();
    click(driver, "#passkey-add").await;
    let listed = driver.query(By::Id("passkey-list")).first().await;
    assert!(
        listed.is_ok(),
        "the passkey is listed: {}",
        driver.source().await.unwrap_or_default()
    );
    driver
        .screenshot(&screenshot_path(screenshot))
        .await
        .unwrap();
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_adds_a_passkey_and_signs_in_with_it(db: PgPool) {
    // WebAuthn wants a secure context and a domain for the relying party: localhost.
    let (app, base) = super::serve_as(db, "localhost").await;
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    driver.handle().cmd(AddVirtualAuthenticator).await.unwrap();
    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    add_passkey(
        &driver,
        &format!("{base}/staff/account"),
        "passkey-account-1280.png",
    )
    .await;

    // A new browser session on the same device: email, then the passkey. No password.
    driver.delete_all_cookies().await.unwrap();
    driver.goto(format!("{base}/staff/login")).await.unwrap();
    type_into(&driver, "email", "clerk@practice.test").await;
    click(&driver, "#passkey-sign-in").await;
    wait_for_text(&driver, "Apply filters").await;
    let factor: String = sqlx::query_scalar(
        "select detail->>'factor' from audit_log where action = 'staff.signed_in' order by id desc limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(factor, "passkey");
    driver.quit().await.unwrap();
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_adds_a_passkey_and_signs_in_with_it(db: PgPool) {
    let (app, base) = super::serve_as(db, "localhost").await;
    let hash = records_portal::accounts::password::hash(PATIENT_PASSWORD.to_owned().into())
        .await
        .unwrap();
    sqlx::query(
        "insert into patient_accounts (id, email, legal_name, date_of_birth, password_hash, email_confirmed_at, created_at) values (gen_random_uuid(), 'jordan@example.com', 'Jordan Avery Example', '1986-04-28', $1, now(), now())",
    )
    .bind(hash)
    .execute(&app.db)
    .await
    .unwrap();

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.handle().cmd(AddVirtualAuthenticator).await.unwrap();
    super::sign_in_patient(&driver, &base, "jordan@example.com", "Your patient portal").await;
    let security = format!("{base}/account/security");
    add_passkey(&driver, &security, "patient-security-390.png").await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    driver
        .screenshot(&screenshot_path("patient-security-1280.png"))
        .await
        .unwrap();

    // The password alone no longer signs in: the passkey is the second step.
    driver.delete_all_cookies().await.unwrap();
    super::sign_in_patient(&driver, &base, "jordan@example.com", "One more step").await;
    driver
        .screenshot(&screenshot_path("patient-login-second-step-1280.png"))
        .await
        .unwrap();
    click(&driver, "#passkey-sign-in").await;
    wait_for_text(&driver, "Your patient portal").await;

    // Or the passkey on its own, from the sign-in page.
    driver.delete_all_cookies().await.unwrap();
    driver.goto(format!("{base}/account/login")).await.unwrap();
    type_into(&driver, "email", "jordan@example.com").await;
    click(&driver, "#passkey-sign-in").await;
    wait_for_text(&driver, "Your patient portal").await;
    let factors: Vec<String> = sqlx::query_scalar(
        "select detail->>'factor' from audit_log where action = 'patient.signed_in' order by id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(factors, ["password", "passkey", "passkey"]);
    driver.quit().await.unwrap();
}
