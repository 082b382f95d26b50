//! The vocabulary of a records request: who asks, for what, why, and how it is delivered.

use super::string_enum;

string_enum! {
    /// Who files the request; decides the authorization rules and the fee cap.
    pub enum RequesterType {
        Patient => ("self", "The patient (myself)"),
        Representative => ("representative", "A personal representative of the patient (parent, guardian, health care agent, executor)"),
        ThirdParty => ("third_party", "An attorney, insurer or other third party, with the patient's authorization"),
        Provider => ("provider", "Another doctor's office or health care facility, for continuing care"),
    }
}

string_enum! {
    pub enum Purpose {
        Individual => ("individual", "At the request of the individual"),
        ContinuingCare => ("continuing_care", "Continuing care"),
        Legal => ("legal", "Legal"),
        Insurance => ("insurance", "Insurance"),
        SocialSecurity => ("social_security", "Social Security disability claim or appeal"),
        Other => ("other", "Other"),
    }
}

string_enum! {
    /// How the records reach the requester (SPEC section 2).
    pub enum DeliveryMethod {
        Portal => ("portal", "Download from the patient portal"),
        SecureLink => ("secure_link", "Secure email link (expires after 30 days)"),
        Mail => ("mail", "US mail (paper copies; images on CD)"),
        Fax => ("fax", "Fax (documents only)"),
        Provider => ("provider", "Directly to another doctor's office"),
    }
}

string_enum! {
    pub enum RecordKind {
        VisitSummary => ("visit_summary", "Clinical visit summaries"),
        VisitNotes => ("visit_notes", "Office and visit notes"),
        OperativeReports => ("operative_reports", "Operative reports"),
        XrayImages => ("xray_images", "X-ray images"),
        MriImages => ("mri_images", "MRI images"),
        CtImages => ("ct_images", "CT images"),
        ImagingReports => ("imaging_reports", "Imaging reports (MRI, X-ray and CT reads)"),
        LabReports => ("lab_reports", "Lab reports"),
        BillingStatements => ("billing_statements", "Billing statements"),
        Other => ("other", "Something else (describe below)"),
    }
}

string_enum! {
    /// Records that need their own explicit consent before they are released.
    pub enum SensitiveCategory {
        Psychotherapy => ("psychotherapy", "Psychotherapy notes"),
        SubstanceUse => ("substance_use", "Substance use disorder treatment records (42 CFR Part 2)"),
        Hiv => ("hiv", "HIV-related information (CGS 19a-583)"),
    }
}

string_enum! {
    /// Who signed the authorization, and how. A third party never signs for the patient
    /// (SPEC 3): the patient signs online, or the third party attaches a paper one.
    pub enum SignedBy {
        Requester => ("requester", "Signed on the request form"),
        PatientOnline => ("patient_online", "Signed online by the patient, through the link we email"),
        Paper => ("paper", "Signed on paper, attached to the request"),
    }
}

string_enum! {
    /// The statements a signer agrees to, one checkbox each.
    pub enum Statement {
        TrueInformation => ("true_information", "The information I gave is true, and I am the patient or have the authority to act for the patient."),
        ElectronicSignature => ("electronic_signature", "I agree that typing my name below is my electronic signature."),
        RightToRevoke => ("right_to_revoke", "I may revoke this authorization at any time by writing to the practice's records office, except where the practice has already acted on it."),
        NoConditioning => ("no_conditioning", "My treatment, payment, enrollment or eligibility for benefits does not depend on whether I sign this authorization."),
        Redisclosure => ("redisclosure", "Information disclosed under this authorization may be redisclosed by the recipient and may no longer be protected by federal privacy law."),
    }
}

impl RecordKind {
    /// Images are priced per request and cannot be faxed or downloaded from the portal.
    pub fn is_image(self) -> bool {
        matches!(
            self,
            RecordKind::XrayImages | RecordKind::MriImages | RecordKind::CtImages
        )
    }
}

impl RequesterType {
    /// A word or two for the queue's narrow column.
    pub fn short_label(self) -> &'static str {
        match self {
            RequesterType::Patient => "Patient",
            RequesterType::Representative => "Representative",
            RequesterType::ThirdParty => "Third party",
            RequesterType::Provider => "Provider",
        }
    }

    /// Third parties need every HIPAA 164.508 element; patients and their representatives use
    /// the right of access (164.524), providers the treatment exception.
    pub fn needs_full_authorization(self) -> bool {
        self == RequesterType::ThirdParty
    }

    pub fn required_statements(self) -> &'static [Statement] {
        if self.needs_full_authorization() {
            Statement::ALL
        } else {
            &[Statement::TrueInformation, Statement::ElectronicSignature]
        }
    }
}

/// How released records actually travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    SecureLink,
    Portal,
    Mail,
    Fax,
}

/// Where the request says the records go, beyond the method.
#[derive(Debug, Clone, Copy, Default)]
pub struct Destinations {
    pub email: bool,
    pub fax: bool,
    pub address: bool,
}

impl DeliveryMethod {
    /// Images go by secure link, on CD or to a doctor's office; never by fax or through
    /// the portal.
    pub fn carries_images(self) -> bool {
        !matches!(self, DeliveryMethod::Portal | DeliveryMethod::Fax)
    }

    /// The route a release takes. A doctor's office gets the records at the destination
    /// the request names for it, by email link, fax or mail in that order; never at the
    /// requester's address. `None`: the request names no destination for the office.
    pub fn route(self, to: Destinations) -> Option<Route> {
        match self {
            DeliveryMethod::SecureLink => Some(Route::SecureLink),
            DeliveryMethod::Portal => Some(Route::Portal),
            DeliveryMethod::Mail => Some(Route::Mail),
            DeliveryMethod::Fax => Some(Route::Fax),
            DeliveryMethod::Provider if to.email => Some(Route::SecureLink),
            DeliveryMethod::Provider if to.fax => Some(Route::Fax),
            DeliveryMethod::Provider if to.address => Some(Route::Mail),
            DeliveryMethod::Provider => None,
        }
    }

    /// A word or two for the queue's narrow column.
    pub fn short_label(self) -> &'static str {
        match self {
            DeliveryMethod::Portal => "Portal",
            DeliveryMethod::SecureLink => "Secure link",
            DeliveryMethod::Mail => "Mail",
            DeliveryMethod::Fax => "Fax",
            DeliveryMethod::Provider => "To provider",
        }
    }

    /// Mail takes longer; everything else is electronic for the service target.
    pub fn is_electronic(self) -> bool {
        self != DeliveryMethod::Mail
    }
}

impl SensitiveCategory {
    /// The checklist element for this category's own consent.
    pub fn consent_element(self) -> &'static str {
        match self {
            SensitiveCategory::Psychotherapy => "Separate consent: psychotherapy notes",
            SensitiveCategory::SubstanceUse => {
                "Separate consent: substance use records (42 CFR Part 2)"
            }
            SensitiveCategory::Hiv => "Separate consent: HIV-related information (CGS 19a-583)",
        }
    }

    pub fn consent_text(self) -> &'static str {
        match self {
            SensitiveCategory::Psychotherapy => {
                "I specifically authorize the release of psychotherapy notes."
            }
            SensitiveCategory::SubstanceUse => {
                "I specifically consent to the release of substance use disorder treatment records protected by 42 CFR Part 2."
            }
            SensitiveCategory::Hiv => {
                "I specifically consent to the release of HIV-related information, and I have read the notice below."
            }
        }
    }
}

/// The forms' field names (the request form and the patient's signing page) for the sensitive-record checkboxes and the statements.
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

/// The notice CGS 19a-585 requires with every disclosure of HIV-related information.
pub const HIV_REDISCLOSURE_NOTICE: &str = "This information has been disclosed to you from records whose confidentiality is protected by state law. State law prohibits you from making any further disclosure of it without the specific written consent of the person to whom it pertains, or as otherwise permitted by said law. A general authorization for the release of medical or other information is NOT sufficient for this purpose.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.code()), Some(*kind));
        }
        for r in RequesterType::ALL {
            assert_eq!(RequesterType::parse(r.code()), Some(*r));
        }
        assert_eq!(Purpose::parse("nonsense"), None);
    }

    #[test]
    fn only_third_parties_need_every_authorization_statement() {
        assert_eq!(RequesterType::ThirdParty.required_statements().len(), 5);
        assert_eq!(RequesterType::Patient.required_statements().len(), 2);
        assert_eq!(RequesterType::Provider.required_statements().len(), 2);
    }

    #[test]
    fn images_are_the_three_imaging_kinds() {
        let images: Vec<_> = RecordKind::ALL.iter().filter(|k| k.is_image()).collect();
        assert_eq!(images.len(), 3);
    }

    #[test]
    fn a_doctors_office_gets_records_at_its_own_destination_only() {
        let only = |email, fax, address| Destinations {
            email,
            fax,
            address,
        };
        let provider = DeliveryMethod::Provider;
        assert_eq!(
            provider.route(only(true, true, true)),
            Some(Route::SecureLink)
        );
        assert_eq!(provider.route(only(false, true, true)), Some(Route::Fax));
        assert_eq!(provider.route(only(false, false, true)), Some(Route::Mail));
        assert_eq!(provider.route(only(false, false, false)), None);
        assert_eq!(
            DeliveryMethod::SecureLink.route(only(false, false, false)),
            Some(Route::SecureLink)
        );
    }
}
