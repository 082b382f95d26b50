//! Money as integer cents, so no fee is ever rounded twice.

use std::fmt;
use std::ops::Add;

use serde::{Deserialize, Serialize};

/// An amount in US cents. Never negative in a fee schedule; sums stay exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Self {
        Cents(cents)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn times(self, quantity: u32) -> Cents {
        Cents(self.0 * i64::from(quantity))
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

/// Renders as dollars, e.g. `$6.50`, the way the fee table prints it.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}${}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_dollars_and_cents() {
        assert_eq!(Cents::new(650).to_string(), "$6.50");
        assert_eq!(Cents::new(5).to_string(), "$0.05");
        assert_eq!(Cents::new(0).to_string(), "$0.00");
        assert_eq!(Cents::new(312_345).to_string(), "$3123.45");
        assert_eq!(Cents::new(-65).to_string(), "-$0.65");
    }

    #[test]
    fn multiplies_and_sums_exactly() {
        assert_eq!(Cents::new(65).times(25), Cents::new(1625));
        let total: Cents = [Cents::new(650), Cents::new(2500)].into_iter().sum();
        assert_eq!(total, Cents::new(3150));
    }
}
