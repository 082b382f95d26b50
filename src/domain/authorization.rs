//! Checking an authorization against HIPAA 45 CFR 164.508(c): each core element and
//! required statement, present or missing, and whether it has expired.

use time::Date;

use crate::domain::request::{RequesterType, Statement};

/// What the authorization on file says, as stored.
pub struct AuthorizationOnFile<'a> {
    pub requester_type: RequesterType,
    pub record_kinds: usize,
    pub recipient: &'a str,
    pub purpose: &'a str,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<&'a str>,
    pub signer_name: &'a str,
    pub signed: bool,
    pub signed_by_patient: bool,
    pub signer_authority: Option<&'a str>,
    pub statements: &'a [Statement],
    /// The patient (or staff, on a written revocation) has revoked it.
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub label: &'static str,
    pub present: bool,
}

/// Every element the authorization needs, for the staff checklist. Patients and their
/// representatives (right of access) and providers (treatment) need fewer than third parties.
pub fn elements(auth: &AuthorizationOnFile<'_>) -> Vec<Element> {
    let e = |label, present| Element { label, present };
    let mut list = vec![
        e("Description of the information", auth.record_kinds > 0),
        e("Who discloses: this practice", true),
        e(
            "Who receives the information",
            !auth.recipient.trim().is_empty(),
        ),
        e("Purpose", !auth.purpose.trim().is_empty()),
        e(
            "Signature and date",
            auth.signed && !auth.signer_name.trim().is_empty(),
        ),
        e(
            "Signer's authority when not the patient",
            auth.signed_by_patient || auth.signer_authority.is_some_and(|a| !a.trim().is_empty()),
        ),
    ];
    if auth.requester_type.needs_full_authorization() {
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
    list
}

pub fn is_expired(auth: &AuthorizationOnFile<'_>, today: Date) -> bool {
    auth.expires_on.is_some_and(|d| d < today)
}

/// Why this authorization cannot carry a verification or a release today: each missing
/// element by name, expiry, revocation. Empty when it can.
pub fn blockers(auth: &AuthorizationOnFile<'_>, today: Date) -> Vec<&'static str> {
    let mut why: Vec<&'static str> = elements(auth)
        .into_iter()
        .filter(|e| !e.present)
        .map(|e| e.label)
        .collect();
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
            signed_by_patient: true,
            signer_authority: None,
            statements,
            revoked: false,
        }
    }

    #[test]
    fn a_complete_third_party_authorization_has_every_element() {
        let list = elements(&third_party(Statement::ALL));
        assert_eq!(list.len(), 10);
        assert!(list.iter().all(|e| e.present), "{list:?}");
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
}
