//! Invoices from the final page count, the PDF emailed over real SMTP, and the payment ledger.

use axum::http::StatusCode;
use mailparse::MailHeaderMap;
use records_portal::email::Mailer;
use records_portal::forms::FormValues;
use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::smtp_server::SmtpServer;
use crate::tracking::{file_worker, tracking_path};

/// Files `form`, verifies it and records `pages`; returns the request id.
pub async fn priced(app: &mut TestApp, form: &FormValues, pages: &str) -> uuid::Uuid {
    let id = app.file(form).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(&format!("{base}/verify"), &[])
        .await
        .assert_redirect_to(&base);
    app.post_staff(&format!("{base}/pages"), &[("page_count", pages)])
        .await
        .assert_redirect_to(&base);
    id
}

async fn invoice_total(app: &TestApp, id: uuid::Uuid) -> Option<i64> {
    sqlx::query_scalar("select total_cents from invoices where request_id = $1")
        .bind(id)
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

fn documents_only(form: &FormValues) -> FormValues {
    with(form, "record_kinds", Some("visit_notes"))
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn invoices_match_every_worked_case_of_the_spec(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let mri_by_link = with(
        &with(&patient_form(), "record_kinds", Some("mri_images")),
        "delivery",
        Some("secure_link"),
    );
    let cases: [(&str, FormValues, &str, Option<i64>); 7] = [
        (
            "patient, 4 pages by mail",
            documents_only(&patient_form()),
            "4",
            Some(260),
        ),
        (
            "patient, 25 pages by mail",
            documents_only(&patient_form()),
            "25",
            Some(650),
        ),
        (
            "attorney, 25 pages",
            documents_only(&attorney_form()),
            "25",
            Some(1625),
        ),
        ("patient, MRI by secure link", mri_by_link, "0", Some(1500)),
        (
            "patient, X-ray on CD",
            with(&patient_form(), "record_kinds", Some("xray_images")),
            "0",
            Some(2500),
        ),
        ("continuing care", provider_form(), "40", None),
        (
            "patient, 12 pages and an X-ray CD",
            patient_form(),
            "12",
            Some(3150),
        ),
    ];
    for (case, form, pages, expected) in cases {
        let id = priced(&mut app, &form, pages).await;
        assert_eq!(invoice_total(&app, id).await, expected, "{case}");
        let status = app.status_of(id).await;
        let want = if expected.is_some() {
            "awaiting_payment"
        } else {
            "ready_to_release"
        };
        assert_eq!(status, want, "{case}");
    }
    let numbers: Vec<String> = sqlx::query_scalar("select number from invoices order by number")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(numbers.len(), 6, "no invoice for a zero fee");
    assert_eq!(numbers[0], "INV-2026-000001");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_invoice_email_carries_the_pdf_over_smtp(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let smtp = SmtpServer::start(&app.scratch);
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    priced(&mut app, &patient_form(), "12").await;
    let mut worker = file_worker(&app);
    worker.mailer = Mailer::from_config(Some(&smtp.url().into()), &app.scratch).unwrap();
    assert_eq!(
        worker.send_due().await.unwrap(),
        2,
        "confirmation and invoice"
    );

    let messages = smtp.messages();
    let invoice_mail = messages
        .iter()
        .map(|m| mailparse::parse_mail(m).unwrap())
        .find(|m| {
            m.headers
                .get_first_value("Subject")
                .is_some_and(|s| s.starts_with("Invoice for your records request"))
        })
        .expect("the invoice email");
    assert_eq!(invoice_mail.ctype.mimetype, "multipart/mixed");
    let body = &invoice_mail.subparts[0];
    assert_eq!(body.ctype.mimetype, "multipart/alternative");
    let text = crate::smtp_server::plain_text(&invoice_mail);
    assert!(text.contains("$31.50"), "the total: {text}");
    assert!(text.contains("How to pay"));
    let pdf = invoice_mail
        .subparts
        .iter()
        .find(|p| p.ctype.mimetype == "application/pdf")
        .expect("a PDF attachment");
    let disposition = pdf.get_content_disposition();
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some("INV-2026-000001.pdf")
    );
    let bytes = pdf.get_body_raw().unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let (info, pdf_text) = crate::helpers::read_pdf(&bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Invoice INV-2026-000001"),
        "{info}"
    );
    assert!(pdf_text.contains("$31.50"), "{pdf_text}");

    // The requester's link opens the invoice page and the same PDF.
    let path = tracking_path(&text);
    let page = app.get(&path).await;
    assert!(page.body.contains("INV-2026-000001") && page.body.contains("$31.50"));
    let printable = app.get(&format!("{path}/invoice")).await;
    assert_eq!(printable.status, StatusCode::OK);
    assert!(printable.body.contains("How to pay"));
    let download = app.get(&format!("{path}/invoice.pdf")).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF-"));
}

async fn record(
    app: &mut TestApp,
    id: uuid::Uuid,
    fields: &[(&str, &str)],
) -> crate::helpers::TestResponse {
    app.post_staff(&format!("/staff/requests/{id}/payments"), fields)
        .await
}

async fn ledger_rows(app: &TestApp) -> i64 {
    app.count("payments").await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_partial_payment_leaves_the_request_waiting_and_the_rest_releases_it(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = priced(&mut app, &patient_form(), "12").await;
    let base = format!("/staff/requests/{id}");
    record(
        &mut app,
        id,
        &[
            ("kind", "payment"),
            ("amount", "10.00"),
            ("method", "check"),
            ("reference", "1042"),
        ],
    )
    .await
    .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "awaiting_payment");
    let page = app.get(&base).await;
    assert!(page.body.contains("Balance due: <strong>$21.50</strong>"));
    record(
        &mut app,
        id,
        &[
            ("kind", "payment"),
            ("amount", "$21.50"),
            ("method", "card"),
        ],
    )
    .await
    .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "ready_to_release");
    assert_eq!(
        app.count("email_outbox where kind = 'payment_receipt'")
            .await,
        2,
        "a receipt for each payment"
    );
    assert_eq!(
        app.count("audit_log where action = 'payment.recorded'")
            .await,
        2
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn overpayment_refund_and_waiver_are_new_rows_never_edits(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = priced(&mut app, &patient_form(), "12").await;
    record(
        &mut app,
        id,
        &[("kind", "payment"), ("amount", "40"), ("method", "cash")],
    )
    .await;
    assert_eq!(app.status_of(id).await, "ready_to_release");
    let too_much = record(
        &mut app,
        id,
        &[("kind", "refund"), ("amount", "40.01"), ("method", "cash")],
    )
    .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert!(too_much.body.contains("cannot be more than was paid"));
    record(
        &mut app,
        id,
        &[("kind", "refund"), ("amount", "8.50"), ("method", "cash")],
    )
    .await;
    assert_eq!(ledger_rows(&app).await, 2);
    let balance: i64 = sqlx::query_scalar(
        "select i.total_cents - coalesce(sum(case p.kind when 'refund' then -p.amount_cents else p.amount_cents end), 0)::bigint
         from invoices i left join payments p on p.request_id = i.request_id group by i.total_cents",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(balance, 0);

    let other = priced(&mut app, &patient_form(), "12").await;
    let no_reason = record(&mut app, other, &[("kind", "waiver"), ("amount", "31.50")]).await;
    assert_eq!(no_reason.status, StatusCode::CONFLICT);
    assert!(no_reason.body.contains("reason for the waiver"));
    record(
        &mut app,
        other,
        &[
            ("kind", "waiver"),
            ("amount", "31.50"),
            ("reason", "Hardship, approved by the office manager"),
        ],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{other}"));
    assert_eq!(app.status_of(other).await, "ready_to_release");

    let edit = sqlx::query("update payments set amount_cents = 1")
        .execute(&app.db)
        .await;
    assert!(edit.is_err(), "the database refuses edits to the ledger");
    let delete = sqlx::query("delete from payments").execute(&app.db).await;
    assert!(delete.is_err(), "and deletions");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn bad_entries_and_unpriced_requests_are_refused(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let free = priced(&mut app, &provider_form(), "3").await;
    let nothing = record(
        &mut app,
        free,
        &[("kind", "payment"), ("amount", "5"), ("method", "cash")],
    )
    .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert!(nothing.body.contains("no invoice"));
    let id = priced(&mut app, &patient_form(), "12").await;
    for (fields, message) in [
        (
            vec![("kind", "payment"), ("amount", "-5"), ("method", "cash")],
            "more than $0.00",
        ),
        (
            vec![("kind", "payment"), ("amount", "5")],
            "how the money was paid",
        ),
        (
            vec![("kind", "gift"), ("amount", "5"), ("method", "cash")],
            "payment, waiver or refund",
        ),
    ] {
        let response = record(&mut app, id, &fields).await;
        assert_eq!(response.status, StatusCode::CONFLICT);
        assert!(response.body.contains(message), "{message}");
    }
    assert_eq!(ledger_rows(&app).await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn invoices_are_staff_or_token_only(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = priced(&mut app, &patient_form(), "12").await;
    app.post_staff("/staff/logout", &[]).await;
    let anonymous = app.get(&format!("/staff/requests/{id}/invoice.pdf")).await;
    assert_ne!(anonymous.status, StatusCode::OK);
    assert_eq!(
        app.get("/track/not-a-token/invoice.pdf").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn paying_in_full_starts_the_service_target_and_the_requester_sees_the_same_date(db: PgPool) {
    use records_portal::domain::calendar::{BusinessCalendar, long_date, practice_date};
    use records_portal::domain::due_dates::service_target;
    use records_portal::domain::request::DeliveryMethod;

    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = priced(&mut app, &patient_form(), "12").await;
    // The requester pays nine days later.
    app.clock.advance(time::Duration::days(9));
    app.sign_in("clerk@practice.test", crate::helpers::STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/queue");
    record(
        &mut app,
        id,
        &[("kind", "payment"), ("amount", "31.50"), ("method", "card")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "ready_to_release");
    let calendar = BusinessCalendar::from_toml(include_str!("../../config/calendar.toml")).unwrap();
    let paid_on = practice_date(crate::helpers::NOW + time::Duration::days(9));
    let expected = service_target(&calendar, paid_on, DeliveryMethod::Mail).latest;
    let stored: time::Date =
        sqlx::query_scalar("select service_due_on from requests where id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, expected);

    let text: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = 'request_received' and request_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let tracking = app.get(&tracking_path(&text)).await;
    assert!(
        tracking.body.contains(&long_date(expected)),
        "the tracking page shows the service target staff see"
    );
}
