//! Files attached to a request: checked by content, hashed, stored under server names.

use axum::http::StatusCode;
use records_portal::intake::sample::{patient_form, with};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::helpers::{TestApp, TestFile, pdf_bytes};

fn file(field: &'static str, filename: &'static str, bytes: Vec<u8>) -> TestFile {
    TestFile {
        field,
        filename,
        content_type: "application/pdf",
        bytes,
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_pdf_is_stored_with_its_hash_under_a_server_name(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let files = [file(
        "signed_authorization",
        "../../etc/my auth.pdf",
        pdf_bytes(),
    )];
    app.submit(&patient_form(), &files)
        .await
        .assert_redirect_to("/requests/confirmation");
    let row = sqlx::query!("select purpose, object_key, original_filename, content_type, size_bytes, sha256 from uploaded_files")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(row.purpose, "signed_authorization");
    assert_eq!(row.original_filename, "my auth.pdf");
    assert_eq!(row.content_type, "application/pdf");
    assert_eq!(row.size_bytes, pdf_bytes().len() as i64);
    assert_eq!(row.sha256, Sha256::digest(pdf_bytes()).to_vec());
    assert!(row.object_key.starts_with("intake/"), "{}", row.object_key);
    assert!(!row.object_key.contains("auth"));
    let stored = app.state.files.read(&row.object_key).await.unwrap();
    assert_eq!(stored.as_ref(), pdf_bytes().as_slice());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_file_whose_content_is_not_allowed_is_refused_and_nothing_is_kept(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    exe.extend(std::iter::repeat_n(0u8, 200));
    for bytes in [exe, b"<html><script>alert(1)</script></html>".to_vec()] {
        let page = app
            .submit(&patient_form(), &[file("id_photo", "passport.pdf", bytes)])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("id=\"id_photo-error\""));
        assert!(
            page.body.contains("choose them again"),
            "says files are not kept"
        );
    }
    assert_eq!(app.count("requests").await, 0);
    assert!(app.stored_files().is_empty());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_oversized_file_is_refused_with_a_message(db: PgPool) {
    let mut app = TestApp::spawn_with(db, |c| c.upload_max_bytes = 1024 * 1024).await;
    let mut big = pdf_bytes();
    big.resize(1024 * 1024 + 1, b' ');
    let page = app
        .submit(&patient_form(), &[file("id_photo", "id.pdf", big)])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("larger than 1 MB"));
    assert!(app.stored_files().is_empty());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_social_security_claim_needs_its_documentation_and_is_then_free(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let form = with(&patient_form(), "purpose", Some("social_security"));
    let page = app.submit(&form, &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"ssa_documentation-error\""));
    assert_eq!(app.count("requests").await, 0);

    app.submit(
        &form,
        &[file("ssa_documentation", "ssa-letter.pdf", pdf_bytes())],
    )
    .await
    .assert_redirect_to("/requests/confirmation");
    let total: Option<i64> =
        sqlx::query_scalar!("select (fee_estimate->>'total_cents')::bigint from requests")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(total, Some(0));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn malformed_multipart_is_a_clear_400(db: PgPool) {
    use axum::body::Body;
    use axum::http::{Request, header};
    let mut app = TestApp::spawn(db).await;
    app.csrf_token().await;
    let request = Request::post("/requests")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=xyz")
        .body(Body::from(
            "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
        ))
        .unwrap();
    let page = app.request(request).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("Nothing was saved"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_body_over_the_route_limit_is_413_and_stores_nothing(db: PgPool) {
    // Three files of 1 MB fit; the body limit is 3 MB + 256 KiB.
    let mut app = TestApp::spawn_with(db, |c| c.upload_max_bytes = 1024 * 1024).await;
    let mut big = pdf_bytes();
    big.resize(4 * 1024 * 1024, b' ');
    let page = app
        .submit(&patient_form(), &[file("id_photo", "id.pdf", big)])
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("requests").await, 0);
    assert!(app.stored_files().is_empty());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn staff_open_an_attached_file_as_a_download_and_the_view_is_audited(db: PgPool) {
    let mut patient = TestApp::spawn(db).await;
    let files = [file("signed_authorization", "auth.pdf", pdf_bytes())];
    patient
        .submit(&patient_form(), &files)
        .await
        .assert_redirect_to("/requests/confirmation");
    let (request, upload): (uuid::Uuid, uuid::Uuid) =
        sqlx::query_as("select request_id, id from uploaded_files")
            .fetch_one(&patient.db)
            .await
            .unwrap();
    let other_request = patient.file(&patient_form()).await;
    let path = format!("/staff/requests/{request}/uploads/{upload}");

    // Not signed in as staff: sent to sign in, no bytes.
    let anonymous = patient.get(&path).await;
    anonymous.assert_redirect_to("/staff/login");

    // The same server (and file store), now with a clerk signed in.
    let mut clerk = patient;
    clerk
        .sign_in_as(
            records_portal::staff::accounts::Role::Clerk,
            "clerk@portal.test",
        )
        .await;
    let detail = clerk.get(&format!("/staff/requests/{request}")).await;
    assert!(
        detail.body.contains(&path),
        "the detail page links the file"
    );
    let download = clerk.get(&path).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), pdf_bytes().as_slice());
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert_eq!(
        download.headers["content-disposition"],
        "attachment; filename=\"auth.pdf\""
    );
    assert_eq!(download.headers["cache-control"], "no-store");
    assert_eq!(
        clerk
            .count("audit_log where action = 'upload.viewed'")
            .await,
        1
    );
    // The file through another request's address, or an unknown file: not found.
    for wrong in [
        format!("/staff/requests/{other_request}/uploads/{upload}"),
        format!("/staff/requests/{request}/uploads/{}", uuid::Uuid::now_v7()),
    ] {
        assert_eq!(
            clerk.get(&wrong).await.status,
            StatusCode::NOT_FOUND,
            "{wrong}"
        );
    }
}
