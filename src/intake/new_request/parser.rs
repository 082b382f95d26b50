//! The field-by-field rules of the request form, collecting every error at once.

use time::Date;

use crate::domain::calendar::parse_iso_date;
use crate::domain::contact::{
    EmailAddress, PersonName, PhoneNumber, clean_text, parse_date_of_birth,
};
use crate::domain::request::{
    DeliveryMethod, RecordKind, RequesterType, SensitiveCategory, SignedBy,
};
use crate::forms::{FieldErrors, FormValues};

use super::{Authorization, DateRange, Delivery, Signature};

/// The ways a third party's request can carry the patient's signature.
fn third_party_signature(code: &str) -> Option<SignedBy> {
    SignedBy::parse(code).filter(|s| *s != SignedBy::Requester)
}

pub(super) struct Parser<'a> {
    pub(super) form: &'a FormValues,
    pub(super) errors: FieldErrors,
}

impl Parser<'_> {
    pub(super) fn choice<T>(
        &mut self,
        field: &'static str,
        parse: fn(&str) -> Option<T>,
        missing: &str,
    ) -> Option<T> {
        let value = parse(self.form.get(field));
        if value.is_none() {
            self.errors.add(field, missing);
        }
        value
    }

    /// Optional free text; `None` when empty or invalid (the error is recorded).
    pub(super) fn text(
        &mut self,
        field: &'static str,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        match clean_text(self.form.get(field), max, multiline) {
            Ok(text) if text.is_empty() => None,
            Ok(text) => Some(text),
            Err(why) => {
                self.errors.add(field, format!("This {why}"));
                None
            }
        }
    }

    /// Text required when `required` holds: `Some(None)` when not required and empty.
    pub(super) fn text_if(
        &mut self,
        required: bool,
        field: &'static str,
        missing: &str,
        max: usize,
    ) -> Option<Option<String>> {
        let text = self.text(field, max, true);
        if required && text.is_none() && self.errors.get(field).is_none() {
            self.errors.add(field, missing);
            return None;
        }
        Some(text)
    }

    pub(super) fn optional<T>(
        &mut self,
        field: &'static str,
        parse: fn(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let raw = self.form.get(field);
        if raw.trim().is_empty() {
            return None;
        }
        parse(raw)
            .map_err(|why| self.errors.add(field, format!("This {why}")))
            .ok()
    }

    pub(super) fn parse_if<T>(
        &mut self,
        required: bool,
        field: &'static str,
        missing: &str,
        parse: fn(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        if required && self.form.get(field).trim().is_empty() {
            self.errors.add(field, missing);
            return None;
        }
        self.optional(field, parse)
    }

    pub(super) fn date_of_birth(&mut self, today: Date) -> Option<Date> {
        let (m, d, y) = (
            self.form.get("dob_month"),
            self.form.get("dob_day"),
            self.form.get("dob_year"),
        );
        if [m, d, y].iter().all(|s| s.trim().is_empty()) {
            self.errors
                .add("dob_month", "Enter the patient's date of birth");
            return None;
        }
        parse_date_of_birth(m, d, y, today)
            .map_err(|why| self.errors.add("dob_month", format!("Date of birth {why}")))
            .ok()
    }

    pub(super) fn record_kinds(&mut self) -> Vec<RecordKind> {
        let mut kinds = Vec::new();
        for code in self.form.all("record_kinds") {
            match RecordKind::parse(code) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => self
                    .errors
                    .add("record_kinds", "Choose from the listed kinds of records"),
            }
        }
        if kinds.is_empty() {
            self.errors
                .add("record_kinds", "Choose at least one kind of record");
        }
        kinds
    }

    pub(super) fn date_range(&mut self, today: Date) -> Option<DateRange> {
        match self.form.get("date_range") {
            "all" => Some(DateRange::All),
            "between" => {
                let from = self.date("dates_from", today);
                let to = self.date("dates_to", today);
                match (from, to) {
                    (Err(()), _) | (_, Err(())) => None,
                    (Ok(None), Ok(None)) => {
                        self.errors.add(
                            "dates_from",
                            "Enter at least one of the dates, or choose all records",
                        );
                        None
                    }
                    (Ok(Some(f)), Ok(Some(t))) if f > t => {
                        self.errors.add(
                            "dates_to",
                            "The end date must be on or after the start date",
                        );
                        None
                    }
                    (Ok(from), Ok(to)) => Some(DateRange::Between { from, to }),
                }
            }
            _ => {
                self.errors
                    .add("date_range", "Choose all records or a range of dates");
                None
            }
        }
    }

    pub(super) fn date(&mut self, field: &'static str, today: Date) -> Result<Option<Date>, ()> {
        let raw = self.form.get(field);
        if raw.trim().is_empty() {
            return Ok(None);
        }
        match parse_iso_date(raw) {
            Some(d) if d > today => {
                self.errors
                    .add(field, "This date must be today or in the past");
                Err(())
            }
            Some(d) if d.year() < 1900 => {
                self.errors.add(field, "This date must be after 1900");
                Err(())
            }
            Some(d) => Ok(Some(d)),
            None => {
                self.errors
                    .add(field, "This must be a real date, like 2024-03-15");
                Err(())
            }
        }
    }

    pub(super) fn delivery(
        &mut self,
        requester: Option<RequesterType>,
        kinds: &[RecordKind],
    ) -> Option<Delivery> {
        let method = self.choice(
            "delivery",
            DeliveryMethod::parse,
            "Choose how you want to receive the records",
        )?;
        let images = kinds.iter().any(|k| k.is_image());
        match method {
            DeliveryMethod::Fax if images && !method.carries_images() => self.errors.add("delivery", "Images cannot be faxed; choose a secure email link, a CD by mail, or delivery to a doctor's office"),
            DeliveryMethod::Portal if images && !method.carries_images() => self.errors.add("delivery", "Images are not available in the portal; choose a secure email link, a CD by mail, or delivery to a doctor's office"),
            DeliveryMethod::Portal if requester != Some(RequesterType::Patient) => self.errors.add("delivery", "Only patients can receive records in the patient portal"),
            _ => {}
        }
        let email = self.optional("delivery_email", EmailAddress::parse);
        let address = self.text_if(
            method == DeliveryMethod::Mail,
            "delivery_address",
            "Enter the mailing address for the records",
            500,
        )?;
        let fax = self.parse_if(
            method == DeliveryMethod::Fax,
            "delivery_fax",
            "Enter the fax number",
            PhoneNumber::parse,
        );
        let provider_name = self.text_if(
            method == DeliveryMethod::Provider,
            "provider_name",
            "Enter the name of the doctor's office that should receive the records",
            200,
        )?;
        if method == DeliveryMethod::Provider
            && email.is_none()
            && fax.is_none()
            && address.is_none()
        {
            self.errors.add(
                "delivery_fax",
                "Enter the office's fax number, email or mailing address",
            );
        }
        if method == DeliveryMethod::Fax && fax.is_none() {
            return None;
        }
        Some(Delivery {
            method,
            email,
            address,
            fax,
            provider_name,
        })
    }

    pub(super) fn authorization(
        &mut self,
        requester: Option<RequesterType>,
        patient: Option<&PersonName>,
        today: Date,
    ) -> Option<Authorization> {
        let full = requester.is_some_and(RequesterType::needs_full_authorization);
        let sensitive: Vec<_> = SensitiveCategory::ALL
            .iter()
            .copied()
            .filter(|c| self.form.is_checked(c.include_field()))
            .collect();
        if full {
            // A third party never signs for the patient: the patient consents to sensitive
            // records, and signs, online or on paper.
            let (expires_on, expiration_event) = self.expiration(today);
            let signature = match self.choice(
                "signed_by",
                third_party_signature,
                "Choose how the patient will sign the authorization",
            )? {
                SignedBy::Paper => Signature::Paper,
                _ => Signature::PatientOnline,
            };
            return Some(Authorization {
                signature,
                expires_on,
                expiration_event,
                sensitive,
            });
        }
        for category in &sensitive {
            if !self.form.is_checked(category.consent_field()) {
                self.errors.add(
                    category.consent_field(),
                    "Give this separate consent, or leave these records out",
                );
            }
        }
        let required = requester.map_or(&[][..], RequesterType::required_statements);
        for statement in required {
            if !self.form.is_checked(statement.field()) {
                // Each statement says which it is: the error summary lists them apart.
                self.errors
                    .add(statement.field(), statement.missing_message());
            }
        }
        let signer = self.parse_if(
            true,
            "signature_name",
            "Type your full name to sign",
            PersonName::parse,
        );
        let signed_by_patient = matches!((&signer, patient), (Some(s), Some(p)) if s.matches(p));
        let authority = self.text_if(
            signer.is_some() && patient.is_some() && !signed_by_patient,
            "signer_authority",
            "The signature is not the patient's name: describe your authority to act for the patient (for example, parent of a minor, or health care agent)",
            300,
        )?;
        Some(Authorization {
            signature: Signature::OnForm {
                name: signer?,
                authority,
                statements: required.to_vec(),
            },
            expires_on: None,
            expiration_event: None,
            sensitive,
        })
    }

    /// HIPAA 164.508(c)(1)(v): an expiration date or event; a date must be in the future.
    pub(super) fn expiration(&mut self, today: Date) -> (Option<Date>, Option<String>) {
        let raw = self.form.get("auth_expires_on");
        let date = match parse_iso_date(raw) {
            Some(d) if d <= today => {
                self.errors.add(
                    "auth_expires_on",
                    "The authorization's expiration date must be in the future",
                );
                None
            }
            Some(d) => Some(d),
            None if !raw.trim().is_empty() => {
                self.errors.add(
                    "auth_expires_on",
                    "This must be a real date, like 2027-03-15",
                );
                None
            }
            None => None,
        };
        let event = self.text("auth_expiration_event", 300, false);
        if date.is_none() && event.is_none() && self.errors.get("auth_expires_on").is_none() {
            self.errors.add(
                "auth_expires_on",
                "Enter the date this authorization expires, or the event that ends it",
            );
        }
        (date, event)
    }
}
