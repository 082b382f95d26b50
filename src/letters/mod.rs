//! What patients receive on paper: the invoice, the receipt, the denial letter, the
//! extension notice, the accounting of disclosures. A [`Letter`] is plain content (a
//! letterhead, headings, paragraphs, tables) in one language, shown two ways from the same
//! content: a printable web page ([`LetterPage`]) and a tagged, accessible PDF (PDF/UA-1,
//! [`render`]) laid out on US Letter pages with the site's typeface embedded, every line
//! of text tagged in reading order, rules and page numbers marked as artifacts, and the
//! practice's mark as a figure with alt text. Rendering is synchronous: callers run it on
//! a blocking thread.
//!
//! `krilla` over the `pdf-writer` the invoice was drawn with first: it embeds and subsets
//! fonts (real text, not Helvetica's Latin-1: the site's face, and DejaVu Sans for names in
//! Vietnamese, Greek, Cyrillic or extended Latin; a character neither has prints as `?`), builds the structure
//! tree, and refuses a document PDF/UA-1 forbids (no title, a figure without alt text, a
//! glyph the font lacks) instead of writing it.

mod face;
mod layout;
mod page;
mod pdf;

pub use page::LetterPage;

use crate::config::Practice;
use crate::i18n::Lang;

/// A letter or invoice, as content.
#[derive(Debug, Clone)]
pub struct Letter {
    pub lang: Lang,
    /// The document's title: its first heading and its metadata title.
    pub title: String,
    pub letterhead: Letterhead,
    pub blocks: Vec<Block>,
}

/// Who the letter is from, printed at the top of the first page.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub name: String,
    /// Address and contact lines under the name.
    pub lines: Vec<String>,
    /// What a screen reader says for the practice's mark.
    pub logo_alt: String,
}

impl Letterhead {
    /// The practice's letterhead, in `lang`: the same on every letter it sends.
    pub fn of(practice: &Practice, lang: Lang) -> Self {
        Letterhead {
            name: practice.name.clone(),
            lines: vec![
                lang.t("letter-department"),
                practice.address.clone(),
                lang.t_with(
                    "letter-contact",
                    &[
                        ("phone", &practice.phone),
                        ("email", &practice.records_email),
                    ],
                ),
            ],
            logo_alt: lang.t_with("letter-logo-alt", &[("practice", &practice.name)]),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading (level 2).
    Heading(String),
    Paragraph(String),
    /// A paragraph in small print (the law behind a fee, a footnote).
    SmallPrint(String),
    /// A label in bold and its value, on one line: "Invoice number: INV-2026-000001".
    Fact(String, String),
    Table(Table),
}

/// A table with a header row; numeric columns are right-aligned.
#[derive(Debug, Clone)]
pub struct Table {
    /// What the table holds, for screen readers.
    pub summary: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Last rows set apart by a rule (a total, a balance), in bold.
    pub footer: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
}

impl Block {
    /// The line every letter ends with: free language help, in the letter's language and
    /// in Spanish or English too, with the notice's address.
    pub fn language_help(practice: &Practice, site_url: &str, lang: Lang) -> Block {
        Block::SmallPrint(lang.t_with(
            "letter-language-help",
            &[
                ("phone", &practice.phone),
                ("url", &format!("{site_url}/language-assistance")),
            ],
        ))
    }
}

impl Table {
    pub fn is_numeric(&self, column: &usize) -> bool {
        self.numeric.get(*column).copied().unwrap_or(false)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(String);

/// The letter as PDF bytes.
pub fn render(letter: &Letter) -> Result<Vec<u8>, PdfError> {
    pdf::render(letter)
}

/// The letter rendered on a blocking thread and answered as a PDF download.
pub async fn pdf_download(
    letter: Letter,
    file_name: &str,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::error::AppError;
    let bytes = tokio::task::spawn_blocking(move || render(&letter))
        .await
        .map_err(|e| AppError::Internal(format!("letter rendering failed: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(response(file_name, bytes))
}

/// The answer that downloads a PDF under `file_name` (ASCII, no quotes).
pub fn response(file_name: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}.pdf\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
