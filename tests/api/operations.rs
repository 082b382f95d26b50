//! What the engineer on call relies on: `/metrics` (labels by route, never a raw path;
//! loopback or the bearer token), and email that cannot be sent is marked failed after a
//! number of attempts or an age, then retried or given up by an admin.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::tracking::file_worker;
use records_portal::intake::sample::patient_form;

async fn scrape(app: &mut TestApp, token: Option<&str>) -> crate::helpers::TestResponse {
    let mut request = Request::get("/metrics");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.request(request.body(Body::empty()).unwrap()).await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn metrics_need_the_token_and_label_routes_not_paths(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    assert_eq!(
        scrape(&mut app, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        scrape(&mut app, Some("guess")).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.get("/track/not-a-real-token-abc123").await;
    app.file(&patient_form()).await;
    let page = scrape(&mut app, Some("test-metrics-token")).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.body;
    for line in [
        r#"http_requests_total{method="GET",route="/metrics",status="401"} 2"#,
        r#"http_requests_total{method="GET",route="/track/{token}",status="404"} 1"#,
        r#"http_request_duration_seconds_bucket{le="10.0",method="GET",route="/track/{token}"} 1"#,
        r#"records_requests_open{status="received"} 1"#,
        r#"records_requests_by_deadline{deadline="past"} 0"#,
        "email_outbox_backlog 1",
        "email_outbox_failed 0",
    ] {
        assert!(text.contains(line), "missing {line} in:\n{text}");
    }
    assert!(!text.contains("abc123"), "no raw path in a label");
    assert!(text.ends_with("# EOF\n"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn metrics_answer_loopback_without_a_token_but_not_through_a_proxy(db: PgPool) {
    let (_app, base) = crate::browser::serve(db).await;
    let client = reqwest::Client::new();
    let direct = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(direct.status(), reqwest::StatusCode::OK);
    let proxied = client
        .get(format!("{base}/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.status(), reqwest::StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_email_refused_too_often_or_too_old_is_failed_and_an_admin_retries_or_gives_it_up(
    db: PgPool,
) {
    let mut app = TestApp::spawn(db).await;
    let request = app.file(&patient_form()).await;
    let worker = file_worker(&app);
    // Refused ten times: marked failed, no longer claimed.
    sqlx::query("update email_outbox set attempts = 10")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(worker.send_due().await.unwrap(), 0);
    let failed: i64 = app
        .one("select count(*) from email_outbox where failed_at is not null and sent_at is null")
        .await;
    assert_eq!(failed, 1);

    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    assert_eq!(
        clerk.get("/staff/admin/emails").await.status,
        StatusCode::FORBIDDEN
    );
    let detail = clerk.get(&format!("/staff/requests/{request}")).await;
    assert!(
        detail
            .body
            .contains("<strong>failed</strong> after 10 attempts")
    );

    let mut admin = TestApp::spawn(app.db.clone()).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let page = admin.get("/staff/admin/emails").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Failed"));
    assert!(
        !page.body.contains("jordan@example.com"),
        "the address is masked"
    );
    assert!(!page.body.contains("/track/"), "no bodies, no links");
    let id: uuid::Uuid = app.one("select id from email_outbox").await;
    admin
        .post_staff(&format!("/staff/admin/emails/{id}/retry"), &[])
        .await
        .assert_redirect_to("/staff/admin/emails");
    assert_eq!(worker.send_due().await.unwrap(), 1);
    let sent: i64 = app
        .one("select count(*) from email_outbox where sent_at is not null")
        .await;
    assert_eq!(sent, 1);

    // A second message waits past the age limit (a mail server down for days): failed too,
    // then given up, which erases its bodies.
    app.file(&crate::helpers::with_value(
        &patient_form(),
        "patient_email",
        "sam@example.com",
    ))
    .await;
    app.clock.advance(time::Duration::hours(73));
    worker.send_due().await.unwrap();
    let second: uuid::Uuid = app
        .one("select id from email_outbox where failed_at is not null and sent_at is null")
        .await;
    admin
        .post_staff(&format!("/staff/admin/emails/{second}/give-up"), &[])
        .await
        .assert_redirect_to("/staff/admin/emails");
    let erased: bool = app
        .one("select text_body is null and html_body is null and given_up_at is not null from email_outbox where id = (select id from email_outbox where given_up_at is not null)")
        .await;
    assert!(erased);
    let audited: i64 = app
        .one("select count(*) from audit_log where action in ('email.retried', 'email.given_up')")
        .await;
    assert_eq!(audited, 2);
    assert_eq!(
        admin
            .post_staff(&format!("/staff/admin/emails/{second}/retry"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND,
        "given up is final"
    );
}
