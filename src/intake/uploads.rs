//! Reading the final multipart submission: text fields into memory (bounded), files
//! streamed into the object store, checked by their first bytes, hashed on the way.

use axum::extract::multipart::{Field, Multipart};

use crate::error::AppError;
use crate::forms::{FieldErrors, FormValues};
use crate::http::csrf::{CSRF_FIELD, CsrfToken};
use crate::storage::{FileStore, StoredObject, WriteError};

const MAX_TEXT_FIELD: usize = 10 * 1024;
const MAX_FIELDS: usize = 300;
/// Enough leading bytes for every signature `infer` knows.
const SNIFF_BYTES: usize = 8 * 1024;

/// The files a requester may attach, and what each may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    IdPhoto,
    SignedAuthorization,
    SsaDocumentation,
}

impl FilePurpose {
    pub const ALL: [FilePurpose; 3] = [
        FilePurpose::IdPhoto,
        FilePurpose::SignedAuthorization,
        FilePurpose::SsaDocumentation,
    ];

    pub fn field(self) -> &'static str {
        match self {
            FilePurpose::IdPhoto => "id_photo",
            FilePurpose::SignedAuthorization => "signed_authorization",
            FilePurpose::SsaDocumentation => "ssa_documentation",
        }
    }

    fn from_field(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.field() == name)
    }

    fn allowed(self) -> &'static [&'static str] {
        match self {
            FilePurpose::IdPhoto => &["image/jpeg", "image/png", "image/heif", "application/pdf"],
            FilePurpose::SignedAuthorization | FilePurpose::SsaDocumentation => {
                &["application/pdf", "image/jpeg", "image/png"]
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReceivedFile {
    pub purpose: FilePurpose,
    pub object: StoredObject,
    pub content_type: &'static str,
    pub original_filename: String,
}

/// Everything the final submission carried.
pub struct Submission {
    pub values: FormValues,
    pub files: Vec<ReceivedFile>,
    pub file_errors: FieldErrors,
}

impl Submission {
    pub fn has_file(&self, purpose: FilePurpose) -> bool {
        self.files.iter().any(|f| f.purpose == purpose)
    }

    /// Removes the stored objects of a submission that will not be committed.
    pub async fn discard_files(&self, store: &FileStore) {
        for file in &self.files {
            store.discard(&file.object.key).await;
        }
    }
}

pub async fn receive(
    mut multipart: Multipart,
    csrf: &CsrfToken,
    store: &FileStore,
    max_file_bytes: usize,
) -> Result<Submission, AppError> {
    let mut submission = Submission {
        values: FormValues::default(),
        files: Vec::new(),
        file_errors: FieldErrors::default(),
    };
    let mut pairs = Vec::new();
    let mut csrf_checked = false;
    let result = async {
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            if pairs.len() + submission.files.len() >= MAX_FIELDS {
                return Err(AppError::BadRequest);
            }
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(purpose) = FilePurpose::from_field(&name) {
                // The token comes first in the form; no file is stored for a forged post.
                if !csrf_checked {
                    return Err(AppError::CsrfRejected);
                }
                receive_file(field, purpose, store, max_file_bytes, &mut submission).await?;
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
        submission.discard_files(store).await;
        return Err(error);
    }
    submission.values = FormValues::new(pairs);
    Ok(submission)
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

async fn receive_file(
    field: Field<'_>,
    purpose: FilePurpose,
    store: &FileStore,
    max_bytes: usize,
    submission: &mut Submission,
) -> Result<(), AppError> {
    let original_filename = sanitize_filename(field.file_name().unwrap_or_default());
    let limits = StreamLimits {
        allowed: purpose.allowed(),
        folder: "intake",
        max_bytes: max_bytes as u64,
    };
    match stream_field(field, store, &limits).await? {
        Streamed::Empty => {}
        Streamed::Stored {
            object,
            content_type,
        } => submission.files.push(ReceivedFile {
            purpose,
            object,
            content_type,
            original_filename,
        }),
        Streamed::WrongType => submission
            .file_errors
            .add(purpose.field(), "This file must be a PDF, JPEG or PNG"),
        Streamed::TooLarge => {
            let mb = max_bytes / (1024 * 1024);
            submission
                .file_errors
                .add(purpose.field(), format!("This file is larger than {mb} MB"));
        }
    }
    Ok(())
}

/// What one file field may be and where it goes.
pub struct StreamLimits {
    /// MIME types accepted, as `infer` names them from the first bytes.
    pub allowed: &'static [&'static str],
    pub folder: &'static str,
    pub max_bytes: u64,
}

/// How streaming one file field ended, short of a broken body or store.
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
