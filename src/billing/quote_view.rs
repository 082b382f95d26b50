//! A fee quote ready to print on the review page and the staff request page: every amount
//! already formatted.

use crate::domain::fees::Quote;

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
    fn from(quote: &Quote) -> Self {
        let lines = quote
            .lines
            .iter()
            .map(|line| QuoteLineView {
                label: line.label.clone(),
                detail: line.note.clone().unwrap_or_else(|| match line.quantity {
                    Some(q) => format!("{q} × {}", line.unit_cents),
                    None => String::new(),
                }),
                amount: line
                    .amount_cents
                    .map_or_else(|| "depends on the page count".into(), |a| a.to_string()),
            })
            .collect();
        let (total, explanation) = match (quote.total_cents, quote.max_cents) {
            (Some(total), _) => (total.to_string(), None),
            (None, Some(max)) => (format!("at most {max}"), Some("The exact amount depends on the number of pages; we will send an invoice before releasing the records.".into())),
            (None, None) => ("depends on the page count".into(), Some("We will count the pages and send an invoice before releasing the records.".into())),
        };
        QuoteView {
            lines,
            total,
            explanation,
        }
    }
}
