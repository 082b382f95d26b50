//! The request workflow of SPEC section 5 as a pure state machine: which action may move a
//! request from which status, and to where.

use crate::domain::string_enum;

string_enum! {
    pub enum Status {
        AwaitingAuthorization => ("awaiting_authorization", "Awaiting the patient's signature"),
        Received => ("received", "Received"),
        Verifying => ("verifying", "Verifying"),
        NeedsInfo => ("needs_info", "Needs information"),
        InFulfillment => ("in_fulfillment", "In fulfillment"),
        AwaitingPayment => ("awaiting_payment", "Awaiting payment"),
        ReadyToRelease => ("ready_to_release", "Ready to release"),
        Released => ("released", "Released"),
        Completed => ("completed", "Completed"),
        Denied => ("denied", "Denied"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
}

string_enum! {
    pub enum Action {
        AuthorizationSigned => ("authorization_signed", "The patient signed the authorization"),
        StartVerifying => ("start_verifying", "Start verifying"),
        RequestInfo => ("request_info", "Ask for more information"),
        InfoReceived => ("info_received", "Information received"),
        MarkVerified => ("mark_verified", "Mark identity and authorization verified"),
        RecordPages => ("record_pages", "Record the page count"),
        RecordPayment => ("record_payment", "Record payment in full"),
        Release => ("release", "Release"),
        Complete => ("complete", "Complete"),
        Deny => ("deny", "Deny"),
        Withdraw => ("withdraw", "Withdraw"),
    }
}

/// What the state machine needs to know beyond the status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The request includes psychotherapy notes, Part 2 or HIV-related records.
    pub sensitive: bool,
    pub reviewer_approved: bool,
    /// The final fee is more than zero and not yet paid.
    pub payment_due: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a request that is {0} can no longer change")]
    Closed(&'static str),
    #[error("\"{action}\" is not possible while the request is {status}")]
    NotNow {
        action: &'static str,
        status: &'static str,
    },
    #[error("a reviewer must approve the release of sensitive records first")]
    NeedsReviewerApproval,
    /// What keeps the authorization on file from allowing it (SPEC 3): missing elements,
    /// expiry, revocation.
    #[error(
        "the authorization does not allow it: {}. Ask the requester for what is missing",
        .0.join("; ")
    )]
    Authorization(Vec<&'static str>),
}

impl Status {
    /// Plain words for the requester, on the tracking page and in the portal.
    pub fn public_label(self) -> &'static str {
        match self {
            Status::AwaitingAuthorization => "Waiting for the patient's signature",
            Status::Received => "Received",
            Status::Verifying => "Being checked",
            Status::NeedsInfo => "We need more information",
            Status::InFulfillment => "Being prepared",
            Status::AwaitingPayment => "Waiting for payment",
            Status::ReadyToRelease => "Ready to send",
            Status::Released => "Sent",
            Status::Completed => "Completed",
            Status::Denied => "Denied",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// What the requester can expect next.
    pub fn public_help(self) -> &'static str {
        match self {
            Status::AwaitingAuthorization => {
                "We emailed the patient a link to read and sign the authorization. We start on the request once the patient has signed it."
            }
            Status::Received => "We have your request and will start checking it soon.",
            Status::Verifying => {
                "Our records staff are checking the request and the patient's identity."
            }
            Status::NeedsInfo => "Please read our email and answer from this page or call us.",
            Status::InFulfillment => "We are gathering and copying the records.",
            Status::AwaitingPayment => {
                "We sent an invoice. We release the records once it is paid."
            }
            Status::ReadyToRelease => "The records are ready and will be sent shortly.",
            Status::Released => "The records were sent the way you chose.",
            Status::Completed => "The records were delivered.",
            Status::Denied => "We sent you a letter explaining why and how to ask for a review.",
            Status::Withdrawn => "The request was withdrawn.",
        }
    }

    /// An authorization can still be revoked: the request was not closed without a release.
    pub fn authorization_revocable(self) -> bool {
        !matches!(self, Status::Denied | Status::Withdrawn)
    }

    /// Open and not yet verified: the authorization can still be signed (or signed again).
    pub const BEFORE_VERIFICATION: &'static [Status] = &[
        Status::AwaitingAuthorization,
        Status::Received,
        Status::Verifying,
        Status::NeedsInfo,
    ];

    pub fn before_verification(self) -> bool {
        Self::BEFORE_VERIFICATION.contains(&self)
    }

    /// The request waits for the requester to answer a question.
    pub fn awaits_requester(self) -> bool {
        self == Status::NeedsInfo
    }

    /// Records may be added for release: after verification, before release.
    pub fn accepts_release_files(self) -> bool {
        matches!(
            self,
            Status::InFulfillment | Status::AwaitingPayment | Status::ReadyToRelease
        )
    }

    /// The statuses of records that have gone out (and perhaps arrived).
    pub const RELEASED: &'static [Status] = &[Status::Released, Status::Completed];

    /// The records have gone out (and perhaps arrived).
    pub fn has_been_released(self) -> bool {
        Self::RELEASED.contains(&self)
    }

    /// Open requests can still be denied or withdrawn and appear in the queue.
    pub const OPEN: &'static [Status] = &[
        Status::AwaitingAuthorization,
        Status::Received,
        Status::Verifying,
        Status::NeedsInfo,
        Status::InFulfillment,
        Status::AwaitingPayment,
        Status::ReadyToRelease,
    ];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

/// The status `action` leads to from `status`, or why it may not be taken.
pub fn next(status: Status, action: Action, facts: Facts) -> Result<Status, Refusal> {
    use Action as A;
    use Status as S;
    let to = match (status, action) {
        (S::AwaitingAuthorization, A::AuthorizationSigned) => S::Received,
        (S::Received, A::StartVerifying) => S::Verifying,
        (S::Verifying, A::RequestInfo) => S::NeedsInfo,
        (S::NeedsInfo, A::InfoReceived) => S::Verifying,
        (S::Received | S::Verifying, A::MarkVerified) => S::InFulfillment,
        (S::InFulfillment, A::RecordPages) if facts.payment_due => S::AwaitingPayment,
        (S::InFulfillment, A::RecordPages) => ready_to_release(facts)?,
        (S::AwaitingPayment, A::RecordPayment) => ready_to_release(facts)?,
        (S::ReadyToRelease, A::Release) => S::Released,
        (S::Released, A::Complete) => S::Completed,
        (s, A::Deny | A::Withdraw) if s.is_open() => {
            if action == A::Deny {
                S::Denied
            } else {
                S::Withdrawn
            }
        }
        (s, _) if !s.is_open() && s != S::Released => return Err(Refusal::Closed(s.label())),
        (s, a) => {
            return Err(Refusal::NotNow {
                action: a.label(),
                status: s.label(),
            });
        }
    };
    Ok(to)
}

fn ready_to_release(facts: Facts) -> Result<Status, Refusal> {
    if facts.sensitive && !facts.reviewer_approved {
        return Err(Refusal::NeedsReviewerApproval);
    }
    Ok(Status::ReadyToRelease)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    const PLAIN: Facts = Facts {
        sensitive: false,
        reviewer_approved: false,
        payment_due: false,
    };

    /// Every allowed move for a plain request with nothing to pay; all others are refused.
    const ALLOWED: &[(Status, Action, Status)] = &[
        (
            S::AwaitingAuthorization,
            A::AuthorizationSigned,
            S::Received,
        ),
        (S::Received, A::StartVerifying, S::Verifying),
        (S::Received, A::MarkVerified, S::InFulfillment),
        (S::Verifying, A::RequestInfo, S::NeedsInfo),
        (S::Verifying, A::MarkVerified, S::InFulfillment),
        (S::NeedsInfo, A::InfoReceived, S::Verifying),
        (S::InFulfillment, A::RecordPages, S::ReadyToRelease),
        (S::AwaitingPayment, A::RecordPayment, S::ReadyToRelease),
        (S::ReadyToRelease, A::Release, S::Released),
        (S::Released, A::Complete, S::Completed),
    ];

    #[test]
    fn every_status_and_action_pair_is_decided_by_the_table() {
        for &status in Status::ALL {
            for &action in Action::ALL {
                let got = next(status, action, PLAIN);
                let listed = ALLOWED
                    .iter()
                    .find(|(s, a, _)| *s == status && *a == action)
                    .map(|(_, _, to)| *to);
                let expected = match (listed, action) {
                    (Some(to), _) => Some(to),
                    (None, A::Deny) if status.is_open() => Some(S::Denied),
                    (None, A::Withdraw) if status.is_open() => Some(S::Withdrawn),
                    _ => None,
                };
                assert_eq!(got.ok(), expected, "{status} + {action}");
            }
        }
    }

    #[test]
    fn a_fee_sends_the_request_to_awaiting_payment() {
        let facts = Facts {
            payment_due: true,
            ..PLAIN
        };
        assert_eq!(
            next(S::InFulfillment, A::RecordPages, facts),
            Ok(S::AwaitingPayment)
        );
    }

    #[test]
    fn sensitive_records_need_a_reviewer_before_release() {
        let sensitive = Facts {
            sensitive: true,
            ..PLAIN
        };
        assert_eq!(
            next(S::InFulfillment, A::RecordPages, sensitive),
            Err(Refusal::NeedsReviewerApproval)
        );
        assert_eq!(
            next(S::AwaitingPayment, A::RecordPayment, sensitive),
            Err(Refusal::NeedsReviewerApproval)
        );
        let approved = Facts {
            reviewer_approved: true,
            ..sensitive
        };
        assert_eq!(
            next(S::InFulfillment, A::RecordPages, approved),
            Ok(S::ReadyToRelease)
        );
    }

    #[test]
    fn closed_requests_explain_themselves() {
        let refusal = next(S::Denied, A::StartVerifying, PLAIN).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "a request that is Denied can no longer change"
        );
        let refusal = next(S::Received, A::Release, PLAIN).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "\"Release\" is not possible while the request is Received"
        );
    }
}
