//! The final multipart submission of the request form: the answers, and the ID photo,
//! signed authorization and SSA documentation a requester may attach.

use axum::extract::multipart::Multipart;

use crate::error::AppError;
use crate::files::multipart::{StreamLimits, Streamed, discard_all, read_form};
use crate::forms::{FieldErrors, FormValues};
use crate::http::csrf::CsrfToken;
use crate::storage::{FileStore, StoredObject};

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
        discard_all(store, self.files.iter().map(|f| &f.object)).await;
    }
}

pub async fn receive(
    multipart: Multipart,
    csrf: &CsrfToken,
    store: &FileStore,
    max_file_bytes: usize,
) -> Result<Submission, AppError> {
    let form = read_form(multipart, csrf, store, |name| {
        FilePurpose::from_field(name).map(|purpose| StreamLimits {
            allowed: purpose.allowed(),
            folder: "intake",
            max_bytes: max_file_bytes as u64,
        })
    })
    .await?;
    let mut submission = Submission {
        values: form.values,
        files: Vec::new(),
        file_errors: FieldErrors::default(),
    };
    for file in form.files {
        let Some(purpose) = FilePurpose::from_field(&file.field) else {
            continue;
        };
        match file.outcome {
            Streamed::Empty => {}
            Streamed::Stored {
                object,
                content_type,
            } => submission.files.push(ReceivedFile {
                purpose,
                object,
                content_type,
                original_filename: file.file_name,
            }),
            Streamed::WrongType => submission
                .file_errors
                .add(purpose.field(), "This file must be a PDF, JPEG or PNG"),
            Streamed::TooLarge => {
                let mb = max_file_bytes / (1024 * 1024);
                submission
                    .file_errors
                    .add(purpose.field(), format!("This file is larger than {mb} MB"));
            }
        }
    }
    Ok(submission)
}
