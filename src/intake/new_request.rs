//! `NewRequest`: a submitted request form parsed into a request that is complete and valid,
//! or every field error at once.

use time::Date;

use crate::domain::contact::{EmailAddress, PersonName, PhoneNumber};
use crate::domain::fees::QuoteRequest;
use crate::domain::request::{
    DeliveryMethod, Purpose, RecordKind, RequesterType, SensitiveCategory, SignedBy, Statement,
};
use crate::domain::workflow::Status;
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
    pub signature: Signature,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<String>,
    /// The sensitive categories asked for; on the form, each with its own consent.
    pub sensitive: Vec<SensitiveCategory>,
}

/// Who signs the authorization. A third party never signs for the patient (SPEC 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// Signed on the form by the patient, a personal representative or a provider's office.
    OnForm {
        name: PersonName,
        authority: Option<String>,
        statements: Vec<Statement>,
    },
    /// A third party's request: the patient signs through a link emailed to them.
    PatientOnline,
    /// A third party's request: the patient's signed paper authorization is attached.
    Paper,
}

impl Authorization {
    /// The name typed on the form, when the requester signed there.
    pub fn signer_name(&self) -> Option<&PersonName> {
        match &self.signature {
            Signature::OnForm { name, .. } => Some(name),
            _ => None,
        }
    }
}

impl NewRequest {
    pub fn has_images(&self) -> bool {
        self.record_kinds.iter().any(|k| k.is_image())
    }

    pub fn has_documents(&self) -> bool {
        self.record_kinds.iter().any(|k| !k.is_image())
    }

    /// A third party's request waits for the patient to sign online; every other starts
    /// as received.
    pub fn initial_status(&self) -> Status {
        if self.authorization.signature == Signature::PatientOnline {
            Status::AwaitingAuthorization
        } else {
            Status::Received
        }
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
        let mut p = parser::Parser {
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
        let patient_signs_online = requester_type
            .is_some_and(RequesterType::needs_full_authorization)
            && form.get("signed_by") == SignedBy::PatientOnline.code();
        let patient_email = p.parse_if(
            requester_type == Some(RequesterType::Patient) || patient_signs_online,
            "patient_email",
            if patient_signs_online {
                "Enter the patient's email address: we send the authorization there for the patient to sign"
            } else {
                "Enter your email address, so we can send you updates"
            },
            EmailAddress::parse,
        );
        if patient_signs_online
            && let (Some(patient), Some(requester)) = (&patient_email, &requester_email)
            && patient.as_str().eq_ignore_ascii_case(requester.as_str())
        {
            p.errors.add(
                "patient_email",
                "This is your own email address: enter the patient's, so that the patient signs",
            );
        }
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

        let errors = p.errors;
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

mod parser;

#[cfg(test)]
mod tests;
