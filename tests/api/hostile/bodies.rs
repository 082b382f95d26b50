//! Hostile bodies and headers: sizes around the limits, lying lengths, broken encodings and
//! multipart, forged or missing CSRF on every state-changing route, and Host injection.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use records_portal::intake::sample::patient_form;
use records_portal::staff::PROTECTED_ROUTES;
use sqlx::PgPool;

use super::Tally;
use crate::helpers::{TestApp, with_csrf, with_value};

const FORM_LIMIT: usize = 64 * 1024;

fn raw(path: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn bodies_at_and_past_the_limits_and_broken_encodings_never_fail_the_server(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let mut tally = Tally::default();
    let token = app.csrf_token().await;
    for path in [
        "/staff/login",
        "/account/login",
        "/account/register",
        "/requests/review",
        "/api/fee-quote",
    ] {
        for size in [FORM_LIMIT - 1, FORM_LIMIT, FORM_LIMIT + 1, 10 * FORM_LIMIT] {
            let mut body = format!("csrf_token={token}&email=").into_bytes();
            body.resize(size, b'a');
            let response = app
                .request(raw(path, "application/x-www-form-urlencoded", body))
                .await;
            assert!(
                response.status.as_u16() < 500,
                "{path} {size}: {}",
                response.status
            );
            if size > FORM_LIMIT {
                assert_eq!(
                    response.status,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "{path} {size}"
                );
            }
            tally.add("size limits");
        }
        // A Content-Length that lies in either direction.
        for claimed in ["5", "999999"] {
            let request = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::CONTENT_LENGTH, claimed)
                .body(Body::from(format!("csrf_token={token}&email=x")))
                .unwrap();
            let response = app.request(request).await;
            assert!(response.status.as_u16() < 500, "{path} length {claimed}");
            tally.add("lying content-length");
        }
        for body in [
            &b"email=%FF%FE"[..],
            b"email=\xff\xfe",
            b"%%%%",
            b"a=1&&&=&=",
            b"email=%00",
        ] {
            let mut full = format!("csrf_token={token}&").into_bytes();
            full.extend_from_slice(body);
            let response = app
                .request(raw(path, "application/x-www-form-urlencoded", full))
                .await;
            assert!(response.status.as_u16() < 500, "{path} {body:?}");
            tally.add("invalid utf-8 and encoding");
        }
        let response = app
            .request(raw(
                path,
                "application/json",
                b"{\"requester_type\": \"self\"".to_vec(),
            ))
            .await;
        assert!(response.status.as_u16() < 500, "{path} broken json");
        tally.add("invalid utf-8 and encoding");
    }
    for body in [
        &b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"[..],
        b"--x\r\n\r\n--x--",
        b"garbage with no boundary at all",
        b"--x\r\nContent-Disposition: form-data; name=\"id_photo\"; filename=\"../../etc/passwd\"\r\n\r\nMZ\r\n--x--\r\n",
    ] {
        let response = app.request(raw("/requests", "multipart/form-data; boundary=x", body.to_vec())).await;
        assert!(response.status.as_u16() < 500, "multipart {body:?}");
        tally.add("malformed multipart");
    }
    assert_eq!(app.count("requests").await, 0);
    tally.print("bodies");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_state_changing_route_refuses_forged_requests(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    let mut tally = Tally::default();
    app.sign_in_as(
        records_portal::staff::accounts::Role::Admin,
        "admin@practice.test",
    )
    .await;
    let mut other = TestApp::spawn(db).await;
    let others_token = other.csrf_token().await;
    let id = uuid::Uuid::now_v7().to_string();
    let posts = PROTECTED_ROUTES
        .iter()
        .filter(|(m, _)| *m == "POST")
        .map(|(_, p)| p.replace("{id}", &id))
        .chain(
            [
                "/requests/review",
                "/account/register",
                "/account/login",
                "/account/reset",
                "/staff/login",
            ]
            .map(String::from),
        );
    for path in posts {
        for (what, token) in [
            ("no token", None),
            (
                "wrong token",
                Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned()),
            ),
            ("another visitor's token", Some(others_token.clone())),
        ] {
            let mut pairs = vec![("email".to_owned(), "x@example.com".to_owned())];
            if let Some(token) = token {
                pairs.push(("csrf_token".into(), token));
            }
            let response = app
                .post_form(&path, &records_portal::forms::FormValues::new(pairs))
                .await;
            // Upload routes read multipart: a urlencoded forgery is unreadable there (400).
            let refused = if path.ends_with("/files") || path.ends_with("/summaries") {
                [StatusCode::FORBIDDEN, StatusCode::BAD_REQUEST].contains(&response.status)
            } else {
                response.status == StatusCode::FORBIDDEN
            };
            assert!(refused, "{path}: {what}: {}", response.status);
            tally.add("csrf");
        }
        let token = app.csrf_token().await;
        let foreign = Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(format!("csrf_token={token}")))
            .unwrap();
        let response = app.request(foreign).await;
        assert_eq!(
            response.status,
            StatusCode::FORBIDDEN,
            "{path}: foreign origin"
        );
        tally.add("csrf");
    }
    assert_eq!(app.count("staff").await, 1, "no account was made");
    tally.print("csrf");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_forged_host_header_never_reaches_an_email_link(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let form = with_value(&with_csrf(&patient_form(), &token), "action", "submit");
    let (content_type, body) = crate::helpers::multipart_body(&form, &[]);
    let request = Request::post("/requests")
        .header(header::HOST, "evil.example")
        .header("x-forwarded-host", "evil.example")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    app.request(request)
        .await
        .assert_redirect_to("/requests/confirmation");
    let text: String = sqlx::query_scalar("select text_body from email_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(text.contains("http://portal.test/track/"));
    assert!(!text.contains("evil.example"));
}
