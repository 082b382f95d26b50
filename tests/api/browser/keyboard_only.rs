//! The request form completed with the keyboard alone: Tab to each control, type or press
//! Space and the arrow keys, Enter to send. No clicks.

use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{ChromeDriver, headless_chromium, serve, wait_for_text};

/// A key press through the keyboard itself (WebDriver actions), not into an element.
async fn press(driver: &WebDriver, key: Key) {
    driver
        .action_chain()
        .send_keys(key)
        .perform()
        .await
        .unwrap();
}

/// Presses Tab until the focused element matches `css`, as a keyboard user moves through
/// the page; fails if it is never reached (a focus trap or an unreachable control).
async fn tab_to(driver: &WebDriver, css: &str) -> WebElement {
    for _ in 0..400 {
        let focused = driver.active_element().await.unwrap();
        let matches: bool = driver
            .execute(
                "return arguments[0].matches(arguments[1]);",
                vec![focused.to_json().unwrap(), serde_json::json!(css)],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        if matches {
            return focused;
        }
        press(driver, Key::Tab).await;
    }
    panic!("Tab never reached {css}");
}

async fn type_at(driver: &WebDriver, name: &str, text: &str) {
    tab_to(driver, &format!("[name='{name}']")).await;
    driver
        .action_chain()
        .send_keys(text)
        .perform()
        .await
        .unwrap();
}

/// Radios: Tab reaches the group once; the arrow keys move within it.
async fn pick(driver: &WebDriver, name: &str, value: &str) {
    tab_to(driver, &format!("input[name='{name}']")).await;
    for _ in 0..20 {
        let focused = driver.active_element().await.unwrap();
        if focused.attr("value").await.unwrap().as_deref() == Some(value) {
            press(driver, Key::Space).await;
            return;
        }
        press(driver, Key::Down).await;
    }
    panic!("no {name}={value} in the group");
}

async fn tick(driver: &WebDriver, name: &str, value: &str) {
    tab_to(driver, &format!("input[name='{name}'][value='{value}']")).await;
    press(driver, Key::Space).await;
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_request_form_can_be_completed_with_the_keyboard_alone(db: PgPool) {
    let (app, base) = serve(db).await;
    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    driver.goto(format!("{base}/requests/new")).await.unwrap();
    pick(&driver, "requester_type", "self").await;
    type_at(&driver, "patient_name", "Jordan Avery Example").await;
    type_at(&driver, "dob_month", "4").await;
    type_at(&driver, "dob_day", "28").await;
    type_at(&driver, "dob_year", "1986").await;
    type_at(&driver, "patient_email", "jordan@example.com").await;
    tick(&driver, "record_kinds", "visit_notes").await;
    pick(&driver, "date_range", "all").await;
    pick(&driver, "delivery", "secure_link").await;
    pick(&driver, "purpose", "individual").await;
    tick(&driver, "ack_true_information", "yes").await;
    tick(&driver, "ack_electronic_signature", "yes").await;
    type_at(&driver, "signature_name", "Jordan Avery Example").await;
    tab_to(&driver, "#request-form button[type='submit']").await;
    press(&driver, Key::Enter).await;
    wait_for_text(&driver, "Check your request").await;
    tab_to(&driver, "button[value='submit']").await;
    press(&driver, Key::Enter).await;
    wait_for_text(&driver, "Thank you").await;
    driver.quit().await.unwrap();
    assert_eq!(app.count("requests").await, 1);
}
