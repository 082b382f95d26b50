//! A patient on a 390 px phone switches the site to Spanish, files a request with a mistake
//! (the 422 page and its messages in Spanish, every value kept), then files it; the
//! confirmation email, read back from a real SMTP server, is in Spanish.

use mailparse::MailHeaderMap;
use records_portal::email::Mailer;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, follow_link, headless_chromium, screenshot_both, screenshot_path, serve,
    type_into, wait_for_text,
};
use crate::smtp_server::SmtpServer;
use crate::tracking::file_worker;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_switches_to_spanish_and_files_a_request(db: PgPool) {
    let (app, base) = serve(db).await;
    let smtp = SmtpServer::start(&app.scratch);
    let mut worker = file_worker(&app);
    worker.mailer = Mailer::from_config(Some(&smtp.url().into()), &app.scratch).unwrap();

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
    driver.goto(format!("{base}/")).await.unwrap();
    follow_link(&driver, "Español").await;
    wait_for_text(&driver, "Obtenga copias de su expediente médico").await;
    driver
        .screenshot(&screenshot_path("home-es-390.png"))
        .await
        .unwrap();
    follow_link(&driver, "Solicitar expedientes").await;
    wait_for_text(&driver, "Solicite copias de su expediente médico").await;

    // Everything but the year of birth, and an email address that is not one.
    super::fill_request_for_jordan(&driver).await;
    let year = driver.find(By::Name("dob_year")).await.unwrap();
    year.clear().await.unwrap();
    let email = driver.find(By::Name("patient_email")).await.unwrap();
    email.clear().await.unwrap();
    type_into(&driver, "patient_email", "jordan-at-example").await;
    click(&driver, "#request-form button[type='submit']").await;
    wait_for_text(&driver, "Hay 2 problemas con sus respuestas").await;
    let page = driver.source().await.unwrap();
    assert!(page.contains("<html lang=\"es\">"));
    assert!(
        page.contains("La fecha de nacimiento debe ser una fecha real"),
        "{page}"
    );
    assert!(page.contains("No es un correo electrónico"));
    assert_eq!(
        driver
            .find(By::Name("patient_name"))
            .await
            .unwrap()
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("Jordan Avery Example"),
        "the values are kept"
    );
    driver
        .screenshot(&screenshot_path("request-422-es-390.png"))
        .await
        .unwrap();

    type_into(&driver, "dob_year", "1986").await;
    let email = driver.find(By::Name("patient_email")).await.unwrap();
    email.clear().await.unwrap();
    type_into(&driver, "patient_email", "jordan@example.com").await;
    click(&driver, "#request-form button[type='submit']").await;
    wait_for_text(&driver, "Revise su solicitud").await;
    assert!(
        driver
            .source()
            .await
            .unwrap()
            .contains("28 de abril de 1986")
    );
    driver
        .screenshot(&screenshot_path("request-review-es-390.png"))
        .await
        .unwrap();
    click(&driver, "button[value='submit']").await;
    wait_for_text(&driver, "Gracias: recibimos su solicitud").await;
    driver
        .screenshot(&screenshot_path("request-confirmation-es-390.png"))
        .await
        .unwrap();

    assert_eq!(worker.send_due().await.unwrap(), 1);
    let raw = smtp.messages().pop().expect("a confirmation email");
    let mail = mailparse::parse_mail(&raw).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap_or_default();
    assert!(
        subject.starts_with("Recibimos su solicitud de expedientes"),
        "{subject}"
    );
    let text = crate::smtp_server::plain_text(&mail);
    assert!(
        text.contains("Siga su solicitud en este enlace privado"),
        "{text}"
    );
    assert!(text.contains("/language-assistance"));

    // What the patient sees next, at both widths: the email itself, the tracking page it
    // links to, the language help notice and a page that is not there.
    let html = mail
        .subparts
        .iter()
        .find(|p| p.ctype.mimetype == "text/html")
        .unwrap()
        .get_body()
        .unwrap();
    let email_file = screenshot_path("email-received-es.html");
    std::fs::write(&email_file, &html).unwrap();
    let start = text
        .find(&format!("{base}/track/"))
        .expect("a tracking link");
    let tracking: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    for (url, name, words) in [
        (
            format!("file://{}", email_file.display()),
            "email-received-es",
            "Qué pasa ahora",
        ),
        (tracking, "tracking-es", "Estado: Recibida"),
        (
            format!("{base}/language-assistance"),
            "language-assistance-es",
            "Ayuda gratuita con el idioma",
        ),
        (
            format!("{base}/no-such-page"),
            "not-found-es",
            "No encontramos la página",
        ),
    ] {
        driver.goto(&url).await.unwrap();
        wait_for_text(&driver, words).await;
        screenshot_both(&driver, name).await;
    }
    driver.quit().await.unwrap();
    let language: String = sqlx::query_scalar("select language from requests")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(language, "es");
}
