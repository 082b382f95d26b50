//! Staff upload records with the progress bar and release them by secure link; the
//! patient opens the link, gives the date of birth and downloads the file.

use std::time::{Duration, Instant};

use records_portal::intake::sample::attorney_form;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, download_dir, headless_chromium, screenshot_path, serve, sign_in_staff,
    type_into, wait_for_text,
};
use crate::helpers::{create_staff, pdf_bytes};
use crate::release::download_path;

/// Records every progress message the upload script shows, across the reload after it.
const WATCH_PROGRESS: &str = r#"
const text = document.querySelector('.upload-progress__text');
new MutationObserver(() => sessionStorage.setItem('progress', text.textContent))
  .observe(text, { childList: true, characterData: true, subtree: true });
"#;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_upload_with_progress_and_the_patient_downloads_by_link(db: PgPool) {
    let (mut app, base) = serve(db).await;
    app.sign_in_as(Role::Clerk, "setup@practice.test").await;
    let id = crate::billing::priced(&mut app, &attorney_form(), "5").await;
    app.post_staff(
        &format!("/staff/requests/{id}/payments"),
        &[("kind", "payment"), ("amount", "3.25"), ("method", "card")],
    )
    .await;
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;
    // A few megabytes, so the progress bar has something to show.
    let mut records = pdf_bytes();
    records.extend(std::iter::repeat_n(b'%', 6 * 1024 * 1024));
    let upload = app.scratch.join("records-casey.pdf");
    std::fs::create_dir_all(&app.scratch).unwrap();
    std::fs::write(&upload, &records).unwrap();
    let saved = download_dir().join("records-casey.pdf");
    let _ = std::fs::remove_file(&saved);

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    driver
        .goto(format!("{base}/staff/requests/{id}"))
        .await
        .unwrap();
    let input = driver.find(By::Id("release-file")).await.unwrap();
    input
        .send_keys(upload.to_string_lossy().as_ref())
        .await
        .unwrap();
    driver.execute(WATCH_PROGRESS, Vec::new()).await.unwrap();
    click(&driver, "#release-upload button[type='submit']").await;
    wait_for_text(&driver, "records-casey.pdf (application/pdf").await;
    let progress = driver
        .execute("return sessionStorage.getItem('progress')", Vec::new())
        .await
        .unwrap();
    let progress: Option<String> = progress.convert().unwrap();
    assert!(
        progress
            .as_deref()
            .is_some_and(|p| p.contains('%') || p.contains("Checking")),
        "the progress bar moved: {progress:?}"
    );
    driver
        .screenshot(&screenshot_path("staff-records-uploaded-1280.png"))
        .await
        .unwrap();
    click(
        &driver,
        &format!("form[action='/staff/requests/{id}/release'] button"),
    )
    .await;
    // The last look: what goes, to whom, how; then release.
    wait_for_text(&driver, "Nothing has been sent yet").await;
    click(&driver, "#confirm-release").await;
    wait_for_text(&driver, "Download links").await;
    assert_eq!(app.status_of(id).await, "released");

    let link = download_path(&app).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}{link}")).await.unwrap();
    wait_for_text(&driver, "before the download starts").await;
    type_into(&driver, "dob_month", "11").await;
    type_into(&driver, "dob_day", "3").await;
    type_into(&driver, "dob_year", "1970").await;
    driver
        .screenshot(&screenshot_path("download-challenge-390.png"))
        .await
        .unwrap();
    click(&driver, "button[name='file']").await;
    // The page says the answer was right (it used to keep showing an old error).
    wait_for_text(&driver, "your download has started").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&saved).map(|m| m.len()).unwrap_or(0) != records.len() as u64 {
        assert!(
            Instant::now() < deadline,
            "the download never arrived in {saved:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver.quit().await.unwrap();
    assert_eq!(std::fs::read(&saved).unwrap(), records);
    assert_eq!(app.status_of(id).await, "completed");
}
