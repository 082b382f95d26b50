//! A patient connects an app in Chromium, as on a phone: the app sends them to the sign-in
//! page, they allow the app on the consent page and land back at the app with a code (the
//! page's CSP lets its form end at the app), then disconnect it in the portal. An admin's
//! app registry is photographed at both widths.

use axum::Router;
use axum::routing::get;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{
    ChromeDriver, click, headless_chromium, screenshot_both, serve, sign_in_staff, type_into,
    wait_for_text,
};
use crate::fhir::{authorize_query_to, patient_with_documents, query_value, register_app_to};
use crate::helpers::create_staff;

/// The app's own page that receives the code.
async fn app_callback() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/callback",
        listener.local_addr().unwrap().port()
    );
    let router = Router::new().route("/callback", get(|| async { "Health Wallet is connected" }));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_connects_an_app_and_disconnects_it(db: PgPool) {
    let (mut app, base) = serve(db.clone()).await;
    patient_with_documents(&mut app).await;
    let callback = app_callback().await;
    let (client_id, _) = register_app_to(&db, false, &callback).await;
    let query = authorize_query_to(
        &app,
        &client_id,
        "launch/patient patient/*.rs offline_access",
        &callback,
    );

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}{query}")).await.unwrap();
    wait_for_text(&driver, "An app is asking to read your records").await;
    type_into(&driver, "email", "jordan@example.com").await;
    type_into(&driver, "password", crate::portal::PATIENT_PASSWORD).await;
    click(
        &driver,
        "form[action='/account/login'] button[type='submit']",
    )
    .await;
    wait_for_text(&driver, "Allow Health Wallet to read your records?").await;
    screenshot_both(&driver, "fhir-consent").await;
    click(&driver, "button[value='allow']").await;
    wait_for_text(&driver, "Health Wallet is connected").await;
    let landed = driver.current_url().await.unwrap().to_string();
    assert!(landed.starts_with(&callback), "{landed}");
    assert!(query_value(&landed, "code").is_some());
    assert_eq!(query_value(&landed, "state").as_deref(), Some("xyz-state"));

    driver.goto(format!("{base}/account/apps")).await.unwrap();
    wait_for_text(&driver, "may read").await;
    screenshot_both(&driver, "portal-apps").await;
    click(&driver, "form[action$='/disconnect'] button").await;
    wait_for_text(&driver, "The app is disconnected").await;

    driver.goto(format!("{base}/#apps")).await.unwrap();
    screenshot_both(&driver, "home-apps").await;

    create_staff(&db, Role::Admin, "admin@practice.test").await;
    sign_in_staff(&driver, &base, "admin@practice.test").await;
    driver
        .goto(format!("{base}/staff/admin/apps"))
        .await
        .unwrap();
    wait_for_text(&driver, "Register an app").await;
    screenshot_both(&driver, "staff-admin-apps").await;
    driver.quit().await.unwrap();
}
