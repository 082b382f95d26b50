//! The whole journey in the browser: the patient files, the clerk verifies and prices, the
//! payment is recorded, the clerk uploads and releases, the patient downloads by link.

use std::time::{Duration, Instant};

use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, download_dir, fill_request_for_jordan, headless_chromium, screenshot_path,
    serve, sign_in_staff, type_into, wait_for_text,
};
use crate::helpers::{create_staff, pdf_bytes};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn file_verify_price_pay_release_download(db: PgPool) {
    let (app, base) = serve(db).await;
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;
    let upload = app.scratch.join("mri-study.pdf");
    std::fs::create_dir_all(&app.scratch).unwrap();
    std::fs::write(&upload, pdf_bytes()).unwrap();
    let saved = download_dir().join("mri-study.pdf");
    let _ = std::fs::remove_file(&saved);

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;

    // The patient, on a phone.
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}/requests/new")).await.unwrap();
    fill_request_for_jordan(&driver).await;
    click(&driver, "#request-form button[type='submit']").await;
    wait_for_text(&driver, "Check your request").await;
    click(&driver, "button[value='submit']").await;
    wait_for_text(&driver, "Thank you").await;
    let id: uuid::Uuid = sqlx::query_scalar("select id from requests")
        .fetch_one(&app.db)
        .await
        .unwrap();

    // The clerk, at a desk.
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    click(&driver, &format!("a[href='/staff/requests/{id}']")).await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/verify'] button"),
    )
    .await;
    wait_for_text(&driver, "Page count of the documents").await;
    type_into(&driver, "page_count", "0").await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/pages'] button"),
    )
    .await;
    wait_for_text(&driver, "Balance due: $15.00").await;
    assert_eq!(app.status_of(id).await, "awaiting_payment");

    // The patient pays by phone; the clerk records it.
    click(&driver, "#payments ~ details summary").await;
    type_into(&driver, "amount", "15.00").await;
    click(&driver, "#entry-method option[value='card']").await;
    type_into(&driver, "reference", "card ending 4242").await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/payments'] button[type='submit']"),
    )
    .await;
    wait_for_text(&driver, "Balance due: $0.00").await;
    assert_eq!(app.status_of(id).await, "ready_to_release");

    driver
        .find(By::Id("release-file"))
        .await
        .unwrap()
        .send_keys(upload.to_string_lossy().as_ref())
        .await
        .unwrap();
    click(&driver, "#release-upload button[type='submit']").await;
    wait_for_text(&driver, "mri-study.pdf (application/pdf").await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/release'] button"),
    )
    .await;
    // The last look: what goes, to whom, how; then release.
    wait_for_text(&driver, "Nothing has been sent yet").await;
    click(&driver, "#confirm-release").await;
    wait_for_text(&driver, "Download links").await;
    driver
        .screenshot(&screenshot_path("journey-released-1280.png"))
        .await
        .unwrap();

    // The patient again, from the email.
    let link = crate::release::download_path(&app).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}{link}")).await.unwrap();
    type_into(&driver, "dob_month", "4").await;
    type_into(&driver, "dob_day", "28").await;
    type_into(&driver, "dob_year", "1986").await;
    click(&driver, "button[name='file']").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&saved).map(|m| m.len()).unwrap_or(0) != pdf_bytes().len() as u64 {
        assert!(Instant::now() < deadline, "the records never arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver.quit().await.unwrap();
    assert_eq!(app.status_of(id).await, "completed");
    let history: Vec<String> = sqlx::query_scalar(
        "select to_status from request_status_history where request_id = $1 order by at, id",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        history,
        [
            "received",
            "in_fulfillment",
            "awaiting_payment",
            "ready_to_release",
            "released",
            "completed"
        ]
    );
}
