//! `records-portal import-summaries DIR`: visit summaries in bulk. `DIR/manifest.csv` has a
//! header line, then `email,date_of_birth,visit_date,file,title` per summary (title last,
//! so it may contain commas). A row is imported only when both the email and the date of
//! birth match one account and the file is a PDF in DIR; every other row is reported by
//! line number (never by its contents, which are PHI) and skipped.

use std::path::Path;

use time::Date;
use time::macros::format_description;
use tokio::io::AsyncReadExt;

use crate::accounts::patients as accounts;
use crate::state::AppState;

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: usize,
    /// Line number and why.
    pub skipped: Vec<(usize, &'static str)>,
}

fn date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

pub async fn import_dir(
    state: &AppState,
    dir: &Path,
) -> Result<ImportReport, Box<dyn std::error::Error + Send + Sync>> {
    let manifest = tokio::fs::read_to_string(dir.join("manifest.csv")).await?;
    let mut report = ImportReport::default();
    for (index, line) in manifest.lines().enumerate().skip(1) {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match import_row(state, dir, line).await? {
            Ok(()) => report.imported += 1,
            Err(why) => report.skipped.push((number, why)),
        }
    }
    Ok(report)
}

async fn import_row(
    state: &AppState,
    dir: &Path,
    line: &str,
) -> Result<Result<(), &'static str>, Box<dyn std::error::Error + Send + Sync>> {
    let fields: Vec<&str> = line.splitn(5, ',').map(str::trim).collect();
    let [email, birth, visit, file, title] = fields[..] else {
        return Ok(Err("expected email,date_of_birth,visit_date,file,title"));
    };
    let (Some(birth), Some(visit)) = (date(birth), date(visit)) else {
        return Ok(Err("dates must be YYYY-MM-DD"));
    };
    let Some(account) = accounts::find_by_email(&state.db, email)
        .await?
        .filter(|a| a.date_of_birth == birth)
    else {
        return Ok(Err("no account with that email and date of birth"));
    };
    // A bare file name in DIR: nothing else on the machine can be imported.
    if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
        return Ok(Err("the file must be a plain file name inside DIR"));
    }
    let Ok(mut source) = tokio::fs::File::open(dir.join(file)).await else {
        return Ok(Err("the file is missing"));
    };
    let mut writer = state.files.begin("summaries", 50 * 1024 * 1024).await?;
    let mut buffer = vec![0u8; 256 * 1024];
    let mut first = true;
    loop {
        let read = source.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        if first && !buffer[..read].starts_with(b"%PDF-") {
            writer.abort().await;
            return Ok(Err("the file is not a PDF"));
        }
        first = false;
        if writer.write(&buffer[..read]).await.is_err() {
            writer.abort().await;
            return Ok(Err("the file is larger than 50 MB"));
        }
    }
    if first {
        writer.abort().await;
        return Ok(Err("the file is empty"));
    }
    let object = writer.finish().await?;
    let title = if title.is_empty() {
        "Visit summary"
    } else {
        title
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    crate::accounts::summaries::insert(&mut tx, state, &account, visit, title, &object, None, now)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
