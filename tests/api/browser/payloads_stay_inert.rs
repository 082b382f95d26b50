//! Stored payloads never run in a real browser: requests carrying script in every text
//! field staff read are opened on the queue and detail pages in Chromium, and nothing
//! executes (the page title and an alert trap stay untouched).

use records_portal::intake::sample::{attorney_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{ChromeDriver, click, headless_chromium, serve, sign_in_staff};
use crate::helpers::create_staff;

const PAYLOADS: &[&str] = &[
    "<script>document.title='XSS'</script>",
    "\"><img src=x onerror=\"document.title='XSS'\">",
    "<svg onload=\"document.title='XSS'\"></svg>",
    "javascript:document.title='XSS'",
    "<iframe srcdoc=\"<script>parent.document.title='XSS'</script>\"></iframe>",
];

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn stored_payloads_never_execute_on_staff_pages(db: PgPool) {
    let (mut app, base) = serve(db).await;
    let mut ids = Vec::new();
    for payload in PAYLOADS {
        let form = with(&attorney_form(), "requester_organization", Some(payload));
        let form = with(&form, "record_kinds", Some("other"));
        let form = with(&form, "record_kinds_other", Some(payload));
        ids.push(app.file(&form).await);
    }
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;
    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    let mut pages = vec!["/staff/queue".to_owned()];
    pages.extend(ids.iter().map(|id| format!("/staff/requests/{id}")));
    for path in &pages {
        driver.goto(format!("{base}{path}")).await.unwrap();
        let title = driver.title().await.unwrap();
        assert_ne!(title, "XSS", "{path} ran a payload");
        assert!(
            driver.get_alert_text().await.is_err(),
            "{path} opened a dialog"
        );
        if path.starts_with("/staff/requests/") {
            let source = driver.source().await.unwrap();
            assert!(
                source.contains("document.title="),
                "{path} shows the payload as text"
            );
        }
    }
    // Clicking through the request page (links, details) runs nothing either.
    driver
        .goto(format!("{base}/staff/requests/{}", ids[1]))
        .await
        .unwrap();
    click(&driver, "a[href='/staff/queue']").await;
    assert_ne!(driver.title().await.unwrap(), "XSS");
    driver.quit().await.unwrap();
}
