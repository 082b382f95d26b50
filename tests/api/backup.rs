//! A backup restores: scripts/backup (pg_dump and the file store, encrypted to an age key,
//! with a manifest) then scripts/restore into an empty database and store, which checks the
//! manifest, the audit chain and every file, and serves the same request and file.

use std::process::Command;

use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::two_instances::database_url;

fn run(script: &str, args: &[&str], env: &[(&str, String)]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("bash")
        .arg(format!("{root}/scripts/{script}"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RECORDS_PORTAL_BIN", env!("CARGO_BIN_EXE_records-portal"))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_backup_restores_into_an_empty_database_and_store(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let account = crate::portal::jordan(&mut app).await;
    let summary = crate::portal::give_summary(&app, account).await;
    app.file(&records_portal::intake::sample::patient_form())
        .await;
    let work = app.scratch.join("backup");
    std::fs::create_dir_all(&work).unwrap();
    let key = work.join("backup.key");
    let made = Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    let recipient = Command::new("age-keygen")
        .arg("-y")
        .arg(&key)
        .output()
        .unwrap();
    let recipient = String::from_utf8(recipient.stdout)
        .unwrap()
        .trim()
        .to_owned();

    let source = database_url(&app.db);
    let printed = run(
        "backup",
        &[work.to_str().unwrap()],
        &[
            ("DATABASE_URL", source.clone()),
            (
                "STORAGE_DIR",
                app.scratch.join("files").display().to_string(),
            ),
            ("BACKUP_RECIPIENT", recipient),
        ],
    );
    let archive = printed.split_whitespace().next().unwrap().to_owned();
    let raw = std::fs::read(&archive).unwrap();
    assert!(
        raw.starts_with(b"age-encryption.org/v1"),
        "encrypted to the key"
    );
    assert!(!raw.windows(20).any(|w| w == b"Jordan Avery Example"));

    let target_name = format!("restored_{}", uuid::Uuid::now_v7().simple());
    sqlx::query(&format!("create database {target_name}"))
        .execute(&app.db)
        .await
        .unwrap();
    let target = format!("{}/{target_name}", source.rsplit_once('/').unwrap().0);
    let store = work.join("restored-files");
    let restored = run(
        "restore",
        &[&archive],
        &[
            ("DATABASE_URL", target.clone()),
            ("STORAGE_DIR", store.display().to_string()),
            ("BACKUP_IDENTITY_FILE", key.display().to_string()),
            (
                "MASTER_KEY",
                records_portal::config::TEST_MASTER_KEY.to_owned(),
            ),
        ],
    );
    assert!(restored.contains("match their SHA-256"), "{restored}");

    let copy = sqlx::PgPool::connect(&target).await.unwrap();
    for table in [
        "requests",
        "audit_log",
        "visit_summaries",
        "file_keys",
        "patient_accounts",
    ] {
        let count = |pool: &PgPool| {
            let sql = format!("select count(*) from {table}");
            let pool = pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>(&sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(count(&app.db).await, count(&copy).await, "{table}");
    }
    let files = records_portal::storage::FileStore::local(&store)
        .unwrap()
        .encrypted(copy.clone(), app.state.master_key.clone());
    let object_key: String =
        sqlx::query_scalar("select object_key from visit_summaries where id = $1")
            .bind(summary)
            .fetch_one(&copy)
            .await
            .unwrap();
    assert_eq!(
        files.read(&object_key).await.unwrap().to_vec(),
        crate::helpers::pdf_bytes()
    );
    copy.close().await;
    // A closed connection's server process may still be exiting: force it.
    sqlx::query(&format!("drop database {target_name} with (force)"))
        .execute(&app.db)
        .await
        .unwrap();
}
