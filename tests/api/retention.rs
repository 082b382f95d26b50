//! Released copies are purged after the retention period (rows, hashes, disclosures and the
//! audit trail kept; visit summaries never purged), and finished objects no row names are
//! swept away.

use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::release::{download_path, ready_by_link, release_with};

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn released_copies_go_after_ninety_days_and_their_record_stays(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file: uuid::Uuid = app.one("select id from release_files").await;
    let page = app.get(&path).await;
    let form = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), page.csrf_token()),
        ("dob_month".into(), "11".into()),
        ("dob_day".into(), "3".into()),
        ("dob_year".into(), "1970".into()),
        ("file".into(), file.to_string()),
    ]);
    app.post_form(&path, &form).await;
    assert_eq!(app.status_of(id).await, "completed");
    let account = crate::portal::jordan(&mut app).await;
    crate::portal::give_summary(&app, account).await;
    let key: String = app.one("select object_key from release_files").await;
    let on_disk = app.scratch.join("files").join(&key);
    assert!(on_disk.exists());

    let now = records_portal::clock::Clock::now(&app.clock);
    let early = records_portal::files::retention::purge_released(
        &app.state,
        now + time::Duration::days(89),
    )
    .await
    .unwrap();
    assert_eq!(early.files, 0, "not before the retention period");
    let purged = records_portal::files::retention::purge_released(
        &app.state,
        now + time::Duration::days(91),
    )
    .await
    .unwrap();
    assert_eq!(purged.files, 1);
    assert!(!on_disk.exists(), "the copy is gone");
    let (kept_hash, purged_at): (Vec<u8>, Option<time::OffsetDateTime>) =
        sqlx::query_as("select sha256, purged_at from release_files")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(kept_hash.len(), 32);
    assert!(purged_at.is_some());
    let audited: i64 = app
        .one("select count(*) from audit_log where action = 'release_file.purged'")
        .await;
    assert_eq!(audited, 1);
    let disclosures: i64 = app.one("select count(*) from disclosures").await;
    assert_eq!(disclosures, 1, "the disclosure stays");
    let summaries: i64 = app.one("select count(*) from visit_summaries").await;
    let summary_key: String = app.one("select object_key from visit_summaries").await;
    assert_eq!(summaries, 1);
    assert!(
        app.scratch.join("files").join(summary_key).exists(),
        "summaries are never purged"
    );

    let mut clerk = TestApp::spawn(app.db.clone()).await;
    clerk
        .sign_in_as(
            records_portal::staff::accounts::Role::Clerk,
            "clerk2@practice.test",
        )
        .await;
    let detail = clerk.get(&format!("/staff/requests/{id}")).await;
    assert!(detail.body.contains("1 released copy was purged on"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_finished_object_no_row_names_is_swept_after_a_day(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let account = crate::portal::jordan(&mut app).await;
    crate::portal::give_summary(&app, account).await;
    // A server killed between writing an object and committing its row.
    let mut writer = app.state.files.begin("release", u64::MAX).await.unwrap();
    writer.write(b"orphaned bytes").await.unwrap();
    let orphan = writer.finish().await.unwrap().key;
    let now = records_portal::clock::Clock::now(&app.clock);
    let soon = records_portal::files::retention::sweep_orphans(
        &app.state,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert_eq!(soon, 0, "it may still be waiting for its row");
    let later = time::OffsetDateTime::now_utc().max(now) + time::Duration::days(2);
    let swept = records_portal::files::retention::sweep_orphans(&app.state, later)
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert!(!app.scratch.join("files").join(&orphan).exists());
    let keys: i64 = app
        .one("select count(*) from file_keys where object_key not in (select object_key from visit_summaries)")
        .await;
    assert_eq!(keys, 0, "its data key went with it");
    let summary_key: String = app.one("select object_key from visit_summaries").await;
    assert!(app.scratch.join("files").join(summary_key).exists());
}
