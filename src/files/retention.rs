//! How long stored files are kept. Released copies (the files made for a request) are
//! purged `RETENTION_DAYS` after the request was completed: the object goes, the row with
//! its name, size and SHA-256 stays, as do the disclosure and the audit trail; each purge is
//! audited. Visit summaries are the patient's and are never purged. The same hourly sweep
//! removes finished orphans: objects written whole by a server killed before its database
//! row was committed.

use futures_util::StreamExt;
use time::{Duration, OffsetDateTime};

use crate::audit::{self, Actor};
use crate::state::AppState;

/// Tables whose rows name a stored object.
pub const FILE_TABLES: [&str; 3] = ["uploaded_files", "release_files", "visit_summaries"];

/// An object younger than this may still be waiting for its row to commit.
const ORPHAN_AFTER: Duration = Duration::days(1);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub files: u64,
    pub bytes: u64,
}

/// Purges the released copies of requests completed more than `retention_days` ago.
pub async fn purge_released(state: &AppState, now: OffsetDateTime) -> Result<Purged, sqlx::Error> {
    let cutoff = now - Duration::days(state.config.retention_days);
    let due = sqlx::query!(
        r#"select f.id, f.request_id, f.object_key, f.size_bytes
           from release_files f join requests r on r.id = f.request_id
           where f.removed_at is null and f.purged_at is null and r.status = 'completed'
             and (select max(h.at) from request_status_history h
                  where h.request_id = r.id and h.to_status = 'completed') < $1
           limit 500"#,
        cutoff
    )
    .fetch_all(&state.db)
    .await?;
    let mut purged = Purged::default();
    for file in due {
        // The row is marked first: a crash after it leaves an orphan object, which the
        // orphan sweep removes, never a row pointing at nothing unmarked.
        let mut tx = state.db.begin().await?;
        let marked = sqlx::query!(
            "update release_files set purged_at = $2 where id = $1 and purged_at is null",
            file.id,
            now
        )
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            continue;
        }
        let detail =
            serde_json::json!({ "file": file.id, "after_days": state.config.retention_days });
        audit::record(
            &mut *tx,
            Actor::System,
            "release_file.purged",
            Some(file.request_id),
            None,
            detail,
            now,
        )
        .await?;
        tx.commit().await?;
        state.files.discard(&file.object_key).await;
        purged.files += 1;
        purged.bytes += file.size_bytes.max(0) as u64;
    }
    Ok(purged)
}

/// One statement asking whether any table's row names object `$1`. Table names come from
/// the list above, never from input.
fn named_by_a_row() -> String {
    let tables: Vec<String> = FILE_TABLES
        .iter()
        .map(|table| format!("select 1 from {table} where object_key = $1"))
        .collect();
    format!("select exists ({})", tables.join(" union all "))
}

/// Removes objects more than a day old that no row names (and their data keys).
pub async fn sweep_orphans(
    state: &AppState,
    now: OffsetDateTime,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let cutoff = (now - ORPHAN_AFTER).unix_timestamp();
    let mut old = state.files.list_written_before(cutoff);
    let mut removed = 0;
    while let Some(key) = old.next().await {
        let key = key?;
        let named: bool = sqlx::query_scalar(&named_by_a_row())
            .bind(&key)
            .fetch_one(&state.db)
            .await?;
        if !named {
            state.files.discard(&key).await;
            removed += 1;
        }
    }
    Ok(removed)
}
