//! Staff find a patient's account, link and unlink requests, and resend a confirmation.

use axum::http::StatusCode;
use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{jordan, register};
use crate::helpers::TestApp;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_find_an_account_and_link_the_patients_request(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    let account = jordan(&mut patient).await;
    let mut staff = TestApp::spawn(db).await;
    let mine = staff.file(&patient_form()).await;
    staff.file(&attorney_form()).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;

    let found = staff.get("/staff/patients?q=4%2F28%2F1986").await;
    assert!(
        found.body.contains(&format!("/staff/patients/{account}")),
        "{}",
        found.body
    );
    let page = staff.get(&format!("/staff/patients/{account}")).await;
    assert!(
        page.body.contains("RP-2026-000001"),
        "Jordan's request is a candidate"
    );
    assert!(!page.body.contains("RP-2026-000002"), "Casey's is not");

    staff
        .post_staff(
            &format!("/staff/patients/{account}/link"),
            &[("request", &mine.to_string())],
        )
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    let again = staff
        .post_staff(
            &format!("/staff/patients/{account}/link"),
            &[("request", &mine.to_string())],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let home = patient.get("/account").await;
    assert!(home.body.contains("RP-2026-000001"));
    assert!(
        !home.body.contains("matched your account"),
        "identity now checked"
    );
    staff
        .post_staff(
            &format!("/staff/patients/{account}/unlink"),
            &[("request", &mine.to_string())],
        )
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    assert!(
        !patient
            .get("/account")
            .await
            .body
            .contains("RP-2026-000001")
    );
    assert_eq!(
        staff
            .count("audit_log where action like 'request.%linked%'")
            .await,
        2
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_resend_a_confirmation_only_while_it_is_needed(db: PgPool) {
    let mut visitor = TestApp::spawn(db.clone()).await;
    register(
        &mut visitor,
        "Casey Sample",
        ("11", "3", "1970"),
        "casey@example.com",
    )
    .await;
    let account: uuid::Uuid = sqlx::query_scalar("select id from patient_accounts")
        .fetch_one(&db)
        .await
        .unwrap();
    let mut staff = TestApp::spawn(db).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    staff
        .post_staff(
            &format!("/staff/patients/{account}/resend-confirmation"),
            &[],
        )
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    assert_eq!(
        staff
            .count("email_outbox where kind = 'confirm_email'")
            .await,
        2
    );
    super::confirm_latest(&mut visitor).await;
    let done = staff
        .post_staff(
            &format!("/staff/patients/{account}/resend-confirmation"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    assert_eq!(
        staff
            .get(&format!("/staff/patients/{}", uuid::Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn linking_someone_elses_request_needs_a_reason_and_identifies_nobody(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    let account = jordan(&mut patient).await;
    let mut staff = TestApp::spawn(db).await;
    // Casey Sample, born 1970: not Jordan.
    let other = staff.file(&attorney_form()).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let link = format!("/staff/patients/{account}/link");

    let bare = staff
        .post_staff(&link, &[("reference", "RP-2026-000001")])
        .await;
    assert_eq!(bare.status, StatusCode::CONFLICT);
    assert!(bare.body.contains("another name or date of birth"));
    assert_eq!(
        staff.count("requests where account_id is not null").await,
        0
    );

    staff
        .post_staff(
            &link,
            &[
                ("reference", "rp-2026-000001"),
                (
                    "reason",
                    "Casey is Jordan's guardian; records for the family file",
                ),
            ],
        )
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    let linked: Option<uuid::Uuid> =
        sqlx::query_scalar("select account_id from requests where id = $1")
            .bind(other)
            .fetch_one(&staff.db)
            .await
            .unwrap();
    assert_eq!(linked, Some(account));
    assert_eq!(
        staff
            .count("patient_accounts where identity_verified_at is not null")
            .await,
        0,
        "someone else's request does not identify the account holder"
    );
    assert_eq!(
        staff
            .count("audit_log where action = 'request.linked_to_account' and detail->>'same_patient' = 'false' and detail->>'reason' like 'Casey is%'")
            .await,
        1
    );
}
