//! The pages of the request form: the form, the review step and the confirmation.

use askama::Template;
use askama_web::WebTemplate;

use crate::billing::quote_view::QuoteView;
use crate::domain::fees::{DocumentDelivery, FeeSchedule, ImageDelivery};
use crate::domain::money::Cents;
use crate::domain::request::{
    DeliveryMethod, HIV_REDISCLOSURE_NOTICE, Purpose, RecordKind, RequesterType, SensitiveCategory,
    Statement,
};
use crate::forms::{FieldErrors, FormValues};
use crate::intake::new_request::{DateRange, NewRequest, Signature};
use crate::state::Site;

#[derive(Template, WebTemplate)]
#[template(path = "requests/form.html")]
pub struct RequestFormPage {
    pub site: Site,
    pub csrf: String,
    pub form: FormValues,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
    /// What the live estimate needs to know, from the fee schedule and the vocabulary.
    pub pricing: FormPricing,
}

/// Rendered into the form's `data-` attributes, so the script repeats no price and no list.
pub struct FormPricing {
    pub per_page: Cents,
    /// Record kinds priced as images, space-separated codes.
    pub image_kinds: String,
    /// Delivery method -> how documents and images go out, as JSON objects (images: only
    /// the methods that carry them).
    pub document_delivery: String,
    pub image_delivery: String,
}

impl FormPricing {
    pub fn new(fees: &FeeSchedule) -> Self {
        let by_method = |code: fn(DeliveryMethod) -> &'static str,
                         carries: fn(DeliveryMethod) -> bool| {
            let pairs: serde_json::Map<String, serde_json::Value> = DeliveryMethod::ALL
                .iter()
                .filter(|m| carries(**m))
                .map(|m| (m.code().to_owned(), code(*m).into()))
                .collect();
            serde_json::Value::Object(pairs).to_string()
        };
        FormPricing {
            per_page: fees.documents.per_page_cents,
            image_kinds: RecordKind::ALL
                .iter()
                .filter(|k| k.is_image())
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(" "),
            document_delivery: by_method(|m| DocumentDelivery::for_method(m).code(), |_| true),
            // Only the ways images may travel: the script offers no other once an image
            // kind is chosen, as the server accepts no other.
            image_delivery: by_method(
                |m| ImageDelivery::for_method(m).code(),
                DeliveryMethod::carries_images,
            ),
        }
    }
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

/// Askama helpers for the review list, in the page's language.
impl ReviewPage {
    fn date_range(&self) -> String {
        let site = &self.site;
        let (from, to) = match self.request.dates {
            DateRange::Between { from, to } => (from, to),
            DateRange::All => (None, None),
        };
        match (from, to) {
            (Some(f), Some(t)) => site.t2(
                "review-dates-between",
                "from",
                site.date(f),
                "to",
                site.date(t),
            ),
            (Some(f), None) => site.t1("review-dates-from", "from", site.date(f)),
            (None, Some(t)) => site.t1("review-dates-to", "to", site.date(t)),
            (None, None) => site.t("form-dates-all"),
        }
    }

    fn kinds(&self) -> String {
        self.request
            .record_kinds
            .iter()
            .map(|k| self.site.label(*k))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn needs_paper_authorization(&self) -> bool {
        self.request.authorization.signature == Signature::Paper
    }

    /// Who signs, in words, for the review list.
    fn signature(&self) -> String {
        match &self.request.authorization.signature {
            Signature::OnForm { name, .. } => name.to_string(),
            Signature::PatientOnline => match &self.request.patient.email {
                Some(email) => self
                    .site
                    .t1("review-signed-online-to", "email", email.as_str()),
                None => self.site.t("review-signed-online"),
            },
            Signature::Paper => self.site.t("review-signed-paper"),
        }
    }

    fn needs_ssa_documentation(&self) -> bool {
        self.request.purpose == Purpose::SocialSecurity
    }
}
