//! Commands on the practice's data: demo requests, visit summaries in bulk, the audit
//! chain's check, and the files at rest (encrypting those stored before, rotating the key).

use std::sync::Arc;

use super::{BoxError, connect, migrate};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::calendar::practice_date;
use crate::intake::{Arrival, NewRequest, file_request, sample};

pub async fn import_summaries(config: Config, dir: std::path::PathBuf) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let state = crate::app::start_state(config, pool, Arc::new(SystemClock)).await?;
    let report = crate::portal::import::import_dir(&state, &dir).await?;
    println!("imported {} visit summaries", report.imported);
    for (line, why) in &report.skipped {
        println!("skipped line {line}: {why}");
    }
    if report.skipped.is_empty() {
        Ok(())
    } else {
        Err(format!("{} lines skipped", report.skipped.len()).into())
    }
}

pub async fn seed_demo(config: Config, count: u32) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = crate::app::start_state(config, pool, clock.clone()).await?;
    let today = practice_date(clock.now());
    let forms = [
        sample::patient_form(),
        sample::attorney_form(),
        sample::provider_form(),
    ];
    for i in 0..count {
        let form = &forms[(i as usize) % forms.len()];
        let request =
            NewRequest::parse(form, today).map_err(|e| format!("sample form invalid: {e:?}"))?;
        let arrival = Arrival {
            ip: None,
            user_agent: Some("seed-demo"),
            filing_key: None,
        };
        file_request(&state, &request, &[], &arrival, false, None).await?;
    }
    tracing::info!(count, "demo requests added");
    Ok(())
}

pub async fn verify_audit(config: Config) -> Result<(), BoxError> {
    let pool = connect(&config).await?;
    let report = crate::audit::verify_chain(&pool).await?;
    if report.broken.is_empty() {
        println!(
            "audit log intact: {} rows, hash chain verified",
            report.rows
        );
        Ok(())
    } else {
        Err(format!(
            "audit log chain broken at rows {:?} (of {})",
            report.broken, report.rows
        )
        .into())
    }
}

pub async fn encrypt_existing(config: Config) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let state = crate::app::start_state(config, pool, Arc::new(SystemClock)).await?;
    let done = crate::files::at_rest::encrypt_existing(&state).await?;
    println!("encrypted {} files ({} bytes)", done.files, done.bytes);
    for key in &done.missing {
        println!("missing from the store: {key}");
    }
    for key in &done.mismatched {
        println!("does not match its SHA-256 (left as it is): {key}");
    }
    if done.mismatched.is_empty() {
        Ok(())
    } else {
        Err(format!("{} files do not match their SHA-256", done.mismatched.len()).into())
    }
}

pub async fn rotate_key(config: Config) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let state = crate::app::start_state(config, pool, Arc::new(SystemClock)).await?;
    let done = crate::files::at_rest::rotate(&state).await?;
    println!(
        "master key {}: re-wrapped {} file keys ({} were already under it), re-sealed {} TOTP secrets",
        state.master_key.id(),
        done.files.rewrapped,
        done.files.already_current,
        done.totp_secrets
    );
    Ok(())
}

pub async fn verify_files(config: Config) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let state = crate::app::start_state(config, pool, Arc::new(SystemClock)).await?;
    let found = crate::files::at_rest::verify_all(&state).await?;
    println!(
        "{} stored files ({} bytes) read back and match their SHA-256",
        found.files, found.bytes
    );
    for key in &found.bad {
        println!("missing, unreadable or changed: {key}");
    }
    if found.bad.is_empty() {
        Ok(())
    } else {
        Err(format!("{} stored files failed the check", found.bad.len()).into())
    }
}
