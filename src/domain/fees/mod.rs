//! The Connecticut fee engine: a pure function from a draft request and a schedule to an
//! itemised quote in integer cents (SPEC section 4).

mod schedule;

use serde::{Deserialize, Serialize};

pub use schedule::{DocumentRates, FeeSchedule, ImageRates, ScheduleError};

use crate::domain::money::Cents;
use crate::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType};
use crate::domain::string_enum;

string_enum! {
    pub enum DocumentDelivery {
        Portal => ("portal", "portal download"),
        SecureLink => ("secure_link", "secure email link"),
        Mail => ("mail", "US mail"),
        Fax => ("fax", "fax"),
        Provider => ("provider", "directly to a provider"),
    }
}

string_enum! {
    pub enum ImageDelivery {
        SecureLink => ("secure_link", "secure email link"),
        Cd => ("cd", "CD by US mail"),
        Provider => ("provider", "directly to a provider"),
        Portal => ("portal", "download from the patient portal"),
    }
}

/// What the engine prices: the JSON body of `POST /api/fee-quote`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteRequest {
    pub requester_type: RequesterType,
    pub purpose: Purpose,
    #[serde(default)]
    pub ssa_documentation: bool,
    #[serde(default)]
    pub documents: Option<DocumentsPart>,
    #[serde(default)]
    pub images: Option<ImagesPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsPart {
    pub delivery: DocumentDelivery,
    /// Unknown until staff count the pages; the quote is then an estimate.
    #[serde(default)]
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesPart {
    pub delivery: ImageDelivery,
}

string_enum! {
    /// Why a line costs nothing.
    pub enum Exemption {
        ContinuingCare => ("continuing_care", "no charge for continuing care"),
        SocialSecurity => ("social_security", "no charge for a Social Security disability claim (CGS 20-7c)"),
        Portal => ("portal", "no charge for portal downloads"),
    }
}

string_enum! {
    pub enum Rule {
        DocumentsPerPage => ("documents_per_page", "Copies of documents"),
        ImagesSecureLink => ("images_secure_link", "Images by secure email link"),
        ImagesCd => ("images_cd", "Images on CD by US mail"),
        ImagesToProvider => ("images_to_provider", "Images sent to a provider"),
        ImagesPortal => ("images_portal", "Images in the patient portal"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub rule: Rule,
    pub label: String,
    /// Pages or requests; `None` while the page count is unknown.
    pub quantity: Option<u32>,
    pub unit_cents: Cents,
    /// Before any cap or exemption; `None` while the page count is unknown.
    pub subtotal_cents: Option<Cents>,
    /// What is charged; `None` while the page count is unknown.
    pub amount_cents: Option<Cents>,
    /// The most this line can cost while its amount is unknown and a cap bounds it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_cents: Option<Cents>,
    pub cap_applied: bool,
    pub exemption: Option<Exemption>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub schedule: String,
    /// `None` while a per-page line has no page count.
    pub total_cents: Option<Cents>,
    /// The most it can cost when the total is unknown but a cap bounds it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_cents: Option<Cents>,
    pub lines: Vec<QuoteLine>,
}

impl DocumentDelivery {
    /// How documents go out by the request's delivery method.
    pub fn for_method(delivery: DeliveryMethod) -> Self {
        match delivery {
            DeliveryMethod::Portal => DocumentDelivery::Portal,
            DeliveryMethod::SecureLink => DocumentDelivery::SecureLink,
            DeliveryMethod::Mail => DocumentDelivery::Mail,
            DeliveryMethod::Fax => DocumentDelivery::Fax,
            DeliveryMethod::Provider => DocumentDelivery::Provider,
        }
    }
}

impl ImageDelivery {
    /// How images go out by the request's delivery method: by mail on a CD, by fax
    /// (which cannot carry them) as a secure link.
    pub fn for_method(delivery: DeliveryMethod) -> Self {
        match delivery {
            DeliveryMethod::Mail => ImageDelivery::Cd,
            DeliveryMethod::Provider => ImageDelivery::Provider,
            // Portal downloads are free (SPEC section 4), images included.
            DeliveryMethod::Portal => ImageDelivery::Portal,
            DeliveryMethod::SecureLink | DeliveryMethod::Fax => ImageDelivery::SecureLink,
        }
    }
}

impl QuoteRequest {
    /// The draft for a request: documents and images priced by how they are delivered
    /// (images by mail go on a CD).
    pub fn for_request(
        requester_type: RequesterType,
        purpose: Purpose,
        delivery: DeliveryMethod,
        kinds: &[RecordKind],
        ssa_documentation: bool,
        pages: Option<u32>,
    ) -> QuoteRequest {
        let documents = kinds
            .iter()
            .any(|k| !k.is_image())
            .then_some(DocumentsPart {
                delivery: DocumentDelivery::for_method(delivery),
                pages,
            });
        let images = kinds.iter().any(|k| k.is_image()).then_some(ImagesPart {
            delivery: ImageDelivery::for_method(delivery),
        });
        QuoteRequest {
            requester_type,
            purpose,
            ssa_documentation,
            documents,
            images,
        }
    }
}

/// Prices a draft request. Never adds search, retrieval, verification or postage lines:
/// the per-page fee covers them (CGS 20-7c) and 45 CFR 164.524(c)(4) forbids them.
pub fn quote(schedule: &FeeSchedule, request: &QuoteRequest) -> Quote {
    let exemption = request_exemption(request);
    let mut lines = Vec::new();
    if let Some(documents) = &request.documents {
        lines.push(documents_line(
            schedule,
            request.requester_type,
            exemption,
            documents,
        ));
    }
    if let Some(images) = &request.images {
        lines.push(images_line(schedule, exemption, images));
    }
    let total_cents = lines.iter().map(|l| l.amount_cents).sum::<Option<Cents>>();
    let max_cents = match total_cents {
        Some(_) => None,
        None => lines
            .iter()
            .map(|l| l.amount_cents.or(l.max_cents))
            .sum::<Option<Cents>>(),
    };
    Quote {
        schedule: schedule.version.clone(),
        total_cents,
        max_cents,
        lines,
    }
}

fn request_exemption(request: &QuoteRequest) -> Option<Exemption> {
    if request.requester_type == RequesterType::Provider
        || request.purpose == Purpose::ContinuingCare
    {
        Some(Exemption::ContinuingCare)
    } else if request.purpose == Purpose::SocialSecurity && request.ssa_documentation {
        Some(Exemption::SocialSecurity)
    } else {
        None
    }
}

fn documents_line(
    schedule: &FeeSchedule,
    requester: RequesterType,
    request_exemption: Option<Exemption>,
    documents: &DocumentsPart,
) -> QuoteLine {
    let unit = schedule.documents.per_page_cents;
    let cap = schedule.documents.patient_cap_cents;
    let exemption = match documents.delivery {
        DocumentDelivery::Portal => Some(Exemption::Portal),
        DocumentDelivery::Provider => Some(Exemption::ContinuingCare),
        _ => request_exemption,
    };
    // The $6.50 cap protects patients and their representatives, not third parties.
    let capped = matches!(
        requester,
        RequesterType::Patient | RequesterType::Representative
    );
    let subtotal = documents.pages.map(|pages| unit.times(pages));
    let (amount, cap_applied) = match (exemption, subtotal) {
        (Some(_), _) => (Some(Cents::ZERO), false),
        (None, Some(subtotal)) if capped && subtotal > cap => (Some(cap), true),
        (None, subtotal) => (subtotal, false),
    };
    let note = match (exemption, documents.pages) {
        (Some(exemption), _) => Some(exemption.label().to_owned()),
        (None, _) if cap_applied => Some(format!("capped at {cap}")),
        (None, None) if capped => Some(format!("{unit} per page, at most {cap}")),
        (None, None) => Some(format!("{unit} per page")),
        (None, Some(_)) => None,
    };
    QuoteLine {
        rule: Rule::DocumentsPerPage,
        label: format!(
            "{} ({})",
            Rule::DocumentsPerPage.label(),
            documents.delivery.label()
        ),
        quantity: documents.pages,
        unit_cents: unit,
        subtotal_cents: subtotal,
        amount_cents: amount,
        max_cents: (amount.is_none() && capped).then_some(cap),
        cap_applied,
        exemption,
        note,
    }
}

fn images_line(
    schedule: &FeeSchedule,
    request_exemption: Option<Exemption>,
    images: &ImagesPart,
) -> QuoteLine {
    let (rule, unit, exemption) = match images.delivery {
        ImageDelivery::SecureLink => (
            Rule::ImagesSecureLink,
            schedule.images.secure_link_cents,
            request_exemption,
        ),
        ImageDelivery::Cd => (Rule::ImagesCd, schedule.images.cd_cents, request_exemption),
        ImageDelivery::Provider => (
            Rule::ImagesToProvider,
            Cents::ZERO,
            Some(Exemption::ContinuingCare),
        ),
        ImageDelivery::Portal => (Rule::ImagesPortal, Cents::ZERO, Some(Exemption::Portal)),
    };
    let amount = if exemption.is_some() {
        Cents::ZERO
    } else {
        unit
    };
    QuoteLine {
        rule,
        label: rule.label().to_owned(),
        quantity: Some(1),
        unit_cents: unit,
        subtotal_cents: Some(unit),
        amount_cents: Some(amount),
        max_cents: None,
        cap_applied: false,
        exemption,
        note: exemption.map(|e| e.label().to_owned()),
    }
}

#[cfg(test)]
mod tests;
