//! The patient's signature as typed and ticked on the signing page, checked whole.

use axum::http::{HeaderMap, header};

use super::queries::Pending;
use crate::domain::contact::{PersonName, clean_text};
use crate::domain::request::{SensitiveCategory, Statement};
use crate::forms::{FieldErrors, FormValues};
use crate::i18n::Lang;
use crate::requests::signing::OnlineSignature;

/// The signature as typed and ticked, or every problem with it.
pub(super) fn read_signature(
    form: &FormValues,
    pending: &Pending,
    headers: &HeaderMap,
    errors: &mut FieldErrors,
    lang: Lang,
) -> Option<OnlineSignature> {
    for statement in Statement::ALL {
        if !form.is_checked(statement.field()) {
            // The opening words tell the boxes apart in the summary at the top.
            let label = lang.label(*statement);
            let opening: Vec<&str> = label.split(' ').take(6).collect();
            let opening = opening.join(" ");
            errors.add(
                statement.field(),
                lang.t_with("sign-check-box", &[("opening", &opening)]),
            );
        }
    }
    let consents: Vec<SensitiveCategory> = pending
        .sensitive_requested
        .iter()
        .filter_map(|c| SensitiveCategory::parse(c))
        .collect();
    for category in &consents {
        if !form.is_checked(category.consent_field()) {
            errors.add(category.consent_field(), "Give this separate consent, or say no to the whole authorization below and ask the requester to leave these records out");
        }
    }
    let name = match PersonName::parse(form.get("signature_name")) {
        Ok(name) => Some(name),
        Err(_) => {
            errors.add("signature_name", "Type your full name to sign");
            None
        }
    };
    let is_patient = match (&name, PersonName::parse(&pending.patient_name)) {
        (Some(name), Ok(patient)) => name.matches(&patient),
        _ => false,
    };
    let authority = clean_text(form.get("signer_authority"), 300, false)
        .ok()
        .filter(|a| !a.is_empty());
    if name.is_some() && !is_patient && authority.is_none() {
        errors.add("signer_authority", "The name is not the patient's: describe your authority to act for the patient (for example, parent of a minor, or health care agent)");
    }
    if !errors.is_empty() {
        return None;
    }
    Some(OnlineSignature {
        name: name?,
        authority: if is_patient { None } else { authority },
        statements: Statement::ALL.to_vec(),
        consents,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(500).collect()),
    })
}
