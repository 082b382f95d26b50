//! Keeping stored files encrypted at rest: converting the files stored before encryption
//! (`records-portal encrypt-existing`), and re-wrapping every key under a new master key
//! (`records-portal rotate-key`).

use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::state::AppState;
use crate::storage::keys::{self, RotateError, Rotated};

use super::retention::FILE_TABLES;

/// What a conversion did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Converted {
    pub files: u64,
    pub bytes: u64,
    /// Files whose bytes no longer match their SHA-256 (left as they are), by object key.
    pub mismatched: Vec<String>,
    /// Rows whose object is missing from the store, by object key.
    pub missing: Vec<String>,
}

/// Rewrites each file stored before encryption as an encrypted copy under a new object
/// key: the copy is checked against the row's SHA-256, the row is switched to it in one
/// statement, and only then the plaintext is removed. Safe to run again (what is done is
/// skipped) and while the server runs (a download of the old object in flight at the moment
/// it is removed is cut short).
pub async fn encrypt_existing(
    state: &AppState,
) -> Result<Converted, Box<dyn std::error::Error + Send + Sync>> {
    if !state.files.encrypts() {
        return Err("the file store is not encrypting".into());
    }
    let mut done = Converted::default();
    for table in FILE_TABLES {
        // Table names come from the list, never from input. A purged file has no object.
        let purged = if table == "release_files" {
            " and t.purged_at is null"
        } else {
            ""
        };
        let rows: Vec<(String, Vec<u8>)> = sqlx::query_as(&format!(
            "select t.object_key, t.sha256 from {table} t
             where not exists (select 1 from file_keys k where k.object_key = t.object_key){purged}"
        ))
        .fetch_all(&state.db)
        .await?;
        for (old_key, sha256) in rows {
            convert_one(state, table, &old_key, &sha256, &mut done).await?;
        }
    }
    Ok(done)
}

async fn convert_one(
    state: &AppState,
    table: &str,
    old_key: &str,
    sha256: &[u8],
    done: &mut Converted,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut plain = match state.files.read_stream(old_key).await {
        Ok(read) => read.chunks,
        Err(object_store::Error::NotFound { .. }) => {
            done.missing.push(old_key.to_owned());
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let folder = old_key
        .rsplit_once('/')
        .map_or("files", |(folder, _)| folder);
    let mut writer = state.files.begin(folder, u64::MAX).await?;
    let mut hasher = Sha256::new();
    while let Some(chunk) = plain.next().await {
        let chunk = chunk?;
        hasher.update(&chunk);
        if let Err(error) = writer.write(&chunk).await {
            writer.abort().await;
            return Err(error.into());
        }
    }
    let stored = writer.finish().await?;
    let digest: [u8; 32] = hasher.finalize().into();
    if digest[..] != sha256[..] {
        state.files.discard(&stored.key).await;
        done.mismatched.push(old_key.to_owned());
        return Ok(());
    }
    let switched = sqlx::query(&format!(
        "update {table} set object_key = $2 where object_key = $1"
    ))
    .bind(old_key)
    .bind(&stored.key)
    .execute(&state.db)
    .await?;
    if switched.rows_affected() == 1 {
        state.files.discard(old_key).await;
        done.files += 1;
        done.bytes += stored.size_bytes;
    } else {
        // The row went meanwhile (a removed file): the copy is not needed.
        state.files.discard(&stored.key).await;
    }
    Ok(())
}

/// What a check of every stored file found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verified {
    pub files: u64,
    pub bytes: u64,
    /// Object keys missing, unreadable, or not matching their SHA-256.
    pub bad: Vec<String>,
}

/// Reads every file a row names (decrypting it) and compares it with the row's SHA-256:
/// after a restore, or as a periodic integrity check.
pub async fn verify_all(state: &AppState) -> Result<Verified, sqlx::Error> {
    let mut found = Verified::default();
    for table in FILE_TABLES {
        // Removed and purged release copies have no object any more.
        let gone = if table == "release_files" {
            " where removed_at is null and purged_at is null"
        } else {
            ""
        };
        let rows: Vec<(String, Vec<u8>)> =
            sqlx::query_as(&format!("select object_key, sha256 from {table}{gone}"))
                .fetch_all(&state.db)
                .await?;
        for (key, sha256) in rows {
            match digest_of(state, &key).await {
                Some((digest, bytes)) if digest[..] == sha256[..] => {
                    found.files += 1;
                    found.bytes += bytes;
                }
                _ => found.bad.push(key),
            }
        }
    }
    Ok(found)
}

async fn digest_of(state: &AppState, key: &str) -> Option<([u8; 32], u64)> {
    let mut chunks = state.files.read_stream(key).await.ok()?.chunks;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.ok()?;
        bytes += chunk.len() as u64;
        hasher.update(&chunk);
    }
    Some((hasher.finalize().into(), bytes))
}

/// What a rotation re-wrapped or re-sealed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RotatedAll {
    pub files: Rotated,
    pub totp_secrets: u64,
}

/// Re-wraps every file's data key and re-seals every TOTP secret under the current master
/// key; the files themselves are not rewritten. Run it after putting the new key first in
/// `MASTER_KEY` (the old one after it); then the old key can be dropped.
pub async fn rotate(state: &AppState) -> Result<RotatedAll, RotateError> {
    let files = keys::rotate(&state.db, &state.master_key).await?;
    let totp_secrets = crate::accounts::factors::reseal_all(&state.db, &state.master_key).await?;
    Ok(RotatedAll {
        files,
        totp_secrets,
    })
}
