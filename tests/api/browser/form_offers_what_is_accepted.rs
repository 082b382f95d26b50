//! The request form offers only what the server will accept: once an image kind is
//! chosen, the portal and fax are turned off (the estimate said "No charge" for images in
//! the portal, and the server then refused them).

use std::time::{Duration, Instant};

use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{ChromeDriver, choose, headless_chromium, serve};

async fn enabled(driver: &WebDriver, value: &str) -> bool {
    let input = driver
        .find(By::Css(format!("input[name='delivery'][value='{value}']")))
        .await
        .unwrap();
    input.is_enabled().await.unwrap()
}

async fn estimate_says(driver: &WebDriver, text: &str) {
    let estimate = driver.find(By::Id("fee-estimate-text")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !estimate.text().await.unwrap_or_default().contains(text) {
        assert!(
            Instant::now() < deadline,
            "the estimate never said {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn images_are_not_offered_for_the_portal_or_fax(db: PgPool) {
    let (_app, base) = serve(db).await;
    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.goto(format!("{base}/requests/new")).await.unwrap();

    choose(&driver, "requester_type", "self").await;
    choose(&driver, "purpose", "individual").await;
    choose(&driver, "delivery", "portal").await;
    choose(&driver, "record_kinds", "visit_notes").await;
    estimate_says(&driver, "No charge").await;
    assert!(enabled(&driver, "portal").await && enabled(&driver, "fax").await);

    choose(&driver, "record_kinds", "mri_images").await;
    estimate_says(
        &driver,
        "Images cannot be sent by fax or through the portal",
    )
    .await;
    assert!(
        !enabled(&driver, "portal").await,
        "portal is off with images"
    );
    assert!(!enabled(&driver, "fax").await, "fax is off with images");
    let portal = driver
        .find(By::Css("input[name='delivery'][value='portal']"))
        .await
        .unwrap();
    assert!(
        !portal.is_selected().await.unwrap(),
        "the refused choice is undone"
    );

    choose(&driver, "delivery", "secure_link").await;
    estimate_says(&driver, "At most $21.50").await;

    choose(&driver, "record_kinds", "mri_images").await;
    assert!(enabled(&driver, "portal").await, "back on without images");
    driver.quit().await.unwrap();
}
