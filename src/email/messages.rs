//! The messages the portal sends, each rendered from a `.txt` and an `.html` template.

use askama::Template;
use uuid::Uuid;

use super::outbox::OutgoingEmail;
use crate::domain::contact::EmailAddress;

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
    pub request_id: Uuid,
    pub to: EmailAddress,
    pub practice_name: String,
    pub practice_phone: String,
    pub reference: String,
    pub tracking_url: String,
    pub service_target: String,
    pub legal_deadline: String,
}

impl RequestReceived {
    pub fn render(&self) -> Result<OutgoingEmail, askama::Error> {
        Ok(OutgoingEmail {
            kind: "request_received",
            request_id: Some(self.request_id),
            recipient: self.to.clone(),
            subject: format!("We received your records request {}", self.reference),
            text_body: RequestReceivedText { m: self }.render()?,
            html_body: RequestReceivedHtml { m: self }.render()?,
        })
    }
}
