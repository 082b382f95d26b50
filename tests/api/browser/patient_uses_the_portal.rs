//! A patient registers, confirms the email (read back from a real SMTP server), signs in,
//! downloads a visit summary and reads the accounting of disclosures.

use std::time::{Duration, Instant};

use mailparse::MailHeaderMap;
use records_portal::email::Mailer;
use sqlx::PgPool;

use super::{
    ChromeDriver, click, download_dir, follow_link, headless_chromium, screenshot_path, serve,
    type_into, wait_for_text,
};
use crate::helpers::pdf_bytes;
use crate::smtp_server::SmtpServer;
use crate::tracking::file_worker;

const PASSWORD: &str = "harbor lantern meadow quill";

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_registers_confirms_signs_in_downloads_a_summary_and_reads_disclosures(
    db: PgPool,
) {
    let (app, base) = serve(db).await;
    let smtp = SmtpServer::start(&app.scratch);
    let mut worker = file_worker(&app);
    worker.mailer = Mailer::from_config(Some(&smtp.url().into()), &app.scratch).unwrap();
    let saved = download_dir().join("Visit summary 2026-10-01.pdf");
    let _ = std::fs::remove_file(&saved);

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}/")).await.unwrap();
    follow_link(&driver, "Create a portal account").await;
    type_into(&driver, "legal_name", "Jordan Avery Example").await;
    type_into(&driver, "dob_month", "4").await;
    type_into(&driver, "dob_day", "28").await;
    type_into(&driver, "dob_year", "1986").await;
    type_into(&driver, "email", "jordan@example.com").await;
    type_into(&driver, "password", PASSWORD).await;
    driver
        .screenshot(&screenshot_path("portal-register-390.png"))
        .await
        .unwrap();
    click(
        &driver,
        "form[action='/account/register'] button[type='submit']",
    )
    .await;
    wait_for_text(&driver, "Check your email").await;

    // The confirmation email, delivered over SMTP and parsed back.
    assert_eq!(worker.send_due().await.unwrap(), 1);
    let raw = smtp.messages().pop().expect("a confirmation email");
    let mail = mailparse::parse_mail(&raw).unwrap();
    assert_eq!(
        mail.headers.get_first_value("To").as_deref(),
        Some("jordan@example.com")
    );
    let text = crate::smtp_server::plain_text(&mail);
    let start = text
        .find(&format!("{base}/account/confirm/"))
        .expect("a confirmation link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    driver.goto(&link).await.unwrap();
    click(&driver, "main form button[type='submit']").await;
    wait_for_text(&driver, "Your email is confirmed").await;

    // Staff know Jordan: a request linked, released by mail, and a visit summary attached.
    let account: uuid::Uuid = sqlx::query_scalar("select id from patient_accounts")
        .fetch_one(&app.db)
        .await
        .unwrap();
    seed_history(&app, account).await;

    type_into(&driver, "email", "jordan@example.com").await;
    type_into(&driver, "password", PASSWORD).await;
    click(
        &driver,
        "form[action='/account/login'] button[type='submit']",
    )
    .await;
    wait_for_text(&driver, "Your patient portal").await;
    driver
        .screenshot(&screenshot_path("portal-home-390.png"))
        .await
        .unwrap();
    follow_link(&driver, "Knee follow-up").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&saved).map(|m| m.len()).unwrap_or(0) != pdf_bytes().len() as u64 {
        assert!(
            Instant::now() < deadline,
            "the summary never arrived in {saved:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.count("audit_log where action = 'summary.downloaded'")
            .await,
        1
    );

    click(&driver, "a[href='/account/disclosures']").await;
    wait_for_text(&driver, "Who we shared your records with").await;
    let page = driver.source().await.unwrap();
    assert!(
        page.contains("Riley Nurse"),
        "the provider the records were faxed to"
    );
    driver
        .screenshot(&screenshot_path("portal-disclosures-390.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();
}

/// A request of Jordan's released by fax to a provider, and a visit summary, as staff leave them.
async fn seed_history(app: &crate::helpers::TestApp, account: uuid::Uuid) {
    crate::helpers::create_staff(
        &app.db,
        records_portal::staff::accounts::Role::Clerk,
        "clerk@practice.test",
    )
    .await;
    let mut clerk = crate::helpers::TestApp::spawn(app.db.clone()).await;
    let provider = records_portal::intake::sample::with(
        &records_portal::intake::sample::provider_form(),
        "patient_name",
        Some("Jordan Avery Example"),
    );
    let id = clerk.file(&provider).await;
    sqlx::query("update patients set date_of_birth = '1986-04-28' where id = (select patient_id from requests where id = $1)")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    clerk
        .sign_in("clerk@practice.test", crate::helpers::STAFF_PASSWORD)
        .await;
    let base = format!("/staff/requests/{id}");
    clerk.post_staff(&format!("{base}/verify"), &[]).await;
    clerk
        .post_staff(&format!("{base}/pages"), &[("page_count", "3")])
        .await;
    clerk
        .post_staff(
            &format!("{base}/release"),
            &[("destination", "(860) 555-0177"), ("confirmed", "yes")],
        )
        .await
        .assert_redirect_to(&base);
    clerk
        .post_staff(
            &format!("/staff/patients/{account}/link"),
            &[("request", &id.to_string())],
        )
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    crate::portal::give_summary(app, account).await;
}
