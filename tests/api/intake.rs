//! Filing a request through the form: the happy path, validation, atomicity, rate limits.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use sqlx::PgPool;

use crate::helpers::{TestApp, with_csrf};

/// The fields an empty form must complain about.
const REQUIRED_FIELDS: [&str; 8] = [
    "requester_type",
    "patient_name",
    "dob_month",
    "record_kinds",
    "date_range",
    "delivery",
    "purpose",
    "signature_name",
];

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_form_renders_every_section_with_a_csrf_token(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let page = app.get("/requests/new").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.csrf_token().is_empty());
    let every_section =
        REQUIRED_FIELDS
            .iter()
            .chain(&["signed_by", "auth_expires_on", "consent_hiv"]);
    for field in every_section {
        assert!(
            page.body.contains(&format!("name=\"{field}\"")),
            "missing {field}"
        );
    }
    assert!(page.body.contains("19a-585"), "the HIV notice is shown");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_files_a_request_and_lands_on_the_confirmation(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;

    let review = app
        .post_form("/requests/review", &with_csrf(&patient_form(), &token))
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("Check your request"));
    assert!(
        review.body.contains("at most $31.50"),
        "the estimate: documents capped at $6.50 plus a $25 CD"
    );
    assert!(
        review.body.contains("value=\"Jordan Avery Example\""),
        "answers are carried forward"
    );

    let submitted = app.submit(&patient_form(), &[]).await;
    submitted.assert_redirect_to("/requests/confirmation");

    let confirmation = app.get("/requests/confirmation").await;
    assert_eq!(confirmation.status, StatusCode::OK);
    assert!(confirmation.body.contains("Thank you"));
    assert!(confirmation.body.contains("RP-2026-000001"));
    // Received Sunday 22 Nov 2026: mail target 5 business days (Thanksgiving on the 26th).
    assert!(
        confirmation.body.contains("Monday, November 30, 2026"),
        "{}",
        confirmation.body
    );
    assert!(
        confirmation.body.contains("Tuesday, December 22, 2026"),
        "30-day legal deadline"
    );
    assert!(confirmation.body.contains("j***@example.com"));
    assert!(
        !confirmation.body.contains("Jordan"),
        "no PHI on the confirmation page"
    );

    let row = sqlx::query!("select status, requester_type, delivery_method, fee_schedule_version, legal_due_on::text as due from requests")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        (
            row.status.as_str(),
            row.requester_type.as_str(),
            row.delivery_method.as_str()
        ),
        ("received", "self", "mail")
    );
    assert_eq!(row.fee_schedule_version, "ct-2026-01");
    assert_eq!(row.due.as_deref(), Some("2026-12-22"));
    assert_eq!(app.count("request_record_kinds").await, 2);
    assert_eq!(app.count("authorizations").await, 1);
    assert_eq!(app.count("request_status_history").await, 1);
    assert_eq!(
        app.count("audit_log where action = 'request.submitted'")
            .await,
        1
    );
    let outbox = sqlx::query!("select recipient, kind, subject from email_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        (outbox.recipient.as_str(), outbox.kind.as_str()),
        ("jordan@example.com", "request_received")
    );
    assert!(outbox.subject.contains("RP-2026-000001"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn third_parties_and_providers_file_too(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.submit(&attorney_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    app.submit(&provider_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let auth = sqlx::query!("select statements, signer_name, signed_by, expires_on::text as expires, recipient from authorizations order by created_at")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert!(
        auth[0].statements.is_empty() && auth[0].signer_name.is_none(),
        "the attorney signs nothing: the patient will"
    );
    assert_eq!(auth[0].signed_by, "patient_online");
    assert_eq!(auth[0].expires.as_deref(), Some("2030-12-31"));
    assert_eq!(
        auth[0].recipient,
        "Morgan Paralegal (Example & Partners LLP)"
    );
    let recipients: Vec<String> = sqlx::query_scalar!(
        "select recipient from email_outbox where kind = 'request_received' order by created_at"
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        recipients,
        ["records@law.example.com", "frontdesk@valleypt.example.com"]
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_empty_form_comes_back_422_with_a_summary_and_a_message_per_field(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let page = app
        .post_form(
            "/requests/review",
            &with_csrf(&FormValues::default(), &token),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"error-summary\""));
    for field in REQUIRED_FIELDS {
        assert!(
            page.body.contains(&format!("href=\"#{field}\"")),
            "summary links to {field}"
        );
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "message beside {field}"
        );
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_form_with_mistakes_keeps_every_value(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let form = with(
        &with(&patient_form(), "patient_email", Some("not-an-email")),
        "include_hiv",
        Some("yes"),
    );
    let page = app
        .post_form("/requests/review", &with_csrf(&form, &token))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"patient_email-error\""));
    assert!(page.body.contains("id=\"consent_hiv-error\""));
    for kept in [
        "value=\"not-an-email\"",
        "value=\"Jordan Avery Example\"",
        "value=\"1986\"",
        "value=\"2025-01-01\"",
        "12 Elm Street",
    ] {
        assert!(page.body.contains(kept), "kept {kept}");
    }
    for kind in ["visit_notes", "xray_images"] {
        let at = page
            .body
            .find(&format!("value=\"{kind}\""))
            .expect("the checkbox is there");
        assert!(
            page.body[at..at + 120].contains("checked"),
            "{kind} stays checked"
        );
    }
    assert_eq!(app.count("requests").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_invalid_final_submission_stores_nothing(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let page = app
        .submit(
            &with(&attorney_form(), "auth_expires_on", Some("2001-01-01")),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"auth_expires_on-error\""));
    for table in [
        "requests",
        "patients",
        "requesters",
        "authorizations",
        "email_outbox",
        "audit_log",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn change_my_answers_returns_to_the_form_with_the_values(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let form = with(&with_csrf(&patient_form(), &token), "action", Some("edit"));
    let page = app.post_multipart("/requests", &form, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Request copies of health records"));
    assert!(page.body.contains("value=\"Jordan Avery Example\""));
    assert_eq!(app.count("requests").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_failure_midway_leaves_no_half_written_request(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    // Make the last insert of the use case fail, after the request rows were written.
    sqlx::query("create function fail() returns trigger as $$ begin raise exception 'boom'; end $$ language plpgsql")
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query(
        "create trigger fail before insert on email_outbox for each row execute function fail()",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let files = [crate::helpers::TestFile {
        field: "id_photo",
        filename: "id.pdf",
        content_type: "application/pdf",
        bytes: crate::helpers::pdf_bytes(),
    }];
    let page = app.submit(&patient_form(), &files).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("Nothing you sent was saved"));
    assert!(
        !page.body.contains("boom"),
        "no internal detail on the page"
    );
    for table in [
        "requests",
        "patients",
        "requesters",
        "authorizations",
        "uploaded_files",
        "request_status_history",
        "audit_log",
        "email_outbox",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert!(
        app.stored_files().is_empty(),
        "the uploaded file was removed: {:?}",
        app.stored_files()
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn submissions_are_rate_limited_per_client(db: PgPool) {
    let mut app = TestApp::spawn_with(db, |c| c.submit_limit_per_hour = 2).await;
    app.submit(&patient_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    app.submit(&patient_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let third = app.submit(&patient_form(), &[]).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers.get("retry-after").is_some());
    assert_eq!(app.count("requests").await, 2);
    app.clock.advance(time::Duration::hours(1));
    app.submit(&patient_form(), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_confirmation_page_needs_its_signed_cookie(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    assert_eq!(
        app.get("/requests/confirmation").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn hostile_text_is_escaped_and_never_breaks_the_page(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let token = app.csrf_token().await;
    let evil = "<script>alert(1)</script>\"' OR 1=1; --";
    let form = with(
        &with(&patient_form(), "patient_former_names", Some(evil)),
        "patient_email",
        Some(evil),
    );
    let page = app
        .post_form("/requests/review", &with_csrf(&form, &token))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page.body.contains("<script>alert(1)</script>"));
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "shown escaped, as typed"
    );
}

/// The one-time key the review page gives this form.
async fn reviewed_key(app: &mut TestApp, form: &FormValues) -> String {
    let token = app.csrf_token().await;
    let review = app
        .post_form("/requests/review", &with_csrf(form, &token))
        .await;
    assert_eq!(review.status, StatusCode::OK);
    let marker = "name=\"filing_key\" value=\"";
    let start = review
        .body
        .find(marker)
        .expect("the review page carries a filing key")
        + marker.len();
    review.body[start..].split('"').next().unwrap().to_owned()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn sending_the_same_reviewed_form_again_lands_on_the_first_confirmation(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let key = reviewed_key(&mut app, &patient_form()).await;
    let form = with(&patient_form(), "filing_key", Some(&key));
    app.submit(&form, &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let first = app.get("/requests/confirmation").await;
    // Back, then Send again.
    app.submit(&form, &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let again = app.get("/requests/confirmation").await;
    assert_eq!(app.count("requests").await, 1);
    assert_eq!(
        app.count("email_outbox where kind = 'request_received'")
            .await,
        1
    );
    assert!(first.body.contains("RP-2026-000001") && again.body.contains("RP-2026-000001"));
    // A new review is a new key: the same answers filed on purpose make a second request.
    let key = reviewed_key(&mut app, &patient_form()).await;
    app.submit(&with(&patient_form(), "filing_key", Some(&key)), &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    assert_eq!(app.count("requests").await, 2);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_double_click_on_send_files_once(db: PgPool) {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;

    let mut app = TestApp::spawn(db).await;
    let key = reviewed_key(&mut app, &patient_form()).await;
    let token = app.csrf_token().await;
    let form = crate::helpers::with_value(
        &with_csrf(&with(&patient_form(), "filing_key", Some(&key)), &token),
        "action",
        "submit",
    );
    let (content_type, body) = crate::helpers::multipart_body(&form, &[]);
    let cookie = app.cookie_header();
    let sends: Vec<_> = (0..2)
        .map(|_| {
            let request = Request::post("/requests")
                .header(header::CONTENT_TYPE, &content_type)
                .header(header::COOKIE, &cookie)
                .header(header::ORIGIN, "http://portal.test")
                .body(Body::from(body.clone()))
                .unwrap();
            let router = app.router.clone();
            tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
        })
        .collect();
    for send in sends {
        assert_eq!(send.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.count("requests").await, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_same_request_filed_again_within_two_weeks_is_marked_for_a_clerk(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.file(&patient_form()).await;
    app.clock.advance(time::Duration::days(3));
    let second = app.file(&patient_form()).await;
    app.file(&attorney_form()).await;
    let marked: Vec<(String, Option<String>)> = sqlx::query_as(
        "select r.reference, d.reference from requests r left join requests d on d.id = r.possible_duplicate_of order by r.reference",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        marked,
        [
            ("RP-2026-000001".to_owned(), None),
            (
                "RP-2026-000002".to_owned(),
                Some("RP-2026-000001".to_owned())
            ),
            ("RP-2026-000003".to_owned(), None),
        ]
    );
    app.sign_in_as(
        records_portal::staff::accounts::Role::Clerk,
        "clerk@practice.test",
    )
    .await;
    let queue = app.get("/staff/queue").await;
    assert!(queue.body.contains("Possible duplicate of RP-2026-000001"));
    let detail = app.get(&format!("/staff/requests/{second}")).await;
    assert!(detail.body.contains("Possibly a duplicate of"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_form_sent_again_with_a_new_file_says_the_file_was_not_added(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let key = reviewed_key(&mut app, &patient_form()).await;
    let form = with(&patient_form(), "filing_key", Some(&key));
    app.submit(&form, &[])
        .await
        .assert_redirect_to("/requests/confirmation");
    let id_photo = crate::helpers::TestFile {
        field: "id_photo",
        filename: "license.pdf",
        content_type: "application/pdf",
        bytes: crate::helpers::pdf_bytes(),
    };
    let again = app.submit(&form, &[id_photo]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already sent as RP-2026-000001"));
    assert_eq!(app.count("requests").await, 1);
    assert_eq!(app.count("uploaded_files").await, 0);
    assert!(app.stored_files().is_empty(), "the file is not kept");
}
