//! The messages the portal sends, each rendered from a `.txt` and an `.html` template.

use askama::Template;
use uuid::Uuid;

use super::outbox::OutgoingEmail;
use crate::domain::contact::EmailAddress;
use crate::i18n::{Lang, Site};

#[derive(Template)]
#[template(path = "email/request_received.txt")]
struct RequestReceivedText<'a> {
    m: &'a RequestReceived,
}

#[derive(Template)]
#[template(path = "email/request_received.html")]
struct RequestReceivedHtml<'a> {
    m: &'a RequestReceived,
}

/// "We received your request": the reference and the private tracking link, no clinical content.
pub struct RequestReceived {
    /// The practice, in the request's language: the whole message is in it.
    pub site: Site,
    /// The language assistance notice, linked from every confirmation (45 CFR 92.11).
    pub language_help_url: String,
    pub request_id: Uuid,
    pub to: EmailAddress,
    pub reference: String,
    pub tracking_url: String,
    pub service_target: String,
    pub legal_deadline: String,
    /// A third party's request: the patient was sent a link to sign.
    pub awaiting_patient_signature: bool,
}

impl RequestReceived {
    pub fn render(&self) -> Result<OutgoingEmail, askama::Error> {
        Ok(OutgoingEmail {
            kind: "request_received",
            request_id: Some(self.request_id),
            recipient: self.to.clone(),
            subject: self
                .site
                .t1("email-received-subject", "reference", &self.reference),
            text_body: RequestReceivedText { m: self }.render()?,
            html_body: RequestReceivedHtml { m: self }.render()?,
            invoice_attachment: None,
        })
    }
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct NoticeText<'a> {
    m: &'a Notice,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct NoticeHtml<'a> {
    m: &'a Notice,
}

/// A short notice about a request (needs information, deadline extended, denied...): what
/// happened in a sentence or two and a private link; the details stay behind the link.
pub struct Notice {
    /// The language the whole message is in.
    pub lang: Lang,
    pub kind: &'static str,
    /// `None` for account emails (confirmation, password reset), which have no reference.
    pub request_id: Option<Uuid>,
    pub to: EmailAddress,
    pub subject: String,
    pub practice_name: String,
    pub practice_phone: String,
    pub reference: String,
    pub paragraphs: Vec<String>,
    pub link_text: String,
    pub link_url: String,
    pub invoice_attachment: Option<Uuid>,
}

impl Notice {
    /// "Questions? Call ..." with the reference when there is one.
    fn questions(&self) -> String {
        let phone: &dyn std::fmt::Display = &self.practice_phone;
        if self.reference.is_empty() {
            self.lang.t_with("notice-questions", &[("phone", phone)])
        } else {
            self.lang.t_with("email-questions", &[("phone", phone)])
        }
    }

    pub fn render(&self) -> Result<OutgoingEmail, askama::Error> {
        Ok(OutgoingEmail {
            kind: self.kind,
            request_id: self.request_id,
            recipient: self.to.clone(),
            subject: self.subject.clone(),
            text_body: NoticeText { m: self }.render()?,
            html_body: NoticeHtml { m: self }.render()?,
            invoice_attachment: self.invoice_attachment,
        })
    }
}
