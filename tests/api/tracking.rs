//! The tracking link from the confirmation email, and the outbox that carries it.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use records_portal::email::Mailer;
use records_portal::email::outbox::OutboxWorker;
use records_portal::intake::sample::patient_form;
use sqlx::PgPool;

use crate::helpers::TestApp;

pub fn file_worker(app: &TestApp) -> OutboxWorker {
    OutboxWorker {
        db: app.db.clone(),
        mailer: Mailer::from_config(None, &app.scratch.join("mail")).unwrap(),
        from: "Records <records@portal.test>".parse().unwrap(),
        clock: Arc::new(app.clock.clone()),
        signal: app.state.outbox_signal.clone(),
        poll_every: Duration::from_secs(60),
        give_up: records_portal::email::outbox::GiveUp::default(),
    }
}

/// The tracking path inside a message body.
pub fn tracking_path(body: &str) -> String {
    let start = body
        .find("http://portal.test/track/")
        .expect("a tracking link")
        + "http://portal.test".len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_emailed_link_shows_the_status_and_the_body_is_erased_once_sent(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.submit(&patient_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let text: String = sqlx::query_scalar!(r#"select text_body as "text!" from email_outbox"#)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let path = tracking_path(&text);
    for clinical in ["X-ray", "notes", "Jordan"] {
        assert!(
            !text.contains(clinical),
            "no clinical content or names in email: {clinical}"
        );
    }

    let sent = file_worker(&app).send_due().await.unwrap();
    assert_eq!(sent, 1);
    let eml: Vec<_> = std::fs::read_dir(app.scratch.join("mail"))
        .unwrap()
        .collect();
    assert_eq!(eml.len(), 1, "the file transport wrote one .eml");
    let row = sqlx::query!(
        "select sent_at is not null as \"sent!\", text_body, html_body from email_outbox"
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(row.sent);
    assert!(
        row.text_body.is_none() && row.html_body.is_none(),
        "bearer links are not kept after delivery"
    );
    assert_eq!(file_worker(&app).send_due().await.unwrap(), 0, "sent once");

    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("RP-2026-000001"));
    assert!(page.body.contains("Status: Received"));
    assert!(page.body.contains("X-ray images"));
    assert!(page.body.contains("Tuesday, December 22, 2026"));
    assert!(
        !page.body.contains("Jordan"),
        "no name or birth date behind a bearer link"
    );
    assert_eq!(page.headers.get("referrer-policy").unwrap(), "no-referrer");
    assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(
        app.count("audit_log where action = 'request.tracking_viewed'")
            .await,
        1
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn unknown_or_malformed_tokens_are_not_found(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    for path in [
        "/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/track/short",
        "/track/%00%27%22",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("Page not found"));
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_unreachable_mail_server_hands_the_batch_back_for_the_next_try(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    for _ in 0..2 {
        app.submit(&patient_form(), &[])
            .await
            .assert_redirect_to("/requests/confirmation");
    }
    let mut worker = file_worker(&app);
    // Nothing listens on port 9: the first send fails and the whole batch waits.
    worker.mailer =
        Mailer::from_config(Some(&"smtp://127.0.0.1:9".to_owned().into()), &app.scratch).unwrap();
    let batch = worker.send_batch().await.unwrap();
    assert_eq!(batch.handled, 2);
    assert!(batch.server_unreachable);
    let rows = sqlx::query!(
        r#"select attempts, sent_at is null as "pending!", last_error
           from email_outbox"#
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    // An outage says nothing about the messages: no attempt counted, no backoff, no lease
    // (the next pass below, at the same clock time, claims both again).
    assert!(rows.iter().all(|r| r.attempts == 0 && r.pending));
    assert_eq!(
        rows.iter()
            .filter(|r| r.last_error.as_deref() == Some("could not reach the mail server"))
            .count(),
        1,
        "only the message that was tried records the error"
    );
    // The server is back: both go out on the next pass.
    let worker = file_worker(&app);
    assert_eq!(worker.send_due().await.unwrap(), 2);
    assert_eq!(app.count("email_outbox where sent_at is not null").await, 2);
}
