//! The date-of-birth challenge of a secure download link as a pure decision: how many
//! wrong answers a link takes before it rests, how long each rest lasts (longer every
//! time), and when it is suspended until staff send a new link.

use time::{Duration, OffsetDateTime};

/// Wrong answers allowed before the link rests.
pub const WRONG_ANSWERS_PER_REST: i32 = 5;
/// The first rest; each later one is twice as long.
pub const FIRST_REST: Duration = Duration::minutes(15);
/// After this many rests the link is suspended: only a new link from staff helps.
pub const RESTS_BEFORE_SUSPENSION: i32 = 4;

/// A link's guard as stored with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    pub failed_attempts: i32,
    pub locked_until: Option<OffsetDateTime>,
    pub lockouts: i32,
    pub suspended: bool,
}

/// What happens to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Compared and right: the download may go ahead.
    Right,
    /// Compared and wrong.
    Wrong,
    /// Not compared: the link rests until then.
    Resting(OffsetDateTime),
    /// Not compared: the link was suspended after too many rests.
    Suspended,
}

impl Guard {
    /// Decides one answer, given whether it is right, and the guard to store after it.
    /// The caller holds the link's row locked from reading the guard to storing it, so
    /// answers sent at the same moment are decided one after another.
    pub fn answer(self, right: bool, now: OffsetDateTime) -> (Decision, Guard) {
        if self.suspended {
            return (Decision::Suspended, self);
        }
        if let Some(until) = self.locked_until.filter(|until| *until > now) {
            return (Decision::Resting(until), self);
        }
        if right {
            let cleared = Guard {
                failed_attempts: 0,
                locked_until: None,
                ..self
            };
            return (Decision::Right, cleared);
        }
        let failed = self.failed_attempts + 1;
        if failed < WRONG_ANSWERS_PER_REST {
            let counted = Guard {
                failed_attempts: failed,
                ..self
            };
            return (Decision::Wrong, counted);
        }
        let lockouts = self.lockouts + 1;
        let rest = FIRST_REST * 2_i32.pow(u32::try_from(self.lockouts.clamp(0, 10)).unwrap_or(0));
        let rested = Guard {
            failed_attempts: 0,
            locked_until: Some(now + rest),
            lockouts,
            suspended: lockouts >= RESTS_BEFORE_SUSPENSION,
        };
        (Decision::Wrong, rested)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-11-25 12:00 UTC);

    fn fresh() -> Guard {
        Guard {
            failed_attempts: 0,
            locked_until: None,
            lockouts: 0,
            suspended: false,
        }
    }

    fn wrong_answers(
        mut guard: Guard,
        count: usize,
        now: OffsetDateTime,
    ) -> (Vec<Decision>, Guard) {
        let mut decisions = Vec::new();
        for _ in 0..count {
            let (decision, next) = guard.answer(false, now);
            decisions.push(decision);
            guard = next;
        }
        (decisions, guard)
    }

    #[test]
    fn five_wrong_answers_are_compared_then_the_link_rests() {
        let (decisions, guard) = wrong_answers(fresh(), 16, NOW);
        assert_eq!(
            decisions.iter().filter(|d| **d == Decision::Wrong).count(),
            5
        );
        let until = NOW + Duration::minutes(15);
        assert!(
            decisions[5..]
                .iter()
                .all(|d| *d == Decision::Resting(until))
        );
        // Even the right answer waits for the rest to end.
        assert_eq!(guard.answer(true, NOW).0, Decision::Resting(until));
        assert_eq!(guard.answer(true, until).0, Decision::Right);
    }

    #[test]
    fn a_right_answer_clears_the_count_of_wrong_ones() {
        let (_, guard) = wrong_answers(fresh(), 4, NOW);
        let (decision, guard) = guard.answer(true, NOW);
        assert_eq!(decision, Decision::Right);
        assert_eq!(guard.failed_attempts, 0);
        let (decisions, _) = wrong_answers(guard, 5, NOW);
        assert!(decisions.iter().all(|d| *d == Decision::Wrong));
    }

    #[test]
    fn each_rest_is_longer_and_the_fourth_suspends_the_link() {
        let mut guard = fresh();
        let mut now = NOW;
        let mut rests = Vec::new();
        for _ in 0..RESTS_BEFORE_SUSPENSION {
            let (_, rested) = wrong_answers(guard, 5, now);
            let until = rested.locked_until.unwrap_or(now);
            rests.push((until - now).whole_minutes());
            guard = rested;
            now = until;
        }
        assert_eq!(rests, [15, 30, 60, 120]);
        assert!(guard.suspended);
        assert_eq!(
            guard.answer(true, now + Duration::days(1)).0,
            Decision::Suspended
        );
    }
}
