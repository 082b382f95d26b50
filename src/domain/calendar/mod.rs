//! Business days for the practice: weekends, Connecticut state holidays (observed dates) and
//! the practice's own closures; plus the practice's local date (US Eastern time).

use std::collections::BTreeSet;

use serde::Deserialize;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset, Weekday};

/// Which days count as business days. Built from `config/calendar.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    connecticut_state_holidays: bool,
    closed: BTreeSet<Date>,
    open: BTreeSet<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    connecticut_state_holidays: bool,
    #[serde(default)]
    closed: Vec<String>,
    #[serde(default)]
    open: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("the calendar is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("the calendar has a date that is not YYYY-MM-DD: {0:?}")]
    Date(String),
}

impl BusinessCalendar {
    pub fn connecticut() -> Self {
        BusinessCalendar {
            connecticut_state_holidays: true,
            closed: BTreeSet::new(),
            open: BTreeSet::new(),
        }
    }

    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile = toml::from_str(text)?;
        let dates = |list: Vec<String>| -> Result<BTreeSet<Date>, CalendarError> {
            list.into_iter()
                .map(|s| parse_iso_date(&s).ok_or(CalendarError::Date(s)))
                .collect()
        };
        Ok(BusinessCalendar {
            connecticut_state_holidays: file.connecticut_state_holidays,
            closed: dates(file.closed)?,
            open: dates(file.open)?,
        })
    }

    /// This calendar with the days admins keep in the database added: a day they mark
    /// takes precedence over the shipped file.
    pub fn with_days(
        mut self,
        closed: impl IntoIterator<Item = Date>,
        open: impl IntoIterator<Item = Date>,
    ) -> Self {
        for day in closed {
            self.open.remove(&day);
            self.closed.insert(day);
        }
        for day in open {
            self.closed.remove(&day);
            self.open.insert(day);
        }
        self
    }

    /// The extra closed days and open holidays, in date order.
    pub fn closed_days(&self) -> impl Iterator<Item = Date> + '_ {
        self.closed.iter().copied()
    }

    pub fn open_days(&self) -> impl Iterator<Item = Date> + '_ {
        self.open.iter().copied()
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return false;
        }
        if self.closed.contains(&date) {
            return false;
        }
        if self.open.contains(&date) {
            return true;
        }
        !(self.connecticut_state_holidays && is_connecticut_holiday(date))
    }

    /// The date `days` business days after `start` (the start day itself never counts).
    pub fn add_business_days(&self, start: Date, days: u32) -> Date {
        let mut date = start;
        let mut left = days;
        while left > 0 {
            date = date
                .next_day()
                .expect("dates stay far from the end of time");
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }
}

pub fn parse_iso_date(s: &str) -> Option<Date> {
    Date::parse(
        s.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

/// Connecticut's state holidays (CGS 1-4) for `year`, on their observed dates.
pub fn connecticut_holidays(year: i32) -> Vec<(Date, &'static str)> {
    let fixed =
        |month, day| Date::from_calendar_date(year, month, day).expect("valid fixed holiday");
    vec![
        (observed(fixed(Month::January, 1)), "New Year's Day"),
        (
            nth_weekday(year, Month::January, Weekday::Monday, 3),
            "Martin Luther King Jr. Day",
        ),
        (observed(fixed(Month::February, 12)), "Lincoln's Birthday"),
        (
            nth_weekday(year, Month::February, Weekday::Monday, 3),
            "Washington's Birthday",
        ),
        (easter_sunday(year) - Duration::days(2), "Good Friday"),
        (
            last_weekday(year, Month::May, Weekday::Monday),
            "Memorial Day",
        ),
        (observed(fixed(Month::June, 19)), "Juneteenth"),
        (observed(fixed(Month::July, 4)), "Independence Day"),
        (
            nth_weekday(year, Month::September, Weekday::Monday, 1),
            "Labor Day",
        ),
        (
            nth_weekday(year, Month::October, Weekday::Monday, 2),
            "Columbus Day",
        ),
        (observed(fixed(Month::November, 11)), "Veterans' Day"),
        (
            nth_weekday(year, Month::November, Weekday::Thursday, 4),
            "Thanksgiving Day",
        ),
        (observed(fixed(Month::December, 25)), "Christmas Day"),
    ]
}

fn is_connecticut_holiday(date: Date) -> bool {
    // New Year's Day on a Saturday is observed on December 31 of the year before.
    [date.year(), date.year() + 1]
        .into_iter()
        .flat_map(connecticut_holidays)
        .any(|(holiday, _)| holiday == date)
}

/// Saturday holidays are observed the Friday before, Sunday holidays the Monday after.
fn observed(date: Date) -> Date {
    match date.weekday() {
        Weekday::Saturday => date - Duration::days(1),
        Weekday::Sunday => date + Duration::days(1),
        _ => date,
    }
}

fn nth_weekday(year: i32, month: Month, weekday: Weekday, n: u8) -> Date {
    let first = Date::from_calendar_date(year, month, 1).expect("first of month");
    let offset =
        (7 + weekday.number_days_from_monday() - first.weekday().number_days_from_monday()) % 7;
    first + Duration::days(i64::from(offset) + 7 * i64::from(n - 1))
}

fn last_weekday(year: i32, month: Month, weekday: Weekday) -> Date {
    let last = Date::from_calendar_date(year, month, month.length(year)).expect("last of month");
    let back =
        (7 + last.weekday().number_days_from_monday() - weekday.number_days_from_monday()) % 7;
    last - Duration::days(i64::from(back))
}

/// Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm).
fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = Month::try_from(u8::try_from(month).expect("3 or 4")).expect("March or April");
    Date::from_calendar_date(year, month, u8::try_from(day).expect("1..=31")).expect("valid Easter")
}

/// The calendar date at the practice in Connecticut, which is what deadlines count from.
pub fn practice_date(at: OffsetDateTime) -> Date {
    practice_time(at).date()
}

/// The wall-clock time at the practice: US Eastern time, daylight time from the second
/// Sunday of March to the first Sunday of November, switching at 2:00 local (07:00 and
/// 06:00 UTC).
pub fn practice_time(at: OffsetDateTime) -> PrimitiveDateTime {
    let local = at.to_offset(practice_offset(at));
    PrimitiveDateTime::new(local.date(), local.time())
}

fn practice_offset(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let dst_start = nth_weekday(year, Month::March, Weekday::Sunday, 2)
        .midnight()
        .assume_utc()
        + Duration::hours(7);
    let dst_end = nth_weekday(year, Month::November, Weekday::Sunday, 1)
        .midnight()
        .assume_utc()
        + Duration::hours(6);
    let hours = if utc >= dst_start && utc < dst_end {
        -4
    } else {
        -5
    };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The instant a wall-clock time at the practice stands for, as a clerk types it (the
/// time a fax went out). An hour that happens twice in November is the first; one that
/// is skipped in March is read as standard time.
pub fn from_practice_time(local: PrimitiveDateTime) -> OffsetDateTime {
    let as_daylight = local.assume_offset(UtcOffset::from_hms(-4, 0, 0).unwrap_or(UtcOffset::UTC));
    if practice_time(as_daylight) == local {
        as_daylight
    } else {
        local.assume_offset(UtcOffset::from_hms(-5, 0, 0).unwrap_or(UtcOffset::UTC))
    }
}

/// "2026-11-25 19:04 EST": a moment as staff read it, at the practice.
pub fn practice_timestamp(at: OffsetDateTime) -> String {
    let local = practice_time(at);
    let zone = if practice_offset(at).whole_hours() == -4 {
        "EDT"
    } else {
        "EST"
    };
    format!(
        "{} {:02}:{:02} {zone}",
        local.date(),
        local.hour(),
        local.minute()
    )
}

/// "Wednesday, November 25, 2026": how dates are written to people.
pub fn long_date(date: Date) -> String {
    let format = time::macros::format_description!(
        "[weekday], [month repr:long] [day padding:none], [year]"
    );
    date.format(&format).unwrap_or_else(|_| date.to_string())
}

#[cfg(test)]
mod tests;
