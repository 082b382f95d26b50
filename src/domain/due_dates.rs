//! The two dates shown on every request: the service target and the legal deadline (SPEC 5).

use time::{Date, Duration};

use crate::domain::calendar::BusinessCalendar;
use crate::domain::request::DeliveryMethod;

/// HIPAA 164.524(b)(2): 30 calendar days from receipt, once extendable by 30 more.
pub const LEGAL_DAYS: i64 = 30;

/// The practice's promise, in business days from when the request is complete (and paid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceTarget {
    pub earliest: Date,
    /// The upper bound: after it the request is overdue.
    pub latest: Date,
}

pub fn service_target(
    calendar: &BusinessCalendar,
    complete_on: Date,
    delivery: DeliveryMethod,
) -> ServiceTarget {
    let (low, high) = if delivery.is_electronic() {
        (2, 3)
    } else {
        (3, 5)
    };
    ServiceTarget {
        earliest: calendar.add_business_days(complete_on, low),
        latest: calendar.add_business_days(complete_on, high),
    }
}

pub fn legal_deadline(received_on: Date, extended: bool) -> Date {
    let days = if extended { 2 * LEGAL_DAYS } else { LEGAL_DAYS };
    received_on + Duration::days(days)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn electronic_requests_target_two_to_three_business_days() {
        let cal = BusinessCalendar::connecticut();
        let t = service_target(&cal, date!(2026 - 11 - 20), DeliveryMethod::SecureLink);
        assert_eq!(
            (t.earliest, t.latest),
            (date!(2026 - 11 - 24), date!(2026 - 11 - 25))
        );
    }

    #[test]
    fn mail_targets_three_to_five_business_days() {
        let cal = BusinessCalendar::connecticut();
        let t = service_target(&cal, date!(2026 - 11 - 20), DeliveryMethod::Mail);
        assert_eq!(
            (t.earliest, t.latest),
            (date!(2026 - 11 - 25), date!(2026 - 11 - 30))
        );
    }

    #[test]
    fn the_legal_deadline_is_thirty_calendar_days_or_sixty_once_extended() {
        assert_eq!(
            legal_deadline(date!(2026 - 11 - 22), false),
            date!(2026 - 12 - 22)
        );
        assert_eq!(
            legal_deadline(date!(2026 - 11 - 22), true),
            date!(2027 - 01 - 21)
        );
    }
}
