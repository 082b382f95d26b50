//! SPEC 3: a request whose authorization is incomplete, expired or revoked is neither
//! verified nor released; the patient (or the signer) can revoke it, and staff record a
//! written revocation.

use axum::http::StatusCode;
use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::tracking::tracking_path;

async fn filed_by_clerk(
    db: PgPool,
    form: &records_portal::forms::FormValues,
) -> (TestApp, uuid::Uuid) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file(form).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    (app, id)
}

async fn tamper(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.db).await.unwrap();
}

async fn received_link(app: &TestApp, id: uuid::Uuid) -> String {
    let text: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = 'request_received' and request_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    tracking_path(&text)
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn verifying_is_refused_while_a_164_508_element_is_missing(db: PgPool) {
    let (mut app, id) = filed_by_clerk(db, &attorney_form()).await;
    tamper(
        &app,
        "update authorizations set statements = array['right_to_revoke', 'no_conditioning']",
    )
    .await;
    let refused = app
        .post_staff(&format!("/staff/requests/{id}/verify"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("Statement: information may be redisclosed")
    );
    assert_eq!(app.status_of(id).await, "received");
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(
        page.body
            .contains("The authorization does not allow verifying or releasing")
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_expired_authorization_is_not_verified(db: PgPool) {
    let (mut app, id) = filed_by_clerk(db, &attorney_form()).await;
    tamper(
        &app,
        "update authorizations set expires_on = date '2026-11-01'",
    )
    .await;
    let refused = app
        .post_staff(&format!("/staff/requests/{id}/verify"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("it has expired"));
    assert_eq!(app.status_of(id).await, "received");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_record_a_written_revocation_and_nothing_is_verified_after_it(db: PgPool) {
    let (mut app, id) = filed_by_clerk(db, &attorney_form()).await;
    let base = format!("/staff/requests/{id}");
    let no_note = app
        .post_staff(&format!("{base}/authorization/revoke"), &[("note", "")])
        .await;
    assert_eq!(no_note.status, StatusCode::CONFLICT);
    app.post_staff(
        &format!("{base}/authorization/revoke"),
        &[("note", "Letter from the patient received 11/22")],
    )
    .await
    .assert_redirect_to(&base);
    assert_eq!(
        app.count("audit_log where action = 'authorization.revoked'")
            .await,
        1
    );
    let page = app.get(&base).await;
    assert!(page.body.contains("Letter from the patient received 11/22"));
    let refused = app.post_staff(&format!("{base}/verify"), &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("it was revoked"));
    let again = app
        .post_staff(
            &format!("{base}/authorization/revoke"),
            &[("note", "again")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_revokes_from_the_tracking_page_but_a_third_party_cannot(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let own = app.file(&patient_form()).await;
    let attorney = app.file(&attorney_form()).await;

    let track = received_link(&app, own).await;
    let page = app.get(&track).await;
    assert!(page.body.contains("Revoke the authorization"));
    let token = app.csrf_token().await;
    let form = records_portal::forms::FormValues::new(vec![("csrf_token".into(), token)]);
    app.post_form(&format!("{track}/revoke"), &form)
        .await
        .assert_redirect_to(&track);
    assert!(
        app.get(&track)
            .await
            .body
            .contains("The authorization was revoked on")
    );

    let theirs = received_link(&app, attorney).await;
    let page = app.get(&theirs).await;
    assert!(!page.body.contains("Revoke the authorization"));
    let token = app.csrf_token().await;
    let form = records_portal::forms::FormValues::new(vec![("csrf_token".into(), token)]);
    let refused = app.post_form(&format!("{theirs}/revoke"), &form).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        app.count("authorizations where revoked_at is not null")
            .await,
        1
    );

    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let refused = app
        .post_staff(&format!("/staff/requests/{own}/verify"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    app.post_staff(&format!("/staff/requests/{attorney}/verify"), &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{attorney}"));
}
