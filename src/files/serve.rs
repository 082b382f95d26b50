//! A stored file as a person downloads it: its row's facts, and the stream that checks
//! its integrity on the way out (AEAD tags, or the SHA-256 of a file stored before
//! encryption).

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;

/// A file in the object store with what its row says of it: records for release, a
/// requester's attachment, a visit summary.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub id: Uuid,
    pub object_key: String,
    pub display_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub uploaded_at: OffsetDateTime,
}

impl StoredFile {
    /// What kind of file, in words: shown before the date of birth, where the name (which
    /// staff chose and may name the patient) is not.
    pub fn kind(&self) -> &'static str {
        match self.content_type.as_str() {
            "application/pdf" => "PDF",
            "image/jpeg" | "image/png" => "image",
            "application/dicom" => "DICOM image",
            "application/zip" => "zip archive",
            _ => "file",
        }
    }

    /// "2.4 MB", for people.
    pub fn size(&self) -> String {
        let bytes = self.size_bytes as f64;
        if bytes >= 1024.0 * 1024.0 {
            format!("{:.1} MB", bytes / (1024.0 * 1024.0))
        } else {
            format!("{:.0} KB", (bytes / 1024.0).ceil())
        }
    }
}

/// Streams a stored file with its integrity checked on the way out (HIPAA 164.312(c)). An
/// encrypted file is checked chunk by chunk by its AEAD tags (a chunk that fails never
/// leaves, and a file cut short ends in an error), so its SHA-256 is not computed again. A
/// file stored before encryption has its SHA-256 checked instead, the last chunk held back
/// until the hash is known. Either way a file that no longer matches never arrives whole:
/// the connection ends short of its Content-Length.
pub async fn stream(state: &AppState, file: &StoredFile) -> AppResult<Response> {
    let body = checked_bytes(state, file).await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file.display_name
            .chars()
            .map(
                |c| if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                    c
                } else {
                    '_'
                }
            )
            .collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, file.size_bytes.to_string()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// The file's bytes, checked as they go (see [`stream`]): for a response of another shape.
pub async fn checked_bytes(
    state: &AppState,
    file: &StoredFile,
) -> AppResult<BoxStream<'static, Result<Bytes, std::io::Error>>> {
    let read = state.files.read_stream(&file.object_key).await?;
    Ok(if read.authenticated {
        let id = file.id;
        read.chunks
            .map(move |chunk| {
                chunk.map_err(|error| {
                    tracing::error!(file.id = %id, %error, "a stored file failed its integrity check");
                    std::io::Error::other("integrity check failed")
                })
            })
            .boxed()
    } else {
        hash_checked(read.chunks, file).boxed()
    })
}

fn hash_checked(
    chunks: crate::storage::Chunks,
    file: &StoredFile,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + use<> {
    let check = HashCheck {
        chunks,
        hasher: Sha256::new(),
        expected: file.sha256.clone(),
        held: None,
        file: file.id,
    };
    futures_util::stream::unfold(Some(check), |check| async move {
        let mut check = check?;
        loop {
            match check.chunks.next().await {
                Some(Ok(chunk)) => {
                    check.hasher.update(&chunk);
                    if let Some(previous) = check.held.replace(chunk) {
                        return Some((Ok(previous), Some(check)));
                    }
                }
                Some(Err(error)) => return Some((Err(std::io::Error::other(error)), None)),
                None => {
                    let digest: [u8; 32] = check.hasher.finalize_reset().into();
                    if digest[..] != check.expected[..] {
                        tracing::error!(file.id = %check.file, "a stored file failed its SHA-256 check");
                        return Some((Err(std::io::Error::other("integrity check failed")), None));
                    }
                    return check.held.take().map(|last| (Ok(last), None));
                }
            }
        }
    })
}

struct HashCheck {
    chunks: futures_util::stream::BoxStream<'static, Result<bytes::Bytes, object_store::Error>>,
    hasher: Sha256,
    expected: Vec<u8>,
    held: Option<bytes::Bytes>,
    file: Uuid,
}
