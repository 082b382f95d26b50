//! Filled-in request forms for the demo seed and for tests: one per kind of requester.

use crate::forms::FormValues;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// A patient asking for their own notes and an X-ray on CD by mail.
pub fn patient_form() -> FormValues {
    FormValues::new(pairs(&[
        ("requester_type", "self"),
        ("patient_name", "Jordan Avery Example"),
        ("dob_month", "4"),
        ("dob_day", "28"),
        ("dob_year", "1986"),
        ("patient_phone", "(203) 555-0123"),
        ("patient_email", "jordan@example.com"),
        ("patient_address", "12 Elm Street\nNew Haven, CT 06511"),
        ("record_kinds", "visit_notes"),
        ("record_kinds", "xray_images"),
        ("date_range", "between"),
        ("dates_from", "2025-01-01"),
        ("dates_to", "2025-12-31"),
        ("delivery", "mail"),
        ("delivery_address", "12 Elm Street\nNew Haven, CT 06511"),
        ("purpose", "individual"),
        ("ack_true_information", "yes"),
        ("ack_electronic_signature", "yes"),
        ("signature_name", "Jordan Avery Example"),
    ]))
}

/// An attorney's office; the patient signs the HIPAA authorization online, through the
/// link the request emails them.
pub fn attorney_form() -> FormValues {
    FormValues::new(pairs(&[
        ("requester_type", "third_party"),
        ("requester_name", "Morgan Paralegal"),
        ("requester_organization", "Example & Partners LLP"),
        ("requester_email", "records@law.example.com"),
        ("requester_phone", "860-555-0199"),
        ("patient_name", "Casey Sample"),
        ("dob_month", "11"),
        ("dob_day", "3"),
        ("dob_year", "1970"),
        ("patient_email", "casey.sample@example.net"),
        ("record_kinds", "visit_notes"),
        ("record_kinds", "operative_reports"),
        ("record_kinds", "billing_statements"),
        ("date_range", "all"),
        ("delivery", "secure_link"),
        ("purpose", "legal"),
        ("auth_expires_on", "2030-12-31"),
        ("signed_by", "patient_online"),
    ]))
}

/// Another doctor's office asking for continuing care, by fax.
pub fn provider_form() -> FormValues {
    FormValues::new(pairs(&[
        ("requester_type", "provider"),
        ("requester_name", "Riley Nurse"),
        ("requester_organization", "Valley Physical Therapy"),
        ("requester_email", "frontdesk@valleypt.example.com"),
        ("patient_name", "Sam Placeholder"),
        ("dob_month", "7"),
        ("dob_day", "15"),
        ("dob_year", "1955"),
        ("record_kinds", "operative_reports"),
        ("date_range", "all"),
        ("delivery", "fax"),
        ("delivery_fax", "(860) 555-0177"),
        ("purpose", "continuing_care"),
        ("ack_true_information", "yes"),
        ("ack_electronic_signature", "yes"),
        ("signature_name", "Riley Nurse"),
        (
            "signer_authority",
            "Clinical staff at the treating provider",
        ),
    ]))
}

/// Replaces (or removes, with `None`) every value of `name`.
pub fn with(form: &FormValues, name: &str, value: Option<&str>) -> FormValues {
    let mut pairs: Vec<_> = form
        .pairs()
        .iter()
        .filter(|(n, _)| n != name)
        .cloned()
        .collect();
    if let Some(value) = value {
        pairs.push((name.to_owned(), value.to_owned()));
    }
    FormValues::new(pairs)
}
