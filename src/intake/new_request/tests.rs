//! Parsing the request form: every sample parses, every rule has its error.

use time::macros::date;

use super::*;
use crate::domain::fees::{DocumentDelivery, ImageDelivery};
use crate::intake::sample::{attorney_form, patient_form, provider_form, with};

const TODAY: Date = date!(2026 - 11 - 22);

fn errors_of(form: &FormValues) -> FieldErrors {
    NewRequest::parse(form, TODAY).expect_err("the form should be refused")
}

#[test]
fn every_sample_form_parses() {
    let patient = NewRequest::parse(&patient_form(), TODAY).unwrap();
    assert_eq!(patient.requester_type, RequesterType::Patient);
    assert_eq!(patient.contact_email.as_str(), "jordan@example.com");
    assert_eq!(
        patient.record_kinds,
        [RecordKind::VisitNotes, RecordKind::XrayImages]
    );
    assert_eq!(patient.patient.date_of_birth, date!(1986 - 04 - 28));
    assert!(matches!(
        patient.authorization.signature,
        Signature::OnForm {
            authority: None,
            ..
        }
    ));

    let attorney = NewRequest::parse(&attorney_form(), TODAY).unwrap();
    assert_eq!(attorney.contact_email.as_str(), "records@law.example.com");
    assert_eq!(attorney.authorization.signature, Signature::PatientOnline);
    assert_eq!(attorney.initial_status(), Status::AwaitingAuthorization);
    assert_eq!(
        attorney.recipient(),
        "Morgan Paralegal (Example & Partners LLP)"
    );

    let provider = NewRequest::parse(&provider_form(), TODAY).unwrap();
    assert_eq!(provider.delivery.fax.unwrap().as_str(), "8605550177");
}

#[test]
fn an_empty_form_reports_every_required_field() {
    let errors = errors_of(&FormValues::default());
    for field in [
        "requester_type",
        "patient_name",
        "dob_month",
        "record_kinds",
        "date_range",
        "delivery",
        "purpose",
        "signature_name",
    ] {
        assert!(errors.get(field).is_some(), "{field} should have an error");
    }
}

#[test]
fn each_rule_names_its_field() {
    let p = patient_form();
    let a = attorney_form();
    let cases: Vec<(FormValues, &str)> = vec![
        (with(&p, "patient_email", None), "patient_email"),
        (
            with(&p, "patient_email", Some("not-an-email")),
            "patient_email",
        ),
        (with(&p, "dob_day", Some("31")), "dob_month"),
        (with(&p, "record_kinds", Some("brain_scan")), "record_kinds"),
        (with(&p, "delivery_address", None), "delivery_address"),
        (with(&p, "delivery", Some("fax")), "delivery"),
        (with(&p, "delivery", Some("carrier_pigeon")), "delivery"),
        (with(&p, "dates_from", Some("2026-12-01")), "dates_from"),
        (with(&p, "dates_from", Some("2025-13-01")), "dates_from"),
        (
            with(&with(&p, "dates_from", None), "dates_to", None),
            "dates_from",
        ),
        (with(&p, "dates_to", Some("2024-01-01")), "dates_to"),
        (
            with(&p, "ack_true_information", None),
            "ack_true_information",
        ),
        (
            with(&p, "signature_name", Some("Someone Else")),
            "signer_authority",
        ),
        (with(&p, "patient_phone", Some("12345")), "patient_phone"),
        (
            with(&p, "patient_name", Some("Jordan\u{202E}Example")),
            "patient_name",
        ),
        (with(&p, "purpose", Some("other")), "purpose_other"),
        (with(&p, "include_hiv", Some("yes")), "consent_hiv"),
        (with(&a, "auth_expires_on", None), "auth_expires_on"),
        (
            with(&a, "auth_expires_on", Some("2020-01-01")),
            "auth_expires_on",
        ),
        (with(&a, "signed_by", None), "signed_by"),
        (with(&a, "patient_email", None), "patient_email"),
        (with(&a, "requester_email", None), "requester_email"),
        (with(&a, "delivery", Some("portal")), "delivery"),
        (with(&provider_form(), "purpose", Some("legal")), "purpose"),
        (
            with(&provider_form(), "requester_organization", None),
            "requester_organization",
        ),
    ];
    for (form, field) in cases {
        let errors = errors_of(&form);
        assert!(
            errors.get(field).is_some(),
            "expected an error on {field}, got {errors:?}"
        );
    }
}

#[test]
fn an_expiration_event_can_stand_in_for_a_date() {
    let form = with(
        &with(&attorney_form(), "auth_expires_on", None),
        "auth_expiration_event",
        Some("End of the litigation"),
    );
    let parsed = NewRequest::parse(&form, TODAY).unwrap();
    assert_eq!(
        parsed.authorization.expiration_event.as_deref(),
        Some("End of the litigation")
    );
}

#[test]
fn a_third_party_chooses_how_the_patient_signs_and_never_signs_itself() {
    let unsure = with(&attorney_form(), "signed_by", Some("requester"));
    assert!(errors_of(&unsure).get("signed_by").is_some());
    let online_without_email = with(&attorney_form(), "patient_email", None);
    assert!(
        errors_of(&online_without_email)
            .get("patient_email")
            .is_some()
    );
    let paper = with(
        &with(&attorney_form(), "signed_by", Some("paper")),
        "patient_email",
        None,
    );
    let parsed = NewRequest::parse(&paper, TODAY).unwrap();
    assert_eq!(parsed.authorization.signature, Signature::Paper);
    assert_eq!(parsed.initial_status(), Status::Received);
    // Sensitive records asked for by a third party wait for the patient's consent.
    let hiv = with(&attorney_form(), "include_hiv", Some("yes"));
    let parsed = NewRequest::parse(&hiv, TODAY).unwrap();
    assert_eq!(parsed.authorization.sensitive, [SensitiveCategory::Hiv]);
}

#[test]
fn sensitive_records_with_consent_are_kept() {
    let form = with(
        &with(&patient_form(), "include_hiv", Some("yes")),
        "consent_hiv",
        Some("yes"),
    );
    let parsed = NewRequest::parse(&form, TODAY).unwrap();
    assert_eq!(parsed.authorization.sensitive, [SensitiveCategory::Hiv]);
}

#[test]
fn the_quote_request_maps_mail_images_to_cd() {
    let parsed = NewRequest::parse(&patient_form(), TODAY).unwrap();
    let q = parsed.quote_request(false);
    assert_eq!(q.documents.unwrap().delivery, DocumentDelivery::Mail);
    assert_eq!(q.images.unwrap().delivery, ImageDelivery::Cd);
}
