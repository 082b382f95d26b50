//! SPEC 3: a third party never signs for the patient. The patient signs online through
//! the link the request emails them (date of birth first, then the whole authorization),
//! or the third party attaches a paper authorization that staff check element by element.

use axum::http::StatusCode;
use records_portal::intake::sample::{attorney_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::{TestApp, TestFile, pdf_bytes};

fn paper_scan() -> TestFile {
    TestFile {
        field: "signed_authorization",
        filename: "authorization.pdf",
        content_type: "application/pdf",
        bytes: pdf_bytes(),
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_attorney_signing_for_the_patient_is_refused(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    // What main accepted: the attorney types their own name and ticks the patient's
    // statements. Now the form asks how the patient signs instead.
    let form = with(&attorney_form(), "signed_by", None);
    let form = with(&form, "signature_name", Some("Morgan Paralegal"));
    let form = with(&form, "signer_authority", Some("Attorney for the patient"));
    let refused = app.submit(&form, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Choose how the patient will sign the authorization")
    );
    assert_eq!(app.count("requests").await, 0);

    // The patient's address cannot be the attorney's own.
    let own = with(
        &attorney_form(),
        "patient_email",
        Some("Records@Law.example.com"),
    );
    let refused = app.submit(&own, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("This is your own email address"));
    assert_eq!(app.count("requests").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_signs_online_and_only_then_staff_can_verify(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    assert_eq!(app.status_of(id).await, "awaiting_authorization");
    let to: String = app
        .one("select recipient::text from email_outbox where kind = 'authorization_to_sign'")
        .await;
    assert_eq!(to, "casey.sample@example.net");
    let received: String = app
        .one("select text_body from email_outbox where kind = 'request_received'")
        .await;
    assert!(received.contains("We emailed the patient a link to read and sign"));

    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let refused = clerk
        .post_staff(&format!("/staff/requests/{id}/verify"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let page = clerk.get(&format!("/staff/requests/{id}")).await;
    assert!(page.body.contains("Not signed yet"), "{}", page.body);
    assert!(page.body.contains("casey.sample@example.net"));

    // The link shows nothing about the patient before the date of birth.
    let path = app.signing_path(id).await;
    let challenge = app.get(&path).await;
    assert_eq!(challenge.status, StatusCode::OK);
    assert!(!challenge.body.contains("Casey"));
    assert!(!challenge.body.contains("Example &amp; Partners"));
    let token = app.csrf_token().await;
    let opened = app
        .post_form(
            &path,
            &records_portal::forms::FormValues::new(vec![
                ("csrf_token".into(), token),
                ("action".into(), "open".into()),
                ("dob_month".into(), "11".into()),
                ("dob_day".into(), "3".into()),
                ("dob_year".into(), "1970".into()),
            ]),
        )
        .await;
    assert_eq!(opened.status, StatusCode::OK);
    for words in [
        "Casey Sample",
        "Morgan Paralegal, Example",
        "Operative reports",
        "Legal",
        "December 31, 2030",
    ] {
        assert!(opened.body.contains(words), "{words} in {}", opened.body);
    }

    // A missing statement comes back with everything kept.
    let missing = app.patient_signs(&path, &[("ack_redisclosure", "")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing
            .body
            .contains("Check this box to agree: “Information disclosed under this")
    );
    assert!(missing.body.contains("value=\"Casey Sample\""));
    assert_eq!(app.status_of(id).await, "awaiting_authorization");

    let signed = app.patient_signs(&path, &[]).await;
    assert_eq!(signed.status, StatusCode::OK);
    assert!(signed.body.contains("you signed the authorization"));
    assert_eq!(app.status_of(id).await, "received");
    let (name, agent, by): (String, Option<String>, String) = sqlx::query_as(
        "select signer_name, signer_user_agent, signed_by from authorizations where request_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (name.as_str(), by.as_str()),
        ("Casey Sample", "patient_online")
    );
    assert_eq!(
        agent.as_deref(),
        Some("records-portal-tests"),
        "the signer's browser is kept"
    );
    let told: i64 = app.one("select count(*) from email_outbox where kind = 'authorization_signed' and recipient = 'records@law.example.com'").await;
    assert_eq!(told, 1);
    let audited: i64 = app
        .one("select count(*) from audit_log where action = 'authorization.signed'")
        .await;
    assert_eq!(audited, 1);

    // The link is single-use.
    assert_eq!(app.get(&path).await.status, StatusCode::GONE);
    clerk
        .post_staff(&format!("/staff/requests/{id}/verify"), &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "in_fulfillment");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn five_wrong_birth_dates_lock_the_link_until_staff_send_a_new_one(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    let path = app.signing_path(id).await;
    for left in (1..=4).rev() {
        let wrong = app.patient_signs(&path, &[("dob_year", "1971")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let expected = if left == 1 {
            "(1 try left)".to_owned()
        } else {
            format!("({left} tries left)")
        };
        assert!(wrong.body.contains(&expected), "{}", wrong.body);
    }
    let locked = app.patient_signs(&path, &[("dob_year", "1971")]).await;
    assert_eq!(locked.status, StatusCode::GONE);
    // Even the right answer is not compared any more.
    assert_eq!(app.patient_signs(&path, &[]).await.status, StatusCode::GONE);
    assert_eq!(app.status_of(id).await, "awaiting_authorization");

    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    clerk
        .post_staff(
            &format!("/staff/requests/{id}/authorization/signing-link"),
            &[("email", "casey.new@example.net")],
        )
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    let fresh = app.signing_path(id).await;
    assert_ne!(fresh, path);
    assert_eq!(
        app.get(&path).await.status,
        StatusCode::NOT_FOUND,
        "the old link stops working"
    );
    assert_eq!(app.patient_signs(&fresh, &[]).await.status, StatusCode::OK);
    assert_eq!(app.status_of(id).await, "received");
    let sent: i64 = app.one("select count(*) from audit_log where action = 'authorization.signing_link_sent' and actor_kind = 'staff'",
    )
    .await;
    assert_eq!(sent, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_can_say_no(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    let path = app.signing_path(id).await;
    let declined = app
        .patient_signs(&path, &[("action", "decline"), ("signature_name", "")])
        .await;
    assert_eq!(declined.status, StatusCode::OK);
    assert!(declined.body.contains("You did not sign the authorization"));
    assert_eq!(app.status_of(id).await, "withdrawn");
    let told: i64 = app
        .one("select count(*) from email_outbox where kind = 'authorization_declined'")
        .await;
    assert_eq!(told, 1);
    assert_eq!(app.get(&path).await.status, StatusCode::GONE);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_paper_authorization_is_checked_element_by_element_before_verifying(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let paper = with(&attorney_form(), "signed_by", Some("paper"));
    let refused = app.submit(&paper, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Attach the authorization the patient signed")
    );
    let scan = paper_scan();
    app.submit(&paper, &[scan])
        .await
        .assert_redirect_to("/requests/confirmation");
    let id: uuid::Uuid = app.one("select id from requests").await;
    assert_eq!(app.status_of(id).await, "received");
    let sent: i64 = app
        .one("select count(*) from email_outbox where kind = 'authorization_to_sign'")
        .await;
    assert_eq!(sent, 0);

    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let verify = format!("/staff/requests/{id}/verify");
    let refused = app.post_staff(&verify, &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("the paper authorization has not been checked element by element yet")
    );

    let page = app.get(&format!("/staff/requests/{id}")).await;
    let labels: Vec<String> = page
        .body
        .split("name=\"element\" value=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect();
    assert_eq!(labels.len(), 10, "{labels:?}");
    let check = format!("/staff/requests/{id}/authorization/paper");
    let mut fields: Vec<(&str, &str)> = labels
        .iter()
        .filter(|l| !l.contains("redisclosed"))
        .map(|l| ("element", l.as_str()))
        .collect();
    fields.extend([("signer_name", "Casey Sample"), ("signed_on", "2026-11-20")]);
    app.post_staff(&check, &fields)
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    let refused = app.post_staff(&verify, &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("Statement: information may be redisclosed")
    );

    fields.push((
        "element",
        labels.iter().find(|l| l.contains("redisclosed")).unwrap(),
    ));
    app.post_staff(&check, &fields).await;
    app.post_staff(&verify, &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "in_fulfillment");
    let checks: i64 = app
        .one("select count(*) from audit_log where action = 'authorization.paper_checked'")
        .await;
    assert_eq!(checks, 2);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_made_up_signing_link_finds_nothing(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    assert_eq!(
        app.get("/sign/not-a-token").await.status,
        StatusCode::NOT_FOUND
    );
    let made_up = format!("/sign/{}", "A".repeat(43));
    assert_eq!(app.get(&made_up).await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn signing_and_saying_no_at_the_same_moment_decide_once(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    let path = app.signing_path(id).await;
    let mut other = TestApp::spawn(app.db.clone()).await;
    let (signed, declined) = tokio::join!(
        app.patient_signs(&path, &[]),
        other.patient_signs(&path, &[("action", "decline")]),
    );
    let outcomes = [signed.status, declined.status];
    assert!(
        outcomes.contains(&StatusCode::OK) && outcomes.contains(&StatusCode::GONE),
        "one answer decides, the other finds the link used: {outcomes:?}"
    );
    let status = app.status_of(id).await;
    let emails: i64 = app.one("select count(*) from email_outbox where kind in ('authorization_signed', 'authorization_declined')").await;
    assert_eq!(emails, 1, "the requester hears one outcome ({status})");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_revoked_authorization_cannot_be_signed_afterwards(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    let path = app.signing_path(id).await;
    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    clerk
        .post_staff(
            &format!("/staff/requests/{id}/authorization/revoke"),
            &[("note", "Patient's letter of 20 November")],
        )
        .await;
    assert_eq!(app.patient_signs(&path, &[]).await.status, StatusCode::GONE);
    assert_eq!(app.status_of(id).await, "awaiting_authorization");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_request_the_attorney_signed_before_this_rule_is_sent_to_the_patient(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file(&attorney_form()).await;
    // As a third party's request filed before the rule was stored: signed on the form by
    // the attorney, with every statement ticked.
    sqlx::query("update authorizations set signed_by = 'requester', signer_name = 'Morgan Paralegal', signer_authority = 'Attorney for the patient', signing_email = null")
        .execute(&app.db)
        .await
        .unwrap();
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let verify = format!("/staff/requests/{id}/verify");
    let refused = app.post_staff(&verify, &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("Signed and dated by the patient or a personal representative")
    );
    assert!(
        refused
            .body
            .contains("Ask the patient to sign online instead")
    );

    app.post_staff(
        &format!("/staff/requests/{id}/authorization/signing-link"),
        &[("email", "records@law.example.com")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(
        page.body
            .contains("went to an address at the requester&#39;s own domain")
            || page
                .body
                .contains("went to an address at the requester's own domain"),
        "{}",
        page.body
    );

    app.post_staff(
        &format!("/staff/requests/{id}/authorization/signing-link"),
        &[("email", "casey.sample@example.net")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    let path = app.signing_path(id).await;
    let mut patient = TestApp::spawn(app.db.clone()).await;
    assert_eq!(
        patient.patient_signs(&path, &[]).await.status,
        StatusCode::OK
    );
    assert_eq!(app.status_of(id).await, "received", "it stays where it was");
    app.post_staff(&verify, &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    // Once the patient signed online, nobody changes how it was signed.
    let refused = app
        .post_staff(
            &format!("/staff/requests/{id}/authorization/signing-link"),
            &[("email", "casey.sample@example.net")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_check_the_paper_instead_when_it_is_attached(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let scan = paper_scan();
    app.submit(&attorney_form(), &[scan])
        .await
        .assert_redirect_to("/requests/confirmation");
    let id: uuid::Uuid = app.one("select id from requests").await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    app.post_staff(
        &format!("/staff/requests/{id}/authorization/paper-instead"),
        &[],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    let method: String = app.one("select signed_by from authorizations").await;
    assert_eq!(method, "paper");
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(
        page.body
            .contains("Check the paper authorization, element by element")
    );
    // The link sent at filing no longer signs anything.
    let path = app.signing_path(id).await;
    let mut patient = TestApp::spawn(app.db.clone()).await;
    assert_eq!(patient.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn waiting_for_the_patient_is_not_overdue_until_the_legal_deadline(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    // Past the filing's service target, well before the 30-day deadline.
    app.clock.advance(time::Duration::days(10));
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let queue = app.get("/staff/queue").await;
    assert!(queue.body.contains(&id.to_string()));
    assert!(!queue.body.contains(">Overdue<"), "{}", queue.body);
    let overdue = app.get("/staff/queue?overdue=1").await;
    assert!(!overdue.body.contains(&id.to_string()));
}
