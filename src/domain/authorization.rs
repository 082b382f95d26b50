//! Checking an authorization against HIPAA 45 CFR 164.508(c): each core element and
//! required statement, present or missing, and whether it has expired. A third party's
//! request needs the patient's own signature (online, or on paper checked by staff).

use time::Date;

use crate::domain::request::{RequesterType, SensitiveCategory, SignedBy, Statement};

/// What the authorization on file says, as stored.
pub struct AuthorizationOnFile<'a> {
    pub requester_type: RequesterType,
    pub record_kinds: usize,
    pub recipient: &'a str,
    pub purpose: &'a str,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<&'a str>,
    /// Empty while the patient has not signed yet.
    pub signer_name: &'a str,
    pub signed: bool,
    pub signed_by: SignedBy,
    pub signed_by_patient: bool,
    pub signer_authority: Option<&'a str>,
    pub statements: &'a [Statement],
    /// The sensitive categories asked for, and those the signer consented to.
    pub sensitive_requested: &'a [SensitiveCategory],
    pub sensitive_consents: &'a [SensitiveCategory],
    /// For a paper authorization: the elements staff found on it, once they checked.
    pub paper_elements: Option<&'a [String]>,
    /// The patient (or staff, on a written revocation) has revoked it.
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub label: &'static str,
    pub present: bool,
}

pub const THIRD_PARTY_SIGNATURE: &str =
    "Signed and dated by the patient or a personal representative";

/// Every element the authorization needs, for the staff checklist. Patients and their
/// representatives (right of access) and providers (treatment) need fewer than third parties.
/// On paper, an element is present when staff found it on the paper.
pub fn elements(auth: &AuthorizationOnFile<'_>) -> Vec<Element> {
    let e = |label, present| Element { label, present };
    let full = auth.requester_type.needs_full_authorization();
    let signed = auth.signed && !auth.signer_name.trim().is_empty();
    let mut list = vec![
        e("Description of the information", auth.record_kinds > 0),
        e("Who discloses: this practice", true),
        e(
            "Who receives the information",
            !auth.recipient.trim().is_empty(),
        ),
        e("Purpose", !auth.purpose.trim().is_empty()),
        if full {
            // The recipient signing for the patient is no signature at all.
            e(
                THIRD_PARTY_SIGNATURE,
                signed && auth.signed_by != SignedBy::Requester,
            )
        } else {
            e("Signature and date", signed)
        },
    ];
    // Only someone signing for the patient has an authority to show.
    if !auth.signed_by_patient {
        list.push(e(
            "Signer's authority when not the patient",
            auth.signer_authority.is_some_and(|a| !a.trim().is_empty()),
        ));
    }
    if full {
        list.push(e(
            "Expiration date or event",
            auth.expires_on.is_some() || auth.expiration_event.is_some(),
        ));
        for (statement, label) in [
            (
                Statement::RightToRevoke,
                "Statement: right to revoke and how",
            ),
            (
                Statement::NoConditioning,
                "Statement: treatment not conditioned on signing",
            ),
            (
                Statement::Redisclosure,
                "Statement: information may be redisclosed",
            ),
        ] {
            list.push(e(label, auth.statements.contains(&statement)));
        }
    }
    for category in auth.sensitive_requested {
        list.push(e(
            category.consent_element(),
            auth.sensitive_consents.contains(category),
        ));
    }
    if auth.signed_by == SignedBy::Paper {
        let found = auth.paper_elements.unwrap_or_default();
        for element in &mut list {
            element.present = found.iter().any(|f| f == element.label);
        }
    }
    list
}

impl Statement {
    /// What the form says when the statement's box is left empty.
    pub fn missing_message(self) -> &'static str {
        match self {
            Statement::TrueInformation => "Check the box to confirm that the information is true",
            Statement::ElectronicSignature => {
                "Check the box to agree that your typed name is your signature"
            }
            Statement::RightToRevoke => {
                "Check the box to confirm you read that you may revoke the authorization"
            }
            Statement::NoConditioning => {
                "Check the box to confirm you read that your care does not depend on signing"
            }
            Statement::Redisclosure => {
                "Check the box to confirm you read that the recipient may disclose the records again"
            }
        }
    }
}

pub fn is_expired(auth: &AuthorizationOnFile<'_>, today: Date) -> bool {
    auth.expires_on.is_some_and(|d| d < today)
}

/// Why this authorization cannot carry a verification or a release today: each missing
/// element by name, expiry, revocation. Empty when it can.
pub fn blockers(auth: &AuthorizationOnFile<'_>, today: Date) -> Vec<&'static str> {
    let mut why: Vec<&'static str> = match (auth.signed_by, auth.signed, auth.paper_elements) {
        (SignedBy::PatientOnline, false, _) => vec!["the patient has not signed it yet"],
        (SignedBy::Paper, _, None) => {
            vec!["the paper authorization has not been checked element by element yet"]
        }
        _ => elements(auth)
            .into_iter()
            .filter(|e| !e.present)
            .map(|e| e.label)
            .collect(),
    };
    if is_expired(auth, today) {
        why.push("it has expired");
    }
    if auth.revoked {
        why.push("it was revoked");
    }
    why
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn third_party<'a>(statements: &'a [Statement]) -> AuthorizationOnFile<'a> {
        AuthorizationOnFile {
            requester_type: RequesterType::ThirdParty,
            record_kinds: 2,
            recipient: "Example & Partners LLP",
            purpose: "Legal",
            expires_on: Some(date!(2027 - 01 - 01)),
            expiration_event: None,
            signer_name: "Casey Sample",
            signed: true,
            signed_by: SignedBy::PatientOnline,
            signed_by_patient: true,
            signer_authority: None,
            statements,
            sensitive_requested: &[],
            sensitive_consents: &[],
            paper_elements: None,
            revoked: false,
        }
    }

    #[test]
    fn a_complete_third_party_authorization_has_every_element() {
        let list = elements(&third_party(Statement::ALL));
        // Signed by the patient: no signer's authority to look for.
        assert_eq!(list.len(), 9);
        assert!(list.iter().all(|e| e.present), "{list:?}");
        assert!(
            !list
                .iter()
                .any(|e| e.label.starts_with("Signer's authority"))
        );
    }

    #[test]
    fn missing_statements_and_authority_are_flagged() {
        let mut auth = third_party(&[Statement::TrueInformation]);
        auth.signed_by_patient = false;
        let missing: Vec<_> = elements(&auth)
            .into_iter()
            .filter(|e| !e.present)
            .map(|e| e.label)
            .collect();
        assert_eq!(missing.len(), 4, "{missing:?}");
        assert!(missing.contains(&"Signer's authority when not the patient"));
    }

    #[test]
    fn patients_need_no_expiration_or_third_party_statements() {
        let mut auth = third_party(&[]);
        auth.requester_type = RequesterType::Patient;
        auth.expires_on = None;
        assert!(elements(&auth).iter().all(|e| e.present));
    }

    #[test]
    fn blockers_name_each_missing_element_expiry_and_revocation() {
        let complete = third_party(Statement::ALL);
        assert!(blockers(&complete, date!(2026 - 12 - 31)).is_empty());
        let mut auth = third_party(&[Statement::RightToRevoke, Statement::NoConditioning]);
        auth.revoked = true;
        assert_eq!(
            blockers(&auth, date!(2027 - 01 - 02)),
            [
                "Statement: information may be redisclosed",
                "it has expired",
                "it was revoked"
            ]
        );
    }

    #[test]
    fn expiry_is_checked_against_today() {
        let auth = third_party(Statement::ALL);
        assert!(!is_expired(&auth, date!(2026 - 12 - 31)));
        assert!(is_expired(&auth, date!(2027 - 01 - 02)));
    }

    #[test]
    fn a_third_party_signing_for_the_patient_is_no_signature() {
        let mut auth = third_party(Statement::ALL);
        auth.signed_by = SignedBy::Requester;
        auth.signer_name = "Morgan Paralegal";
        auth.signed_by_patient = false;
        auth.signer_authority = Some("Attorney for the patient");
        assert_eq!(
            blockers(&auth, date!(2026 - 12 - 01)),
            [THIRD_PARTY_SIGNATURE]
        );
    }

    #[test]
    fn an_unsigned_online_authorization_waits_for_the_patient() {
        let mut auth = third_party(&[]);
        auth.signed = false;
        auth.signer_name = "";
        assert_eq!(
            blockers(&auth, date!(2026 - 12 - 01)),
            ["the patient has not signed it yet"]
        );
    }

    #[test]
    fn a_paper_authorization_counts_what_staff_found_on_it() {
        let mut auth = third_party(Statement::ALL);
        auth.signed_by = SignedBy::Paper;
        let today = date!(2026 - 12 - 01);
        assert_eq!(
            blockers(&auth, today),
            ["the paper authorization has not been checked element by element yet"]
        );
        let every: Vec<String> = elements(&auth).iter().map(|e| e.label.to_owned()).collect();
        auth.paper_elements = Some(&every);
        assert!(blockers(&auth, today).is_empty());
        let without_redisclosure: Vec<String> = every
            .iter()
            .filter(|l| !l.contains("redisclosed"))
            .cloned()
            .collect();
        auth.paper_elements = Some(&without_redisclosure);
        assert_eq!(
            blockers(&auth, today),
            ["Statement: information may be redisclosed"]
        );
    }

    #[test]
    fn each_sensitive_category_asked_for_needs_its_own_consent() {
        let mut auth = third_party(Statement::ALL);
        auth.sensitive_requested = &[SensitiveCategory::Hiv, SensitiveCategory::Psychotherapy];
        auth.sensitive_consents = &[SensitiveCategory::Psychotherapy];
        assert_eq!(
            blockers(&auth, date!(2026 - 12 - 01)),
            [SensitiveCategory::Hiv.consent_element()]
        );
    }
}
