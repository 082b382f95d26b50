//! A records clerk signs in, narrows the queue, opens a request, verifies it and prices it.

use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, headless_chromium, screenshot_path, serve, sign_in_staff, type_into,
    wait_for_text,
};
use crate::helpers::create_staff;

/// At 1280 px (and 1024 px) the queue's last column ends inside the window (nothing hidden to the right),
/// and every filter is wide enough to read its choice.
async fn assert_whole_row_visible(driver: &WebDriver) {
    let measured = driver
        .execute(
            r#"const last = document.querySelector('.queue-table thead th:last-child').getBoundingClientRect();
               const selects = [...document.querySelectorAll('.queue-filters select')].map(s => s.getBoundingClientRect().width);
               return [last.right, window.innerWidth, Math.min(...selects)];"#,
            vec![],
        )
        .await
        .unwrap();
    let [right, width, narrowest]: [f64; 3] = measured.convert().unwrap();
    assert!(
        right <= width,
        "the last column ends at {right} px, past the {width} px window"
    );
    assert!(narrowest >= 120.0, "a filter is {narrowest} px wide");
}

/// The dashboard draws its six charts, and the weekly table counts the two requests filed.
async fn dashboard_shows_the_requests(driver: &WebDriver, base: &str) {
    driver
        .goto(format!("{base}/staff/dashboard"))
        .await
        .unwrap();
    let charts = driver
        .find_all(By::Css("svg.chart[role='img']"))
        .await
        .unwrap();
    assert_eq!(charts.len(), 6);
    driver
        .screenshot(&screenshot_path("staff-dashboard-1280.png"))
        .await
        .unwrap();
    let total: f64 = driver
        .execute(
            r#"return [...document.querySelectorAll('#weekly-table tbody tr td:last-child')]
                 .reduce((sum, cell) => sum + Number(cell.textContent), 0);"#,
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(total, 2.0, "the weekly table counts the requests filed");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_filters_the_queue_verifies_a_request_and_records_pages(db: PgPool) {
    let (mut app, base) = serve(db).await;
    app.file(&patient_form()).await;
    let id = app.file(&attorney_form()).await;
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();

    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    let queue = driver.source().await.unwrap();
    assert!(queue.contains("Jordan Avery Example") && queue.contains("Casey Sample"));
    driver
        .screenshot(&screenshot_path("staff-queue-1280.png"))
        .await
        .unwrap();
    assert_whole_row_visible(&driver).await;
    // A smaller office screen: still the whole row, the filters still readable.
    driver.set_window_rect(0, 0, 1024, 768).await.unwrap();
    driver
        .screenshot(&screenshot_path("staff-queue-1024.png"))
        .await
        .unwrap();
    assert_whole_row_visible(&driver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    assert!(
        queue.contains(">Third party</option>") && queue.contains(">Secure link</option>"),
        "filter options are words, not codes"
    );

    dashboard_shows_the_requests(&driver, &base).await;
    driver.goto(format!("{base}/staff/queue")).await.unwrap();

    click(&driver, "#requester_type option[value='third_party']").await;
    click(&driver, ".queue-filters button[type='submit']").await;
    driver
        .query(By::XPath(
            "//table[not(contains(., 'Jordan Avery Example'))]",
        ))
        .first()
        .await
        .expect("the filter leaves out the patient's own request");
    assert!(
        driver
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or_default()
            .contains("requester_type=third_party")
    );
    driver
        .screenshot(&screenshot_path("staff-queue-filtered-1280.png"))
        .await
        .unwrap();

    click(&driver, &format!("a[href='/staff/requests/{id}']")).await;
    wait_for_text(&driver, "Statement: right to revoke and how").await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/verify'] button"),
    )
    .await;
    wait_for_text(&driver, "Page count of the documents").await;
    type_into(&driver, "page_count", "12").await;
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/pages'] button"),
    )
    .await;
    wait_for_text(&driver, "Awaiting payment").await;
    driver
        .screenshot(&screenshot_path("staff-request-priced-1280.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();

    assert_eq!(app.status_of(id).await, "awaiting_payment");
    let due = app.fee_due_of(id).await;
    assert!(
        due.is_some_and(|cents| cents > 0),
        "the fee engine priced it"
    );
}
