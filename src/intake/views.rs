//! The pages of the request form: the form, the review step and the confirmation.

use askama::Template;
use askama_web::WebTemplate;

use crate::domain::fees::Quote;
use crate::domain::request::{
    DeliveryMethod, HIV_REDISCLOSURE_NOTICE, Purpose, RecordKind, RequesterType, SensitiveCategory,
    Statement,
};
use crate::forms::{FieldErrors, FormValues};
use crate::intake::new_request::{DateRange, NewRequest};
use crate::state::Site;

#[derive(Template, WebTemplate)]
#[template(path = "requests/form.html")]
pub struct RequestFormPage {
    pub site: Site,
    pub csrf: String,
    pub form: FormValues,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "requests/review.html")]
pub struct ReviewPage {
    pub site: Site,
    pub csrf: String,
    pub form: FormValues,
    pub request: NewRequest,
    pub quote: QuoteView,
    pub errors: FieldErrors,
    pub max_upload_mb: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "requests/confirmation.html")]
pub struct ConfirmationPage {
    pub site: Site,
    pub reference: String,
    pub service_target: String,
    pub legal_deadline: String,
    pub masked_email: String,
    pub mailed: bool,
}

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

/// Askama helpers for the review list.
impl ReviewPage {
    fn date_range(&self) -> String {
        match self.request.dates {
            DateRange::All => "All records".into(),
            DateRange::Between { from, to } => match (from, to) {
                (Some(f), Some(t)) => format!("From {f} to {t}"),
                (Some(f), None) => format!("From {f}"),
                (None, Some(t)) => format!("Up to {t}"),
                (None, None) => "All records".into(),
            },
        }
    }

    fn kinds(&self) -> String {
        self.request
            .record_kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn needs_ssa_documentation(&self) -> bool {
        self.request.purpose == Purpose::SocialSecurity
    }
}
