//! A patient files a request on a phone-sized screen.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{ChromeDriver, follow_link, headless_chromium, screenshot_path, serve};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_files_a_request_on_a_phone(db: PgPool) {
    let (app, base) = serve(db).await;
    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();

    driver.goto(format!("{base}/")).await.unwrap();
    follow_link(&driver, "Request records").await;

    super::fill_request_for_jordan(&driver).await;

    // The live estimate (JavaScript) agrees with the fee engine: MRI by secure link, $15.
    let estimate = driver.find(By::Id("fee-estimate-text")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !estimate.text().await.unwrap_or_default().contains("$15.00") {
        assert!(
            Instant::now() < deadline,
            "the live estimate never showed $15.00"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
        .screenshot(&screenshot_path("request-form-390.png"))
        .await
        .unwrap();

    driver
        .find(By::Css("#request-form button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver
        .query(By::XPath("//h1[contains(., 'Check your request')]"))
        .first()
        .await
        .unwrap();
    assert!(driver.source().await.unwrap().contains("$15.00"));
    driver
        .screenshot(&screenshot_path("request-review-390.png"))
        .await
        .unwrap();

    let send = driver
        .find(By::Css("button[value='submit']"))
        .await
        .unwrap();
    send.scroll_into_view().await.unwrap();
    send.click().await.unwrap();
    let heading = match driver.query(By::Css("h1.usa-alert__heading")).first().await {
        Ok(heading) => heading,
        Err(error) => {
            driver
                .screenshot(&screenshot_path("request-failed-390.png"))
                .await
                .unwrap();
            panic!(
                "no confirmation at {:?}: {error}\n{}",
                driver.current_url().await,
                driver.source().await.unwrap_or_default()
            );
        }
    };
    assert!(heading.text().await.unwrap().contains("Thank you"));
    assert!(
        driver
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/requests/confirmation")
    );
    assert!(driver.source().await.unwrap().contains("RP-2026-000001"));
    driver
        .screenshot(&screenshot_path("request-confirmation-390.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();

    assert_eq!(app.count("requests").await, 1);
}
