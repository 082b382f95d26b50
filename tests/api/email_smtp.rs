//! The confirmation email goes through lettre's SMTP transport to a real SMTP server and
//! is parsed back.

use mailparse::MailHeaderMap;
use records_portal::email::Mailer;
use records_portal::intake::sample::patient_form;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::smtp_server::SmtpServer;
use crate::tracking::{file_worker, tracking_path};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_confirmation_email_is_delivered_over_smtp_with_text_and_html(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let smtp = SmtpServer::start(&app.scratch);
    app.submit(&patient_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");

    let mut worker = file_worker(&app);
    worker.mailer = Mailer::from_config(Some(&smtp.url().into()), &app.scratch).unwrap();
    assert_eq!(worker.send_due().await.unwrap(), 1);

    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let mail = mailparse::parse_mail(&messages[0]).unwrap();
    let stored_id: String = sqlx::query_scalar!("select message_id from email_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        mail.headers.get_first_value("Message-ID").as_deref(),
        Some(stored_id.as_str())
    );
    assert_eq!(
        mail.headers.get_first_value("To").as_deref(),
        Some("jordan@example.com")
    );
    assert_eq!(
        mail.headers.get_first_value("Subject").as_deref(),
        Some("We received your records request RP-2026-000001")
    );
    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let parts: Vec<(String, String)> = mail
        .subparts
        .iter()
        .map(|p| (p.ctype.mimetype.clone(), p.get_body().unwrap()))
        .collect();
    assert_eq!(parts.len(), 2);
    let text = &parts
        .iter()
        .find(|(t, _)| t == "text/plain")
        .expect("a text part")
        .1;
    let html = &parts
        .iter()
        .find(|(t, _)| t == "text/html")
        .expect("an html part")
        .1;
    let path = tracking_path(text);
    assert!(
        html.contains(&path),
        "both parts carry the same tracking link"
    );
    assert!(text.contains("RP-2026-000001"));
    for clinical in ["X-ray", "notes", "Jordan", "1986"] {
        assert!(
            !text.contains(clinical) && !html.contains(clinical),
            "no clinical content: {clinical}"
        );
    }
    assert_eq!(app.get(&path).await.status, axum::http::StatusCode::OK);
}
