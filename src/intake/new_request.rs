//! `NewRequest`: a submitted request form parsed into a request that is complete and valid,
//! or every field error at once.

use time::Date;

use crate::domain::calendar::parse_iso_date;
use crate::domain::contact::{
    EmailAddress, PersonName, PhoneNumber, clean_text, parse_date_of_birth,
};
use crate::domain::fees::QuoteRequest;
use crate::domain::request::{
    DeliveryMethod, Purpose, RecordKind, RequesterType, SensitiveCategory, Statement,
};
use crate::forms::{FieldErrors, FormValues};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub requester_type: RequesterType,
    pub patient: Patient,
    /// Who asks, when it is not the patient.
    pub requester: Option<Requester>,
    pub record_kinds: Vec<RecordKind>,
    pub other_kinds_description: Option<String>,
    pub dates: DateRange,
    pub delivery: Delivery,
    pub purpose: Purpose,
    pub purpose_other: Option<String>,
    pub authorization: Authorization,
    /// Where the confirmation email and every later message go: the requester's address.
    pub contact_email: EmailAddress,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    pub legal_name: PersonName,
    pub former_names: Option<String>,
    pub date_of_birth: Date,
    pub phone: Option<PhoneNumber>,
    pub email: Option<EmailAddress>,
    pub mailing_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    pub name: PersonName,
    pub organization: Option<String>,
    pub email: EmailAddress,
    pub phone: Option<PhoneNumber>,
    pub mailing_address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRange {
    All,
    Between {
        from: Option<Date>,
        to: Option<Date>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub method: DeliveryMethod,
    pub email: Option<EmailAddress>,
    pub address: Option<String>,
    pub fax: Option<PhoneNumber>,
    pub provider_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub signer_name: PersonName,
    pub signer_authority: Option<String>,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<String>,
    pub statements: Vec<Statement>,
    pub sensitive: Vec<SensitiveCategory>,
}

impl NewRequest {
    pub fn has_images(&self) -> bool {
        self.record_kinds.iter().any(|k| k.is_image())
    }

    pub fn has_documents(&self) -> bool {
        self.record_kinds.iter().any(|k| !k.is_image())
    }

    /// Who receives the records, as the authorization names them.
    pub fn recipient(&self) -> String {
        if let Some(name) = &self.delivery.provider_name {
            return name.clone();
        }
        match &self.requester {
            Some(r) => match &r.organization {
                Some(org) => format!("{} ({org})", r.name),
                None => r.name.to_string(),
            },
            None => self.patient.legal_name.to_string(),
        }
    }

    /// The draft the fee engine prices; pages are unknown until staff count them.
    pub fn quote_request(&self, ssa_documentation: bool) -> QuoteRequest {
        QuoteRequest::for_request(
            self.requester_type,
            self.purpose,
            self.delivery.method,
            &self.record_kinds,
            ssa_documentation,
            None,
        )
    }

    /// Parses the whole form, collecting every problem so one round trip shows them all.
    pub fn parse(form: &FormValues, today: Date) -> Result<NewRequest, FieldErrors> {
        let mut p = Parser {
            form,
            errors: FieldErrors::default(),
        };
        let requester_type = p.choice(
            "requester_type",
            RequesterType::parse,
            "Choose who is asking for the records",
        );
        let not_patient = requester_type.is_some_and(|t| t != RequesterType::Patient);

        let requester_name = p.parse_if(
            not_patient,
            "requester_name",
            "Enter your full name",
            PersonName::parse,
        );
        let organization = p.text_if(
            requester_type.is_some_and(|t| t == RequesterType::Provider),
            "requester_organization",
            "Enter the name of your office or facility",
            200,
        );
        let requester_email = p.parse_if(
            not_patient,
            "requester_email",
            "Enter your email address, so we can send you updates",
            EmailAddress::parse,
        );
        let requester_phone = p.optional("requester_phone", PhoneNumber::parse);

        let legal_name = p.parse_if(
            true,
            "patient_name",
            "Enter the patient's full legal name",
            PersonName::parse,
        );
        let former_names = p.text("patient_former_names", 500, false);
        let date_of_birth = p.date_of_birth(today);
        let patient_phone = p.optional("patient_phone", PhoneNumber::parse);
        let patient_email = p.parse_if(
            requester_type == Some(RequesterType::Patient),
            "patient_email",
            "Enter your email address, so we can send you updates",
            EmailAddress::parse,
        );
        let patient_address = p.text("patient_address", 500, true);

        let record_kinds = p.record_kinds();
        let other_kinds_description = p.text_if(
            record_kinds.contains(&RecordKind::Other),
            "record_kinds_other",
            "Describe the other records you need",
            1000,
        );
        let dates = p.date_range(today);
        let delivery = p.delivery(requester_type, &record_kinds);
        let purpose = p.choice(
            "purpose",
            Purpose::parse,
            "Choose the purpose of the request",
        );
        if requester_type == Some(RequesterType::Provider)
            && purpose.is_some_and(|x| x != Purpose::ContinuingCare)
        {
            p.errors.add("purpose", "Requests from a provider's office are for continuing care; choose \"Continuing care\", or file as a third party");
        }
        let purpose_other = p.text_if(
            purpose == Some(Purpose::Other),
            "purpose_other",
            "Describe the purpose",
            500,
        );
        let authorization = p.authorization(requester_type, legal_name.as_ref(), today);

        let Parser { errors, .. } = p;
        if !errors.is_empty() {
            return Err(errors);
        }
        let requester = match (not_patient, requester_name, requester_email) {
            (true, Some(name), Some(email)) => Some(Requester {
                name,
                organization: organization.flatten(),
                email,
                phone: requester_phone,
                mailing_address: None,
            }),
            _ => None,
        };
        let contact_email = requester
            .as_ref()
            .map(|r| r.email.clone())
            .or_else(|| patient_email.clone());
        let (
            Some(requester_type),
            Some(legal_name),
            Some(date_of_birth),
            Some(dates),
            Some(delivery),
            Some(purpose),
            Some(authorization),
            Some(contact_email),
        ) = (
            requester_type,
            legal_name,
            date_of_birth,
            dates,
            delivery,
            purpose,
            authorization,
            contact_email,
        )
        else {
            // Every missing value records its own error above; this only guards against a
            // future rule that forgets to.
            let mut errors = FieldErrors::default();
            errors.add(
                "requester_type",
                "Please check your answers and send the form again",
            );
            return Err(errors);
        };
        Ok(NewRequest {
            requester_type,
            patient: Patient {
                legal_name,
                former_names,
                date_of_birth,
                phone: patient_phone,
                email: patient_email,
                mailing_address: patient_address,
            },
            requester,
            record_kinds,
            other_kinds_description: other_kinds_description.flatten(),
            dates,
            delivery,
            purpose,
            purpose_other: purpose_other.flatten(),
            authorization,
            contact_email,
        })
    }
}

struct Parser<'a> {
    form: &'a FormValues,
    errors: FieldErrors,
}

impl Parser<'_> {
    fn choice<T>(
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
    fn text(&mut self, field: &'static str, max: usize, multiline: bool) -> Option<String> {
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
    fn text_if(
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

    fn optional<T>(
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

    fn parse_if<T>(
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

    fn date_of_birth(&mut self, today: Date) -> Option<Date> {
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

    fn record_kinds(&mut self) -> Vec<RecordKind> {
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

    fn date_range(&mut self, today: Date) -> Option<DateRange> {
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

    fn date(&mut self, field: &'static str, today: Date) -> Result<Option<Date>, ()> {
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

    fn delivery(
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
            DeliveryMethod::Fax if images => self.errors.add("delivery", "Images cannot be faxed; choose a secure email link, a CD by mail, or delivery to a doctor's office"),
            DeliveryMethod::Portal if images => self.errors.add("delivery", "Images are not available in the portal; choose a secure email link, a CD by mail, or delivery to a doctor's office"),
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

    fn authorization(
        &mut self,
        requester: Option<RequesterType>,
        patient: Option<&PersonName>,
        today: Date,
    ) -> Option<Authorization> {
        let full = requester.is_some_and(RequesterType::needs_full_authorization);
        let (expires_on, expiration_event) = if full {
            self.expiration(today)
        } else {
            (None, None)
        };
        let sensitive: Vec<_> = SensitiveCategory::ALL
            .iter()
            .copied()
            .filter(|c| self.form.is_checked(c.include_field()))
            .collect();
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
                self.errors.add(
                    statement.field(),
                    "Check this box to agree to the statement",
                );
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
            signer_name: signer?,
            signer_authority: authority,
            expires_on,
            expiration_event,
            statements: required.to_vec(),
            sensitive,
        })
    }

    /// HIPAA 164.508(c)(1)(v): an expiration date or event; a date must be in the future.
    fn expiration(&mut self, today: Date) -> (Option<Date>, Option<String>) {
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

/// The form's field names for the sensitive-record checkboxes and the statements.
impl SensitiveCategory {
    pub fn include_field(self) -> &'static str {
        match self {
            SensitiveCategory::Psychotherapy => "include_psychotherapy",
            SensitiveCategory::SubstanceUse => "include_substance_use",
            SensitiveCategory::Hiv => "include_hiv",
        }
    }

    pub fn consent_field(self) -> &'static str {
        match self {
            SensitiveCategory::Psychotherapy => "consent_psychotherapy",
            SensitiveCategory::SubstanceUse => "consent_substance_use",
            SensitiveCategory::Hiv => "consent_hiv",
        }
    }
}

impl Statement {
    pub fn field(self) -> &'static str {
        match self {
            Statement::TrueInformation => "ack_true_information",
            Statement::ElectronicSignature => "ack_electronic_signature",
            Statement::RightToRevoke => "ack_right_to_revoke",
            Statement::NoConditioning => "ack_no_conditioning",
            Statement::Redisclosure => "ack_redisclosure",
        }
    }
}

#[cfg(test)]
mod tests;
