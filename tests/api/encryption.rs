//! Stored files are encrypted at rest: nothing of a file's content is on disk in the clear,
//! a changed chunk never leaves the server, a new master key keeps every file and TOTP
//! secret readable, and files stored before encryption are converted.

use std::sync::Arc;

use http_body_util::BodyExt;
use records_portal::files::StoredFile;
use records_portal::sealing::MasterKey;
use records_portal::storage::FileStore;
use sqlx::PgPool;

use crate::helpers::TestApp;

/// 300 KiB that no cipher would produce by chance: a counter in text.
fn recognisable() -> Vec<u8> {
    (0..40_000)
        .flat_map(|i| format!("line {i:07}\n").into_bytes())
        .take(300 * 1024)
        .collect()
}

async fn store(files: &FileStore, bytes: &[u8]) -> String {
    let mut writer = files.begin("release", u64::MAX).await.unwrap();
    for piece in bytes.chunks(10_000) {
        writer.write(piece).await.unwrap();
    }
    writer.finish().await.unwrap().key
}

fn on_disk(app: &TestApp, key: &str) -> std::path::PathBuf {
    app.scratch.join("files").join(key)
}

/// Downloads `key` as the app serves a file, collecting the body; `Err` when the stream
/// broke off.
async fn served(app: &TestApp, key: &str, plain: &[u8]) -> Result<Vec<u8>, String> {
    let file = StoredFile {
        id: uuid::Uuid::now_v7(),
        object_key: key.to_owned(),
        display_name: "study.zip".into(),
        content_type: "application/zip".into(),
        size_bytes: plain.len() as i64,
        sha256: records_portal::crypto::sha256(plain).to_vec(),
        uploaded_at: time::OffsetDateTime::now_utc(),
    };
    let response = records_portal::files::serve::stream(&app.state, &file)
        .await
        .map_err(|e| e.to_string())?;
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    Ok(body.to_bytes().to_vec())
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_stored_file_is_ciphertext_on_disk_and_a_changed_chunk_never_leaves(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let plain = recognisable();
    let key = store(&app.state.files, &plain).await;
    let raw = std::fs::read(on_disk(&app, &key)).unwrap();
    assert!(raw.starts_with(b"RPE1"));
    let stored: std::collections::HashSet<&[u8]> = raw.windows(16).collect();
    for window in plain[..4096].windows(16) {
        assert!(
            !stored.contains(window),
            "plaintext on disk: {:?}",
            String::from_utf8_lossy(window)
        );
    }
    assert_eq!(served(&app, &key, &plain).await.unwrap(), plain);
    let wrapped: i64 = app
        .one("select count(*) from file_keys where key_id = 'test'")
        .await;
    assert_eq!(
        wrapped, 1,
        "its data key is kept wrapped under the master key"
    );

    let mut changed = raw.clone();
    changed[100_000] ^= 0x01;
    std::fs::write(on_disk(&app, &key), &changed).unwrap();
    assert!(served(&app, &key, &plain).await.is_err(), "a changed chunk");
    std::fs::write(on_disk(&app, &key), &raw[..raw.len() - 100]).unwrap();
    assert!(
        served(&app, &key, &plain).await.is_err(),
        "a file cut short"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_new_master_key_keeps_every_file_and_secret_readable(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let plain = recognisable();
    let key = store(&app.state.files, &plain).await;
    crate::helpers::create_staff(
        &app.db,
        records_portal::staff::accounts::Role::Clerk,
        "clerk@practice.test",
    )
    .await;
    let new_key = "k2:HwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let both = format!("{new_key},{}", records_portal::config::TEST_MASTER_KEY);
    let rotated = TestApp::spawn_with(app.db.clone(), |c| c.master_key = Some(both.into())).await;
    let done = records_portal::files::at_rest::rotate(&rotated.state)
        .await
        .unwrap();
    assert_eq!((done.files.rewrapped, done.totp_secrets), (1, 1));
    let raw_before = std::fs::read(on_disk(&app, &key)).unwrap();

    // The old key can go: the new one alone opens everything.
    let only_new = Arc::new(MasterKey::parse(new_key).unwrap());
    let files = FileStore::local(&app.scratch.join("files"))
        .unwrap()
        .encrypted(app.db.clone(), only_new.clone());
    assert_eq!(files.read(&key).await.unwrap(), plain);
    assert_eq!(
        std::fs::read(on_disk(&app, &key)).unwrap(),
        raw_before,
        "the file itself was not rewritten"
    );
    let owner =
        records_portal::accounts::factors::Owner::Staff(app.one("select id from staff").await);
    let secret = records_portal::accounts::factors::authenticator(&app.db, &only_new, owner)
        .await
        .unwrap();
    assert_eq!(
        secret.map(|s| s.secret),
        Some(crate::helpers::TOTP_SECRET.to_vec())
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn files_stored_before_encryption_are_converted_once(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let account = crate::portal::jordan(&mut app).await;
    let plain = recognisable();
    // Written as the store did before encryption, with its row.
    let plaintext_store = FileStore::local(&app.scratch.join("files")).unwrap();
    let old_key = store(&plaintext_store, &plain).await;
    sqlx::query(
        "insert into visit_summaries (id, account_id, visit_date, title, object_key, size_bytes, sha256, created_at)
         values (gen_random_uuid(), $1, '2026-10-01', 'Knee follow-up', $2, $3, $4, now())",
    )
    .bind(account)
    .bind(&old_key)
    .bind(plain.len() as i64)
    .bind(records_portal::crypto::sha256(&plain).to_vec())
    .execute(&app.db)
    .await
    .unwrap();

    let done = records_portal::files::at_rest::encrypt_existing(&app.state)
        .await
        .unwrap();
    assert_eq!(done.files, 1);
    assert!(!on_disk(&app, &old_key).exists(), "the plaintext is gone");
    let new_key: String = app.one("select object_key from visit_summaries").await;
    assert!(
        std::fs::read(on_disk(&app, &new_key))
            .unwrap()
            .starts_with(b"RPE1")
    );
    let id: uuid::Uuid = app.one("select id from visit_summaries").await;
    let page = app.get(&format!("/account/summaries/{id}")).await;
    assert_eq!(page.body.as_bytes(), &plain[..]);
    let again = records_portal::files::at_rest::encrypt_existing(&app.state)
        .await
        .unwrap();
    assert_eq!(again.files, 0, "done once");
}
