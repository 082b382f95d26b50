//! Every payload into every field of every form.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{Tally, payloads};
use crate::helpers::{TestApp, with_csrf, with_value};

#[track_caller]
fn no_server_error(status: StatusCode, what: &str) {
    assert!(status.as_u16() < 500, "{what}: {status}");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn public_and_patient_forms_survive_every_payload_in_every_field(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let mut tally = Tally::default();
    let token = app.csrf_token().await;
    let form = with_csrf(&patient_form(), &token);
    let names: Vec<String> = form
        .pairs()
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n != "csrf_token")
        .collect();
    for (category, payload) in payloads() {
        // The request form's review step parses and renders without storing.
        for name in &names {
            let hostile = with_value(&form, name, &payload);
            let page = app.post_form("/requests/review", &hostile).await;
            no_server_error(page.status, &format!("review {name}"));
            assert!(!page.body.contains("<script>alert(1)"), "escaped in {name}");
            tally.add(category);
        }
        for (path, fields) in [
            (
                "/account/register",
                &["legal_name", "dob_year", "email", "password"][..],
            ),
            ("/account/login", &["email", "password"][..]),
            ("/account/reset", &["email"][..]),
            ("/staff/login", &["email", "password"][..]),
        ] {
            for field in fields {
                let mut pairs = vec![("csrf_token".to_owned(), token.clone())];
                pairs.push(((*field).to_owned(), payload.clone()));
                let response = app.post_form(path, &FormValues::new(pairs)).await;
                no_server_error(response.status, &format!("{path} {field}"));
                tally.add(category);
            }
        }
        let quote = serde_json::json!({ "requester_type": payload, "purpose": "individual", "documents": { "delivery": "mail", "pages": 3 } });
        let response = app
            .request(
                axum::http::Request::post("/api/fee-quote")
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from(quote.to_string()))
                    .unwrap(),
            )
            .await;
        assert!(
            [
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::PAYLOAD_TOO_LARGE
            ]
            .contains(&response.status),
            "fee quote: {}",
            response.status
        );
        tally.add(category);
        let short: String = payload.chars().take(1000).collect();
        let search = app.get(&format!("/track/{}", urlencoding(&short))).await;
        no_server_error(search.status, "tracking token");
        tally.add(category);
    }
    assert_eq!(
        app.count("patient_accounts").await,
        0,
        "no payload made an account"
    );
    assert_eq!(app.count("requests").await, 0, "review stores nothing");
    tally.print("public and patient forms");
    assert!(tally.total() >= 500, "{} cases", tally.total());
}

/// Percent-encodes for a URL path or query.
pub fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn stored_payloads_stay_inert_on_staff_pages_csv_and_emails(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let mut tally = Tally::default();
    // Filed requests carrying payloads in the free-text fields people and staff read.
    let mut ids = Vec::new();
    for (category, payload) in payloads()
        .into_iter()
        .filter(|(c, _)| *c != "oversized field")
    {
        let form = with_value(
            &with_value(&attorney_form(), "requester_organization", &payload),
            "record_kinds_other",
            &payload,
        );
        let token = app.csrf_token().await;
        let response = app
            .post_multipart(
                "/requests",
                &with_value(&with_csrf(&form, &token), "action", "submit"),
                &[],
            )
            .await;
        no_server_error(response.status, "submit");
        if response.status == StatusCode::SEE_OTHER {
            ids.push(
                sqlx::query_scalar::<_, uuid::Uuid>(
                    "select id from requests order by created_at desc, id desc limit 1",
                )
                .fetch_one(&app.db)
                .await
                .unwrap(),
            );
        }
        tally.add(category);
    }
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    for (category, payload) in payloads() {
        // URLs past a few kilobytes never reach a server: proxies refuse them first.
        let q = urlencoding(&payload.chars().take(1000).collect::<String>());
        for path in [
            format!("/staff/queue?q={q}"),
            format!("/staff/queue?status={q}&kind={q}"),
            format!("/staff/queue.csv?q={q}"),
            format!("/staff/patients?q={q}"),
        ] {
            let page = app.get(&path).await;
            no_server_error(page.status, &path);
            assert!(!page.body.contains("<script>alert(1)"), "{path}");
            tally.add(category);
        }
        if let Some(id) = ids.first() {
            for (action, field) in [
                ("request-info", "message"),
                ("extend", "reason"),
                ("withdraw", "note"),
                ("pages", "page_count"),
                ("payments", "amount"),
                ("payments", "reference"),
            ] {
                let response = app
                    .post_staff(
                        &format!("/staff/requests/{id}/{action}"),
                        &[(field, &payload), ("kind", "payment"), ("method", "cash")],
                    )
                    .await;
                no_server_error(response.status, action);
                tally.add(category);
            }
        }
    }
    for id in &ids {
        let page = app.get(&format!("/staff/requests/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("<script>alert(1)") && !page.body.contains("<img src=x"),
            "escaped on the detail page"
        );
    }
    let csv = app.get("/staff/queue.csv").await;
    for line in csv.body.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula neutralised: {cell}"
            );
        }
    }
    let bodies: Vec<String> =
        sqlx::query_scalar("select coalesce(text_body, '') || subject from email_outbox")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(
        bodies.iter().all(|b| !b.contains("Bcc: victim")),
        "no header injection into emails"
    );
    tally.print("stored payloads and staff forms");
}
