//! The versioned fee schedule: data loaded from TOML at start-up and validated once.

use serde::Deserialize;

use crate::domain::money::Cents;

/// Prices the fee engine applies. Loaded from `config/fee-schedule.toml` by default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeSchedule {
    pub version: String,
    pub effective: String,
    pub documents: DocumentRates,
    pub images: ImageRates,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRates {
    pub per_page_cents: Cents,
    pub patient_cap_cents: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRates {
    pub secure_link_cents: Cents,
    pub cd_cents: Cents,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("the fee schedule is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("the fee schedule is invalid: {0}")]
    Invalid(&'static str),
}

impl FeeSchedule {
    pub fn from_toml(text: &str) -> Result<Self, ScheduleError> {
        let schedule: FeeSchedule = toml::from_str(text)?;
        schedule.validate()?;
        Ok(schedule)
    }

    pub fn validate(&self) -> Result<(), ScheduleError> {
        if self.version.trim().is_empty() {
            return Err(ScheduleError::Invalid("version must not be empty"));
        }
        let effective = time::format_description::well_known::Iso8601::DATE;
        if time::Date::parse(&self.effective, &effective).is_err() {
            return Err(ScheduleError::Invalid(
                "effective must be a date (YYYY-MM-DD)",
            ));
        }
        let prices = [
            self.documents.per_page_cents,
            self.documents.patient_cap_cents,
            self.images.secure_link_cents,
            self.images.cd_cents,
        ];
        if prices.iter().any(|p| p.get() < 0) {
            return Err(ScheduleError::Invalid("prices must not be negative"));
        }
        Ok(())
    }

    /// The schedule shipped in the repository, for the unit tests.
    #[cfg(test)]
    pub fn practice_default() -> Self {
        Self::from_toml(include_str!("../../../config/fee-schedule.toml"))
            .expect("the shipped fee schedule is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_schedule_is_the_published_one() {
        let s = FeeSchedule::practice_default();
        assert_eq!(s.documents.per_page_cents, Cents::new(65));
        assert_eq!(s.documents.patient_cap_cents, Cents::new(650));
        assert_eq!(s.images.secure_link_cents, Cents::new(1500));
        assert_eq!(s.images.cd_cents, Cents::new(2500));
    }

    #[test]
    fn rejects_negative_prices_unknown_keys_and_bad_dates() {
        let good = include_str!("../../../config/fee-schedule.toml");
        assert!(FeeSchedule::from_toml(&good.replace("= 65", "= -65")).is_err());
        assert!(FeeSchedule::from_toml(&format!("{good}\nsurprise = 1\n")).is_err());
        assert!(FeeSchedule::from_toml(&good.replace("2026-01-01", "soon")).is_err());
        assert!(FeeSchedule::from_toml(&good.replace("ct-2026-01", " ")).is_err());
    }
}
