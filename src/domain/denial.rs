//! Grounds for denying access (45 CFR 164.524(a)(2)-(3)) and what a denial letter must say.

use crate::domain::string_enum;

string_enum! {
    pub enum DenialGround {
        PsychotherapyNotes => ("psychotherapy_notes", "The records requested are psychotherapy notes."),
        LegalProceeding => ("legal_proceeding", "The information was compiled in reasonable anticipation of, or for use in, a civil, criminal or administrative proceeding."),
        ConfidentialSource => ("confidential_source", "The information was obtained from someone other than a health care provider under a promise of confidentiality, and access would reasonably likely reveal the source."),
        EndangersLife => ("endangers_life", "A licensed health care professional has determined that access is reasonably likely to endanger the life or physical safety of the individual or another person."),
        HarmsOtherPerson => ("harms_other_person", "The records refer to another person, and a licensed health care professional has determined that access is reasonably likely to cause substantial harm to that person."),
        RepresentativeHarm => ("representative_harm", "The request is from a personal representative, and a licensed health care professional has determined that access by this representative is reasonably likely to cause substantial harm."),
        InvalidAuthorization => ("invalid_authorization", "The authorization is incomplete or has expired and was not corrected, so we may not disclose the records to you."),
    }
}

impl DenialGround {
    /// The grounds a licensed professional decided may be reviewed by another one
    /// (164.524(a)(3)); the others cannot be reviewed (164.524(a)(2)).
    pub fn is_reviewable(self) -> bool {
        matches!(
            self,
            DenialGround::EndangersLife
                | DenialGround::HarmsOtherPerson
                | DenialGround::RepresentativeHarm
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_professional_judgement_grounds_are_reviewable() {
        let reviewable: Vec<_> = DenialGround::ALL
            .iter()
            .filter(|g| g.is_reviewable())
            .collect();
        assert_eq!(reviewable.len(), 3);
        assert!(!DenialGround::PsychotherapyNotes.is_reviewable());
    }
}
