//! A new staff member's first sign-in in Chromium: the password, then the enrolment page
//! with its QR code and key; the code an authenticator app would compute from the key shown;
//! the recovery codes; the queue. Then the next sign-in asks for a code.

use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, headless_chromium, screenshot_path, serve, type_into, wait_for_text,
};
use crate::helpers::{NOW, STAFF_PASSWORD};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_new_clerk_sets_up_the_authenticator_app_at_first_sign_in(db: PgPool) {
    let (app, base) = serve(db).await;
    // An account as an admin (or create-staff) makes it: no second factor yet.
    let hash = records_portal::accounts::password::hash(STAFF_PASSWORD.to_owned().into())
        .await
        .unwrap();
    records_portal::staff::accounts::create(
        &app.db,
        "new@practice.test",
        "New Clerk",
        Role::Clerk,
        &hash,
    )
    .await
    .unwrap();

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    for width in [390, 1280] {
        driver.set_window_rect(0, 0, width, 900).await.unwrap();
        driver.goto(format!("{base}/staff/login")).await.unwrap();
        type_into(&driver, "email", "new@practice.test").await;
        type_into(&driver, "password", STAFF_PASSWORD).await;
        click(&driver, "form[action='/staff/login'] button[type='submit']").await;
        wait_for_text(&driver, "Set up your second factor").await;
        let qr = driver.find(By::Css(".totp-qr svg")).await.unwrap();
        let size = qr.rect().await.unwrap();
        assert!(
            size.width >= 150.0 && size.width <= f64::from(width),
            "the QR code fits: {size:?}"
        );
        driver
            .screenshot(&screenshot_path(&format!("enrol-{width}.png")))
            .await
            .unwrap();
        if width == 390 {
            // The first visit only looks; the enrolment is finished at 1280.
            driver.delete_all_cookies().await.unwrap();
        }
    }
    let shown = driver
        .find(By::Id("totp-secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let html = format!("<code id=\"totp-secret\">{shown}</code>");
    let secret = crate::helpers::secret_on_page(&html);
    let step = NOW.unix_timestamp() / records_portal::accounts::totp::STEP_SECS;
    let code = format!(
        "{:06}",
        records_portal::accounts::totp::code_at(&secret, step)
    );
    type_into(&driver, "code", &code).await;
    click(
        &driver,
        "form[action='/staff/login/enrol'] button[type='submit']",
    )
    .await;
    wait_for_text(&driver, "Your recovery codes").await;
    let codes = driver
        .find_all(By::Css(".recovery-codes code"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    driver
        .screenshot(&screenshot_path("recovery-codes-1280.png"))
        .await
        .unwrap();
    click(&driver, "a[href='/staff/queue']").await;
    wait_for_text(&driver, "Apply filters").await;

    // The next sign-in asks for a code from the same app.
    driver.delete_all_cookies().await.unwrap();
    driver.goto(format!("{base}/staff/login")).await.unwrap();
    type_into(&driver, "email", "new@practice.test").await;
    type_into(&driver, "password", STAFF_PASSWORD).await;
    click(&driver, "form[action='/staff/login'] button[type='submit']").await;
    wait_for_text(&driver, "Your sign-in code").await;
    let next = format!(
        "{:06}",
        records_portal::accounts::totp::code_at(&secret, step + 1)
    );
    type_into(&driver, "code", &next).await;
    click(
        &driver,
        "form[action='/staff/login/code'] button[type='submit']",
    )
    .await;
    wait_for_text(&driver, "Apply filters").await;
    driver.quit().await.unwrap();
}
