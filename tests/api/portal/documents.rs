//! Visit summaries (attached by staff or imported, downloaded free and audited), the
//! accounting of disclosures, and requests filed from the portal.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::intake::sample::{patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use super::{jordan, link};
use crate::helpers::{TestApp, TestFile, pdf_bytes};

async fn attach(
    staff: &mut TestApp,
    account: uuid::Uuid,
    visit: &str,
    bytes: Vec<u8>,
) -> crate::helpers::TestResponse {
    let token = staff.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("visit_date".into(), visit.into()),
        ("title".into(), "Knee follow-up".into()),
    ]);
    let file = TestFile {
        field: "file",
        filename: "summary.pdf",
        content_type: "application/pdf",
        bytes,
    };
    staff
        .post_multipart(
            &format!("/staff/patients/{account}/summaries"),
            &form,
            &[file],
        )
        .await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_visit_summary_downloads_free_and_every_download_is_audited(db: PgPool) {
    let mut staff = TestApp::spawn(db.clone()).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    // Two visitors of one practice: the same database and the same file store.
    let files = staff.scratch.join("files");
    let mut patient = TestApp::spawn_with(db, |c| c.storage_dir = files).await;
    let account = jordan(&mut patient).await;
    let mut exe = b"MZ\x90\x00".to_vec();
    exe.resize(1024, 0);
    assert_eq!(
        attach(&mut staff, account, "2026-10-01", exe).await.status,
        StatusCode::CONFLICT
    );
    attach(&mut staff, account, "2026-10-01", pdf_bytes())
        .await
        .assert_redirect_to(&format!("/staff/patients/{account}"));
    assert_eq!(
        staff
            .count("email_outbox where kind = 'portal_new_records'")
            .await,
        1
    );

    let home = patient.get("/account").await;
    assert!(home.body.contains("Knee follow-up"));
    let id: uuid::Uuid = sqlx::query_scalar("select id from visit_summaries")
        .fetch_one(&patient.db)
        .await
        .unwrap();
    for _ in 0..2 {
        let download = patient.get(&format!("/account/summaries/{id}")).await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.body.as_bytes(), pdf_bytes().as_slice());
    }
    assert_eq!(
        patient
            .count("audit_log where action = 'summary.downloaded'")
            .await,
        2
    );
    assert_eq!(patient.count("invoices").await, 0, "free: no invoice");
    assert_eq!(patient.count("payments").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_accounting_lists_exactly_the_patients_releases(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    let account = jordan(&mut patient).await;
    let mut staff = TestApp::spawn(db).await;
    staff.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    // Jordan's request sent by fax to a provider, Jordan's mailed to them, and someone else's.
    let faxed = crate::billing::priced(
        &mut staff,
        &with(
            &provider_form(),
            "patient_name",
            Some("Jordan Avery Example"),
        ),
        "3",
    )
    .await;
    sqlx::query("update patients set date_of_birth = '1986-04-28' where id = (select patient_id from requests where id = $1)")
        .bind(faxed)
        .execute(&staff.db)
        .await
        .unwrap();
    staff
        .post_staff(
            &format!("/staff/requests/{faxed}/release"),
            &[("destination", "(860) 555-0177"), ("confirmed", "yes")],
        )
        .await;
    let mailed = crate::billing::priced(
        &mut staff,
        &with(&patient_form(), "record_kinds", Some("visit_notes")),
        "4",
    )
    .await;
    staff
        .post_staff(
            &format!("/staff/requests/{mailed}/payments"),
            &[("kind", "payment"), ("amount", "2.60"), ("method", "check")],
        )
        .await;
    staff
        .post_staff(
            &format!("/staff/requests/{mailed}/release"),
            &[("mailed_on", "2026-11-20"), ("confirmed", "yes")],
        )
        .await;
    let other = crate::billing::priced(&mut staff, &provider_form(), "3").await;
    staff
        .post_staff(
            &format!("/staff/requests/{other}/release"),
            &[("destination", "(860) 555-0100"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(staff.count("disclosures").await, 3);
    link(&staff, faxed, account).await;
    link(&staff, mailed, account).await;

    let page = patient.get("/account/disclosures").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("<tr><td data-label=\"Date\">").count(),
        2,
        "two rows"
    );
    assert!(
        page.body.contains("Jordan Avery Example"),
        "the mailed copy went to Jordan"
    );
    assert!(page.body.contains("Office and visit notes"));
    assert!(!page.body.contains("Sam Placeholder"), "not someone else's");

    // Staff produce the same accounting from any of Jordan's requests, linked or not.
    let staff_page = staff
        .get(&format!("/staff/requests/{mailed}/disclosures"))
        .await;
    assert_eq!(staff_page.status, StatusCode::OK);
    assert_eq!(
        staff_page
            .body
            .matches("<tr><td data-label=\"Date\">")
            .count(),
        2
    );
    assert!(!staff_page.body.contains("Sam Placeholder"));
    // Jordan follows the mailed request by its tracking link: the accounting is there; the
    // provider's link for the faxed request does not open it.
    let db = staff.db.clone();
    let received = |id: uuid::Uuid| {
        let db = db.clone();
        async move {
            let text: String = sqlx::query_scalar(
                "select text_body from email_outbox where kind = 'request_received' and request_id = $1",
            )
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
            crate::tracking::tracking_path(&text)
        }
    };
    let own = received(mailed).await;
    let tracked = staff.get(&format!("{own}/disclosures")).await;
    assert_eq!(tracked.status, StatusCode::OK);
    assert_eq!(
        tracked.body.matches("<tr><td data-label=\"Date\">").count(),
        2
    );
    // A request nobody has verified yet: its tracking link shows no accounting, since
    // anyone can file one with a name and a date of birth.
    let unverified = staff.file(&patient_form()).await;
    let stranger = received(unverified).await;
    assert_eq!(
        staff.get(&format!("{stranger}/disclosures")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !staff
            .get(&stranger)
            .await
            .body
            .contains("accounting of disclosures")
    );
    let providers = received(faxed).await;
    assert_eq!(
        staff.get(&format!("{providers}/disclosures")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff
            .count("audit_log where action = 'disclosures.viewed'")
            .await,
        2
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_known_patient_files_from_the_portal_and_skips_verification(db: PgPool) {
    let mut patient = TestApp::spawn(db).await;
    let account = jordan(&mut patient).await;
    let form = patient.get("/requests/new").await;
    assert!(
        form.body.contains("value=\"Jordan Avery Example\"")
            && form.body.contains("value=\"1986\"")
    );
    let first = patient.file(&patient_form()).await;
    assert_eq!(
        patient.status_of(first).await,
        "received",
        "not yet identified by staff"
    );
    let linked: Option<uuid::Uuid> =
        sqlx::query_scalar("select account_id from requests where id = $1")
            .bind(first)
            .fetch_one(&patient.db)
            .await
            .unwrap();
    assert_eq!(linked, Some(account));
    link(&patient, first, account).await;
    let second = patient.file(&patient_form()).await;
    assert_eq!(
        patient.status_of(second).await,
        "in_fulfillment",
        "identified patients are verified by signing in"
    );
    let someone_else = patient
        .file(&records_portal::intake::sample::attorney_form())
        .await;
    let linked: Option<uuid::Uuid> =
        sqlx::query_scalar("select account_id from requests where id = $1")
            .bind(someone_else)
            .fetch_one(&patient.db)
            .await
            .unwrap();
    assert_eq!(linked, None, "a request about someone else stays unlinked");
    let page = patient.get(&format!("/account/requests/{second}")).await;
    assert!(
        page.body.contains("In fulfillment")
            || page.body.contains("in fulfillment")
            || page.status == StatusCode::OK
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn import_summaries_takes_only_rows_that_match_an_account(db: PgPool) {
    let mut patient = TestApp::spawn(db).await;
    jordan(&mut patient).await;
    let dir = patient.scratch.join("import");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("visit.pdf"), pdf_bytes()).unwrap();
    std::fs::write(dir.join("fake.pdf"), b"MZ not a pdf").unwrap();
    std::fs::write(
        dir.join("manifest.csv"),
        "email,date_of_birth,visit_date,file,title\n\
         jordan@example.com,1986-04-28,2026-09-14,visit.pdf,Post-op check, knee\n\
         jordan@example.com,1986-04-29,2026-09-14,visit.pdf,Wrong birth date\n\
         jordan@example.com,1986-04-28,2026-09-14,../visit.pdf,Outside DIR\n\
         jordan@example.com,1986-04-28,2026-09-14,fake.pdf,Not a PDF\n",
    )
    .unwrap();
    let report = records_portal::portal::import::import_dir(&patient.state, &dir)
        .await
        .unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(
        report
            .skipped
            .iter()
            .map(|(line, _)| *line)
            .collect::<Vec<_>>(),
        [3, 4, 5]
    );
    let home = patient.get("/account").await;
    assert!(home.body.contains("Post-op check, knee"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_revokes_an_authorization_in_the_portal(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let request = app.file(&patient_form()).await;
    let account = jordan(&mut app).await;
    link(&app, request, account).await;
    let page = app.get(&format!("/account/requests/{request}")).await;
    assert!(page.body.contains("Revoke the authorization"));
    let token = page.csrf_token();
    let form = FormValues::new(vec![("csrf_token".into(), token)]);
    let path = format!("/account/requests/{request}/revoke-authorization");
    app.post_form(&path, &form)
        .await
        .assert_redirect_to(&format!("/account/requests/{request}"));
    let page = app.get(&format!("/account/requests/{request}")).await;
    assert!(page.body.contains("The authorization was revoked on"));
    assert_eq!(
        app.count("audit_log where action = 'authorization.revoked'")
            .await,
        1
    );
    let again = app.post_form(&path, &form).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}
