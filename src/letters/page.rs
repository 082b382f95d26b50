//! A letter as a printable web page: the same content as its PDF, with a link to it.

use askama::Template;
use askama_web::WebTemplate;

use super::{Block, Letter};

#[derive(Template, WebTemplate)]
#[template(path = "letter.html")]
pub struct LetterPage {
    pub letter: Letter,
    /// Where the same letter is as a PDF, if it is offered.
    pub pdf_href: Option<String>,
    /// "Download the letter (PDF)", in the letter's language.
    pub pdf_label: String,
    pub print_label: String,
}

impl LetterPage {
    pub fn new(letter: Letter, pdf_href: Option<String>) -> Self {
        let lang = letter.lang;
        LetterPage {
            pdf_href,
            pdf_label: lang.t("letter-download"),
            print_label: lang.t("print"),
            letter,
        }
    }

    fn blocks(&self) -> &[Block] {
        &self.letter.blocks
    }
}
