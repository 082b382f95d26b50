//! A real SMART client: Python's `fhirclient` connects through the standalone launch against
//! the running server and reads the patient, their documents and a Binary; every JSON answer
//! is validated against PyPI's `fhir.resources` R4 models. `./scripts/test` installs both
//! into `target/fhir-venv` (see `scripts/lib/fhir_python.sh`).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use sqlx::PgPool;

use super::{REDIRECT, patient_with_documents, register_app};
use crate::browser::serve;

fn python() -> PathBuf {
    let python = std::env::var_os("FHIR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fhir-venv/bin/python")
        });
    assert!(
        python.exists(),
        "{} is missing: run ./scripts/test, or scripts/lib/fhir_python.sh to install fhirclient and fhir.resources",
        python.display()
    );
    python
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn fhirclient_connects_reads_and_downloads(db: PgPool) {
    let (mut app, base) = serve(db.clone()).await;
    let account = patient_with_documents(&mut app).await;
    let (client_id, _) = register_app(&db, false).await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/api/fhir/smart_client.py");
    let fhir_base = format!("{base}/fhir");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .arg(script)
            .env("FHIR_BASE", fhir_base)
            .env("CLIENT_ID", client_id)
            .env("REDIRECT_URI", REDIRECT)
            .env("EMAIL", "jordan@example.com")
            .env("PASSWORD", crate::portal::PATIENT_PASSWORD)
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap();
    assert_eq!(report["patient"], account.to_string());
    assert_eq!(report["name"], "Jordan Avery Example");
    assert_eq!(
        (
            report["documents"].as_u64(),
            report["bundle_total"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(report["refresh_token"], true);
    let stored: Vec<u8> =
        sqlx::query_scalar("select sha256 from visit_summaries where account_id = $1")
            .bind(account)
            .fetch_one(&db)
            .await
            .unwrap();
    let hex: String = stored.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        report["binary_sha256"], hex,
        "the Binary's bytes are the stored file's"
    );
    let validated: Vec<&str> = report["validated"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for kind in [
        "CapabilityStatement 200",
        "Patient 200",
        "Bundle 200",
        "DocumentReference 200",
        "Binary 200",
        "OperationOutcome 404",
        "OperationOutcome 401",
    ] {
        assert!(validated.contains(&kind), "{kind}: {validated:?}");
    }
}
