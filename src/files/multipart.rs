//! Reading a multipart form: text fields into memory (bounded), each file field streamed
//! into the object store, sniffed by its first bytes, hashed on the way and held to a size
//! limit, with a safe name to show for it. Every upload in the portal goes through here.

use axum::extract::multipart::{Field, Multipart};

use crate::error::AppError;
use crate::forms::{CSRF_FIELD, FormValues};
use crate::http::csrf::CsrfToken;
use crate::storage::{FileStore, StoredObject, WriteError};

const MAX_TEXT_FIELD: usize = 10 * 1024;
const MAX_FIELDS: usize = 300;

/// Enough leading bytes for every signature `infer` knows.
const SNIFF_BYTES: usize = 8 * 1024;

/// A multipart form read whole: its text values, and its file fields as they ended.
pub struct MultipartForm {
    pub values: FormValues,
    pub files: Vec<FileField>,
}

/// One file field: its name in the form, the file's cleaned name, how streaming it ended.
pub struct FileField {
    pub field: String,
    pub file_name: String,
    pub outcome: Streamed,
}

impl MultipartForm {
    /// The objects stored for this form, for a handler to commit or discard.
    pub fn stored(&self) -> impl Iterator<Item = &StoredObject> {
        self.files.iter().filter_map(|f| match &f.outcome {
            Streamed::Stored { object, .. } => Some(object),
            _ => None,
        })
    }

    /// Removes the stored objects of a form that will not be committed.
    pub async fn discard(&self, store: &FileStore) {
        discard_all(store, self.stored()).await;
    }
}

/// Removes objects already streamed into the store.
pub async fn discard_all<'a>(store: &FileStore, objects: impl Iterator<Item = &'a StoredObject>) {
    for object in objects {
        store.discard(&object.key).await;
    }
}

/// Reads a multipart form. File fields are those `limits_for` gives limits for; the CSRF
/// token must come before the first of them (no file is stored for a forged post) and
/// must be in the form. A broken body, a forged token or a failing store leaves nothing
/// behind.
pub async fn read_form(
    mut multipart: Multipart,
    csrf: &CsrfToken,
    store: &FileStore,
    limits_for: impl Fn(&str) -> Option<StreamLimits>,
) -> Result<MultipartForm, AppError> {
    let mut form = MultipartForm {
        values: FormValues::default(),
        files: Vec::new(),
    };
    let mut pairs = Vec::new();
    let mut csrf_checked = false;
    let result = async {
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            if pairs.len() + form.files.len() >= MAX_FIELDS {
                return Err(AppError::BadRequest);
            }
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(limits) = limits_for(&name) {
                if !csrf_checked {
                    return Err(AppError::CsrfRejected);
                }
                let file_name = sanitize_filename(field.file_name().unwrap_or_default());
                let outcome = stream_field(field, store, &limits).await?;
                form.files.push(FileField {
                    field: name,
                    file_name,
                    outcome,
                });
            } else {
                let value = read_text(field).await?;
                if name == CSRF_FIELD {
                    csrf.verify(&value)?;
                    csrf_checked = true;
                }
                pairs.push((name, value));
            }
        }
        if !csrf_checked {
            return Err(AppError::CsrfRejected);
        }
        Ok(())
    }
    .await;
    if let Err(error) = result {
        form.discard(store).await;
        return Err(error);
    }
    form.values = FormValues::new(pairs);
    Ok(form)
}

async fn read_text(mut field: Field<'_>) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(AppError::BadRequest);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest)
}

/// What one file field may be and where it goes.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// MIME types accepted, as `infer` names them from the first bytes.
    pub allowed: &'static [&'static str],
    pub folder: &'static str,
    pub max_bytes: u64,
}

/// How streaming one file field ended, short of a broken body or store.
#[derive(Debug)]
pub enum Streamed {
    /// No file was chosen.
    Empty,
    Stored {
        object: StoredObject,
        content_type: &'static str,
    },
    WrongType,
    /// Nothing was kept.
    TooLarge,
}

/// Streams one multipart file into the store: the first bytes decide its type, the rest
/// goes through without being held in memory, hashed on the way. Anything but `Stored`
/// leaves nothing behind.
pub async fn stream_field(
    mut field: Field<'_>,
    store: &FileStore,
    limits: &StreamLimits,
) -> Result<Streamed, AppError> {
    let mut head = Vec::new();
    while head.len() < SNIFF_BYTES {
        match field.chunk().await.map_err(unreadable)? {
            Some(chunk) => head.extend_from_slice(&chunk),
            None => break,
        }
    }
    if head.is_empty() {
        return Ok(Streamed::Empty);
    }
    let sniffed = infer::get(&head).map(|t| t.mime_type());
    let Some(content_type) = sniffed.and_then(|m| limits.allowed.iter().copied().find(|a| *a == m))
    else {
        return Ok(Streamed::WrongType);
    };
    let mut writer = store
        .begin(limits.folder, limits.max_bytes)
        .await
        .map_err(storage_error)?;
    let mut outcome = writer.write(&head).await;
    while outcome.is_ok() {
        match field.chunk().await {
            Ok(Some(chunk)) => outcome = writer.write(&chunk).await,
            Ok(None) => break,
            Err(error) => {
                writer.abort().await;
                return Err(unreadable(error));
            }
        }
    }
    match outcome {
        Ok(()) => Ok(Streamed::Stored {
            object: writer.finish().await.map_err(storage_error)?,
            content_type,
        }),
        Err(WriteError::TooLarge) => {
            writer.abort().await;
            Ok(Streamed::TooLarge)
        }
        Err(WriteError::Storage(e)) => {
            writer.abort().await;
            Err(AppError::Storage(e))
        }
    }
}

/// A broken or over-long multipart body: 413 when a size limit was hit, else 400.
pub fn unreadable(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest
    }
}

fn storage_error(error: WriteError) -> AppError {
    match error {
        WriteError::Storage(e) => AppError::Storage(e),
        WriteError::TooLarge => AppError::BadRequest,
    }
}

/// A file name safe to store and show: the last path segment, printable characters only,
/// at most 120 characters. Files are stored under server-made names regardless.
pub fn sanitize_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| {
            if matches!(c, '<' | '>' | '"' | '\'' | '`' | ':' | '*' | '?' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    // Dots and spaces in any order: ". .x" must not come out as " .x" or ".x".
    let trimmed = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end()
        .to_owned();
    if trimmed.is_empty() {
        "upload".into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_filename;

    #[test]
    fn file_names_lose_paths_and_odd_characters() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitize_filename("C:\\Users\\pat\\id card.jpg"),
            "id card.jpg"
        );
        assert_eq!(sanitize_filename("<script>.pdf"), "_script_.pdf");
        assert_eq!(sanitize_filename("evil\u{202E}fdp.exe"), "evilfdp.exe");
        assert_eq!(sanitize_filename(".hidden"), "hidden");
        // Found by `cargo fuzz` (filename_sanitiser): a dot, then spaces.
        assert_eq!(sanitize_filename(".    &"), "&");
        assert_eq!(sanitize_filename(" . . .x "), "x");
        assert_eq!(sanitize_filename(""), "upload");
        assert_eq!(sanitize_filename(&"a".repeat(500)).len(), 120);
    }
}
