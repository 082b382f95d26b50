//! Each workflow action through the staff pages: the happy path and a refused transition.

use axum::http::StatusCode;
use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::{TestApp, create_staff};
use crate::tracking::tracking_path;

async fn clerk_with_request(
    db: PgPool,
    form: &records_portal::forms::FormValues,
) -> (TestApp, uuid::Uuid) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file(form).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    (app, id)
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_detail_page_shows_everything_and_records_the_view(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &attorney_form()).await;
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Casey Sample",
        "1970-11-03",
        "Example &#38; Partners LLP",
        "records@law.example.com",
        "Operative reports",
        "Statement: right to revoke and how",
        "Expiration date or event",
        "Fee estimate",
        "request.submitted",
        "Received",
    ] {
        assert!(page.body.contains(text), "detail shows {text}");
    }
    assert!(!page.body.contains("MISSING"), "a complete authorization");
    assert_eq!(
        app.count("audit_log where action = 'request.viewed'").await,
        1
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_evening_request_shows_the_practices_date_and_time(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    // 8:15 pm in New Haven on November 24 is 01:15 UTC on November 25.
    app.clock
        .advance(time::macros::datetime!(2026-11-25 01:15 UTC) - crate::helpers::NOW);
    let id = app.file(&patient_form()).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(page.body.contains("Received at 2026-11-24 20:15 EST"));
    assert!(
        !page.body.contains("2026-11-24 01:15"),
        "never the New York date with the UTC hour"
    );
    assert!(!page.body.contains(" UTC"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_verifies_and_records_pages_and_the_fee_follows(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &patient_form()).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(&format!("{base}/assign"), &[])
        .await
        .assert_redirect_to(&base);
    app.post_staff(&format!("{base}/start-verifying"), &[])
        .await
        .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "verifying");
    app.post_staff(&format!("{base}/verify"), &[])
        .await
        .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "in_fulfillment");
    let bad = app
        .post_staff(&format!("{base}/pages"), &[("page_count", "twelve")])
        .await;
    assert_eq!(bad.status, StatusCode::CONFLICT);
    assert!(bad.body.contains("whole number"));
    app.post_staff(&format!("{base}/pages"), &[("page_count", "12")])
        .await
        .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "awaiting_payment");
    let due = app.fee_due_of(id).await;
    assert_eq!(due, Some(3150), "12 pages capped at $6.50 plus the $25 CD");
    assert_eq!(app.count("request_status_history").await, 4);
    assert_eq!(
        app.count("audit_log where action = 'request.status_changed'")
            .await,
        3
    );
    assert_eq!(
        app.count("audit_log where action = 'request.assigned'")
            .await,
        1
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_free_request_goes_straight_to_ready_to_release(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &provider_form()).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(&format!("{base}/verify"), &[])
        .await
        .assert_redirect_to(&base);
    app.post_staff(&format!("{base}/pages"), &[("page_count", "40")])
        .await
        .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "ready_to_release");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn asking_for_information_emails_the_requester_who_answers_on_the_tracking_page(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &patient_form()).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(&format!("{base}/start-verifying"), &[])
        .await;
    app.post_staff(
        &format!("{base}/request-info",),
        &[("message", "Please send a copy of your photo ID.")],
    )
    .await
    .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "needs_info");
    let text: String =
        sqlx::query_scalar("select text_body from email_outbox where kind = 'needs_information'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(
        !text.contains("photo ID"),
        "the message itself stays behind the link"
    );
    let track = tracking_path(&text);

    app.clear_cookie("rp_staff");
    let page = app.get(&track).await;
    assert!(page.body.contains("Please send a copy of your photo ID."));
    assert!(page.body.contains("Send my answer"));
    let token = page.csrf_token();
    let reply = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token),
        ("message".into(), "I mailed it today.".into()),
    ]);
    app.post_form(&format!("{track}/reply"), &reply)
        .await
        .assert_redirect_to(&track);
    assert_eq!(app.status_of(id).await, "verifying");
    assert_eq!(app.count("request_messages").await, 2);
    let again = app
        .post_form(
            &format!("{track}/reply"),
            &with(&reply, "message", Some("More")),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "no longer waiting for an answer"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn sensitive_records_wait_for_a_reviewer(db: PgPool) {
    // Free (continuing care), so recording the pages would make it ready to release.
    let form = with(
        &with(&provider_form(), "include_hiv", Some("yes")),
        "consent_hiv",
        Some("yes"),
    );
    let (mut clerk, id) = clerk_with_request(db.clone(), &form).await;
    let base = format!("/staff/requests/{id}");
    clerk.post_staff(&format!("{base}/verify"), &[]).await;
    let refused = clerk
        .post_staff(&format!("{base}/pages"), &[("page_count", "3")])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("a reviewer must approve"));
    assert_eq!(
        clerk
            .post_staff(&format!("{base}/approve"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN,
        "a clerk cannot approve"
    );

    let mut reviewer = TestApp::spawn(db).await;
    reviewer
        .sign_in_as(Role::Reviewer, "reviewer@practice.test")
        .await;
    reviewer
        .post_staff(&format!("{base}/approve"), &[])
        .await
        .assert_redirect_to(&base);
    clerk
        .post_staff(&format!("{base}/pages"), &[("page_count", "3")])
        .await
        .assert_redirect_to(&base);
    assert_eq!(clerk.status_of(id).await, "ready_to_release");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_deadline_cannot_be_extended_once_it_has_passed(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file(&patient_form()).await;
    // Thirty-one days on, the 30-day deadline is behind us.
    app.clock.advance(time::Duration::days(31));
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let late = app
        .post_staff(
            &format!("/staff/requests/{id}/extend"),
            &[("reason", "We are waiting for the imaging archive")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("before the deadline passes"));
    assert_eq!(
        app.count("email_outbox where kind = 'extension_notice'")
            .await,
        0
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_deadline_is_extended_once_with_a_notice(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &patient_form()).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(
        &format!("{base}/extend"),
        &[("reason", "The records are in off-site storage.")],
    )
    .await
    .assert_redirect_to(&base);
    let due: time::Date = sqlx::query_scalar("select legal_due_on from requests where id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        due,
        time::macros::date!(2027 - 01 - 21),
        "60 days from receipt"
    );
    let text: String =
        sqlx::query_scalar("select text_body from email_outbox where kind = 'extension_notice'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(text.contains("off-site storage") && text.contains("Thursday, January 21, 2027"));
    let twice = app
        .post_staff(&format!("{base}/extend"), &[("reason", "Again")])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("extended once"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_reviewer_denies_with_a_letter_and_a_clerk_cannot(db: PgPool) {
    let (mut clerk, id) = clerk_with_request(db.clone(), &attorney_form()).await;
    let base = format!("/staff/requests/{id}");
    assert_eq!(
        clerk
            .post_staff(&format!("{base}/deny"), &[("ground", "legal_proceeding")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let mut reviewer = TestApp::spawn(db).await;
    reviewer
        .sign_in_as(Role::Reviewer, "reviewer@practice.test")
        .await;
    let no_ground = reviewer.post_staff(&format!("{base}/deny"), &[]).await;
    assert_eq!(no_ground.status, StatusCode::CONFLICT);
    reviewer
        .post_staff(
            &format!("{base}/deny"),
            &[
                ("ground", "endangers_life"),
                ("explanation", "Reviewed by Dr. Example."),
            ],
        )
        .await
        .assert_redirect_to(&base);
    assert_eq!(reviewer.status_of(id).await, "denied");
    let letter = reviewer.get(&format!("{base}/letter")).await;
    assert_eq!(letter.status, StatusCode::OK);
    for text in [
        "Denial of your request",
        "endanger the life",
        "Your right to a review",
        "hhs.gov/ocr/complaints",
        "privacy officer",
    ] {
        assert!(letter.body.contains(text), "letter has {text}");
    }
    let text: String =
        sqlx::query_scalar("select text_body from email_outbox where kind = 'denied'")
            .fetch_one(&reviewer.db)
            .await
            .unwrap();
    let track = tracking_path(&text);
    reviewer.clear_cookie("rp_staff");
    assert_eq!(
        reviewer.get(&format!("{track}/letter")).await.status,
        StatusCode::OK
    );
    // The same letter as a tagged PDF, the text in reading order.
    let pdf = reviewer.get(&format!("{track}/letter.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let (info, text) = crate::helpers::read_pdf(&pdf.bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let order: Vec<_> = [
        "Denial of your request",
        "endanger the life",
        "Your right to a review",
        "hhs.gov",
    ]
    .iter()
    .map(|t| text.find(t).unwrap_or_else(|| panic!("{t} in {text}")))
    .collect();
    assert!(order.is_sorted(), "in reading order: {text}");

    let after = clerk.post_staff(&format!("{base}/verify"), &[]).await;
    assert_eq!(after.status, StatusCode::CONFLICT);
    assert!(after.body.contains("can no longer change"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_request_is_withdrawn_on_the_requesters_word(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &patient_form()).await;
    let base = format!("/staff/requests/{id}");
    assert_eq!(
        app.post_staff(&format!("{base}/withdraw"), &[("note", "")])
            .await
            .status,
        StatusCode::CONFLICT
    );
    app.post_staff(
        &format!("{base}/withdraw"),
        &[("note", "Called on 11/22, no longer needed")],
    )
    .await
    .assert_redirect_to(&base);
    assert_eq!(app.status_of(id).await, "withdrawn");
    assert_eq!(
        app.post_staff(&format!("{base}/assign"), &[]).await.status,
        StatusCode::CONFLICT
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_cannot_reach_admin_and_an_unknown_request_is_404(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    assert_eq!(app.get("/staff/admin").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post_staff("/staff/admin/staff", &[("email", "x@practice.test")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let other = create_staff(&db, Role::Clerk, "other@practice.test").await;
    assert_eq!(
        app.post_staff(&format!("/staff/admin/staff/{other}/disable"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let missing = uuid::Uuid::now_v7();
    assert_eq!(
        app.get(&format!("/staff/requests/{missing}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_staff(&format!("/staff/requests/{missing}/verify"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/staff/requests/not-a-uuid").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_admin_adds_a_staff_member_with_a_strong_password(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Admin, "admin@practice.test").await;
    let weak = app
        .post_staff(
            "/staff/admin/staff",
            &[
                ("name", "Casey Clerk"),
                ("email", "casey@practice.test"),
                ("role", "clerk"),
                ("password", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("id=\"password-error\""));
    assert!(
        weak.body.contains("value=\"casey@practice.test\""),
        "values kept"
    );
    assert!(
        !weak.body.contains("password1234"),
        "the password is not echoed"
    );
    app.post_staff(
        "/staff/admin/staff",
        &[
            ("name", "Casey Clerk"),
            ("email", "casey@practice.test"),
            ("role", "clerk"),
            ("password", "quiet harbor lantern 1987"),
        ],
    )
    .await
    .assert_redirect_to("/staff/admin");
    let dup = app
        .post_staff(
            "/staff/admin/staff",
            &[
                ("name", "Casey Again"),
                ("email", "CASEY@practice.test"),
                ("role", "clerk"),
                ("password", "quiet harbor lantern 1987"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("already exists"));
    // A new account sets up its second factor at its first sign-in.
    let mut casey = TestApp::spawn(app.db.clone()).await;
    casey
        .sign_in("casey@practice.test", "quiet harbor lantern 1987")
        .await
        .assert_redirect_to("/staff/login/enrol");
    let enrol = casey.get("/staff/login/enrol").await;
    let secret = crate::helpers::secret_on_page(&enrol.body);
    let step = time::OffsetDateTime::unix_timestamp(crate::helpers::NOW) / 30;
    let code = format!(
        "{:06}",
        records_portal::accounts::totp::code_at(&secret, step)
    );
    let codes = casey
        .post_staff("/staff/login/enrol", &[("code", &code)])
        .await;
    assert_eq!(codes.status, StatusCode::OK);
    assert_eq!(
        codes.body.matches("<li><code>").count(),
        10,
        "ten recovery codes"
    );
    assert_eq!(casey.get("/staff/queue").await.status, StatusCode::OK);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_action_ends_with_a_message_saying_what_was_done_shown_once(db: PgPool) {
    let (mut app, id) = clerk_with_request(db, &patient_form()).await;
    let base = format!("/staff/requests/{id}");
    app.post_staff(&format!("{base}/assign"), &[])
        .await
        .assert_redirect_to(&base);
    let page = app.get(&base).await;
    assert!(page.body.contains("Done: the request is assigned to you."));
    app.post_staff(&format!("{base}/verify"), &[])
        .await
        .assert_redirect_to(&base);
    let page = app.get(&base).await;
    assert!(
        page.body
            .contains("Done: identity and authorization verified.")
    );
    assert!(
        !page.body.contains("assigned to you."),
        "one message at a time"
    );
    let again = app.get(&base).await;
    assert!(!again.body.contains("Done:"), "shown once");
}
