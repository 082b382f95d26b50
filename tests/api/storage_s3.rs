//! The S3 backend of the object store, for real, against moto: intake uploads and records
//! for release go in, and the secure link streams them back out with the hash checked.

use axum::http::StatusCode;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::release::{download_path, upload};
use crate::s3_server::{BUCKET, S3Server};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn records_round_trip_through_s3(db: PgPool) {
    let s3 = S3Server::start();
    let prefix = format!("test-{}", uuid::Uuid::new_v4());
    let mut app = TestApp::spawn_with(db, |c| {
        c.storage_url = Some(format!("s3://{BUCKET}/{prefix}"));
        c.storage_env = s3.secret_env();
    })
    .await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = crate::billing::priced(
        &mut app,
        &records_portal::intake::sample::provider_form(),
        "12",
    )
    .await;
    // 12 MiB: several parts of a multipart upload.
    let mut study = b"%PDF-1.7\n".to_vec();
    study.extend((0..12 * 1024 * 1024).map(|i| b'a' + (i % 26) as u8));
    upload(&mut app, id, "study.pdf", study.clone())
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    assert!(app.stored_files().is_empty(), "nothing on the local disk");

    // A provider office that takes records by secure link rather than fax.
    sqlx::query("update requests set delivery_method = 'provider', delivery_email = 'records@clinic.example' where id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    crate::release::release_with(&mut app, id, &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    let path = download_path(&app).await;
    let file: uuid::Uuid = sqlx::query_scalar("select id from release_files")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let token = app.csrf_token().await;
    let form = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token),
        ("dob_month".into(), "7".into()),
        ("dob_day".into(), "15".into()),
        ("dob_year".into(), "1955".into()),
        ("file".into(), file.to_string()),
    ]);
    let download = app.post_form(&path, &form).await;
    assert_eq!(
        download.status,
        StatusCode::OK,
        "{}",
        download.body.chars().take(300).collect::<String>()
    );
    assert!(
        download.body.as_bytes() == study.as_slice(),
        "the same bytes came back"
    );
}
