//! The queue: urgency order, counts, filters, search, keyset pages and the CSV export.

use axum::http::StatusCode;
use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use time::Duration;

use crate::helpers::TestApp;

/// References on the queue page, in the order shown (each appears once per row).
/// The references of the queue's rows, in order (each row's link, not the duplicate marks).
fn references(body: &str) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for (at, _) in body.match_indices("\">RP-2026-") {
        let reference = &body[at + 2..at + 16];
        if refs.last().map(String::as_str) != Some(reference) {
            refs.push(reference.to_owned());
        }
    }
    refs
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_queue_orders_by_deadline_and_filters(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let first = app.file(&patient_form()).await; // RP-2026-000001, received 22 Nov
    app.clock.advance(Duration::days(1));
    app.file(&attorney_form()).await; // 000002
    app.clock.advance(Duration::days(1));
    app.file(&with(&provider_form(), "patient_name", Some("Zed Overdue")))
        .await; // 000003
    app.clock.advance(Duration::days(7));
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;

    let queue = app.get("/staff/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(
        references(&queue.body),
        ["RP-2026-000001", "RP-2026-000002", "RP-2026-000003"]
    );
    assert!(queue.body.contains("Received: <strong>3</strong>"));
    assert!(
        queue.body.contains("Overdue"),
        "a week later every target has passed, and it says so in words"
    );

    let third_party = app.get("/staff/queue?requester_type=third_party").await;
    assert_eq!(references(&third_party.body), ["RP-2026-000002"]);
    let xray = app.get("/staff/queue?kind=xray_images").await;
    assert_eq!(references(&xray.body), ["RP-2026-000001"]);
    let fax = app.get("/staff/queue?delivery=fax").await;
    assert_eq!(references(&fax.body), ["RP-2026-000003"]);
    assert_eq!(
        references(&app.get("/staff/queue?q=zed").await.body),
        ["RP-2026-000003"]
    );
    assert_eq!(
        references(&app.get("/staff/queue?q=rp-2026-000002").await.body),
        ["RP-2026-000002"]
    );
    assert_eq!(
        references(&app.get("/staff/queue?q=4/28/1986").await.body),
        ["RP-2026-000001"]
    );
    assert_eq!(
        references(&app.get("/staff/queue?q=100%25").await.body),
        Vec::<String>::new(),
        "% is literal"
    );
    assert!(references(&app.get("/staff/queue?mine=1").await.body).is_empty());
    app.post_staff(&format!("/staff/requests/{first}/assign"), &[])
        .await;
    assert_eq!(
        references(&app.get("/staff/queue?mine=1").await.body),
        ["RP-2026-000001"]
    );
    assert_eq!(
        app.get("/staff/queue?status=bogus&kind=%00").await.status,
        StatusCode::OK,
        "junk filters are ignored"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn keyset_pages_cover_every_request_once(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    for _ in 0..55 {
        app.file(&patient_form()).await;
    }
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let first = app.get("/staff/queue").await;
    let page_one = references(&first.body);
    assert_eq!(page_one.len(), 50);
    let marker = "after=";
    let start = first.body.find(marker).expect("a next-page link") + marker.len();
    let cursor: String = first.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let second = app.get(&format!("/staff/queue?after={cursor}")).await;
    let page_two = references(&second.body);
    assert_eq!(page_two.len(), 5);
    assert!(page_two.iter().all(|r| !page_one.contains(r)));
    assert!(!second.body.contains("Next page"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_csv_export_neutralises_formulas_and_is_audited(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let evil = with(
        &with(
            &patient_form(),
            "patient_name",
            Some("=HYPERLINK(\"http://evil.example\",\"Click\")"),
        ),
        "signature_name",
        Some("=HYPERLINK(\"http://evil.example\",\"Click\")"),
    );
    app.file(&with(&evil, "signer_authority", Some("Self")))
        .await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let csv = app.get("/staff/queue.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers.get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(
        csv.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        csv.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains(",\"=HYPERLINK"));
    assert_eq!(
        app.count("audit_log where action = 'queue.exported'").await,
        1
    );
}

/// The counts above the queue come from counters a trigger keeps with every status change;
/// they always equal a count of the rows.
#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_status_counters_always_equal_a_count_of_the_requests(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let ids = [
        app.file(&patient_form()).await,
        app.file(&provider_form()).await,
        app.file_unsigned(&attorney_form()).await,
    ];
    for (id, status) in [
        (ids[0], "verifying"),
        (ids[1], "withdrawn"),
        (ids[0], "needs_info"),
    ] {
        app.set_status(id, status).await;
    }
    let counted: Vec<(String, i64)> =
        sqlx::query_as("select status, count(*) from requests group by status order by status")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let kept: Vec<(String, i64)> = sqlx::query_as(
        "select status, sum(n)::bigint from request_status_counts group by status having sum(n) <> 0 order by status",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(kept, counted);
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let queue = app.get("/staff/queue").await;
    assert!(queue.body.contains("Needs information: <strong>1</strong>"));
    let awaiting = queue
        .body
        .find("Awaiting the patient")
        .map(|at| &queue.body[at..at + 80]);
    assert!(
        awaiting.is_some_and(|text| text.contains("<strong>1</strong>")),
        "{awaiting:?}"
    );
}
