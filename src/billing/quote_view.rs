//! A fee quote ready to print on the review page and the staff request page: every amount
//! already formatted, every word in the page's language.

use crate::domain::fees::{Quote, QuoteLine, Rule};
use crate::i18n::Lang;

/// A quote ready to print: every amount already formatted.
pub struct QuoteView {
    pub lines: Vec<QuoteLineView>,
    pub total: String,
    pub explanation: Option<String>,
}

pub struct QuoteLineView {
    pub label: String,
    pub detail: String,
    pub amount: String,
}

impl From<&Quote> for QuoteView {
    /// In English, as staff pages show it.
    fn from(quote: &Quote) -> Self {
        QuoteView::in_lang(quote, Lang::En)
    }
}

/// A line's name: the rule, and for documents how they travel ("Copies of documents (US
/// mail)"), which the fee engine wrote in English in brackets.
pub(crate) fn line_label(line: &QuoteLine, lang: Lang) -> String {
    let rule = lang.label(line.rule);
    match line.label.split_once(" (") {
        Some((_, how)) if line.rule == Rule::DocumentsPerPage => {
            format!("{rule} ({})", lang.message(how.trim_end_matches(')')))
        }
        _ => rule,
    }
}

fn line_detail(line: &QuoteLine, lang: Lang) -> String {
    if let Some(exemption) = line.exemption {
        return lang.label(exemption);
    }
    match (line.quantity, line.rule) {
        (Some(q), _) => format!("{q} × {}", line.unit_cents),
        (None, Rule::DocumentsPerPage) => match line.max_cents {
            Some(cap) => lang.t_with(
                "quote-per-page-capped",
                &[("unit", &line.unit_cents), ("cap", &cap)],
            ),
            None => lang.t_with("quote-per-page", &[("unit", &line.unit_cents)]),
        },
        (None, _) => String::new(),
    }
}

impl QuoteView {
    pub fn in_lang(quote: &Quote, lang: Lang) -> Self {
        let lines = quote
            .lines
            .iter()
            .map(|line| QuoteLineView {
                label: line_label(line, lang),
                detail: line_detail(line, lang),
                amount: line
                    .amount_cents
                    .map_or_else(|| lang.t("quote-depends"), |a| a.to_string()),
            })
            .collect();
        let (total, explanation) = match (quote.total_cents, quote.max_cents) {
            (Some(total), _) => (total.to_string(), None),
            (None, Some(max)) => (
                lang.t_with("quote-at-most", &[("max", &max)]),
                Some(lang.t("quote-depends-on-pages")),
            ),
            (None, None) => (lang.t("quote-depends"), Some(lang.t("quote-will-count"))),
        };
        QuoteView {
            lines,
            total,
            explanation,
        }
    }
}
