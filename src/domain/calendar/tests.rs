//! The calendar against published holiday tables, business-day arithmetic and the
//! practice's local date and time.

use time::macros::{date, datetime};

use super::*;

#[test]
fn staff_times_are_the_practices_wall_clock_with_its_date() {
    // 7:30 pm in New York is already the next day in UTC.
    assert_eq!(
        practice_timestamp(datetime!(2026-11-26 00:30 UTC)),
        "2026-11-25 19:30 EST"
    );
    assert_eq!(
        practice_timestamp(datetime!(2026-07-02 03:59 UTC)),
        "2026-07-01 23:59 EDT"
    );
    assert_eq!(
        practice_timestamp(datetime!(2026-03-08 07:00 UTC)),
        "2026-03-08 03:00 EDT"
    );
    assert_eq!(
        practice_timestamp(datetime!(2026-11-01 06:00 UTC)),
        "2026-11-01 01:00 EST"
    );
}

#[test]
fn a_typed_local_time_becomes_the_right_instant() {
    use time::macros::datetime as at;
    assert_eq!(
        from_practice_time(at!(2026-11-25 19:30)),
        datetime!(2026-11-26 00:30 UTC)
    );
    assert_eq!(
        from_practice_time(at!(2026-07-01 23:59)),
        datetime!(2026-07-02 03:59 UTC)
    );
    // Twice in November: the first (daylight) one.
    assert_eq!(
        from_practice_time(at!(2026-11-01 01:30)),
        datetime!(2026-11-01 05:30 UTC)
    );
    // Skipped in March: read as standard time.
    assert_eq!(
        from_practice_time(at!(2026-03-08 02:30)),
        datetime!(2026-03-08 07:30 UTC)
    );
    for hour in 0..24 {
        let instant = datetime!(2026-11-25 00:00 UTC) + Duration::hours(hour);
        assert_eq!(from_practice_time(practice_time(instant)), instant);
    }
}

#[test]
fn connecticut_2026_matches_the_published_list() {
    let expected = [
        date!(2026 - 01 - 01),
        date!(2026 - 01 - 19),
        date!(2026 - 02 - 12),
        date!(2026 - 02 - 16),
        date!(2026 - 04 - 03),
        date!(2026 - 05 - 25),
        date!(2026 - 06 - 19),
        date!(2026 - 07 - 03),
        date!(2026 - 09 - 07),
        date!(2026 - 10 - 12),
        date!(2026 - 11 - 11),
        date!(2026 - 11 - 26),
        date!(2026 - 12 - 25),
    ];
    let got: Vec<_> = connecticut_holidays(2026)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn connecticut_2027_observes_weekend_holidays() {
    let expected = [
        date!(2027 - 01 - 01),
        date!(2027 - 01 - 18),
        date!(2027 - 02 - 12),
        date!(2027 - 02 - 15),
        date!(2027 - 03 - 26),
        date!(2027 - 05 - 31),
        date!(2027 - 06 - 18),
        date!(2027 - 07 - 05),
        date!(2027 - 09 - 06),
        date!(2027 - 10 - 11),
        date!(2027 - 11 - 11),
        date!(2027 - 11 - 25),
        date!(2027 - 12 - 24),
    ];
    let got: Vec<_> = connecticut_holidays(2027)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn new_years_day_on_a_saturday_closes_the_friday_before() {
    // January 1, 2028 is a Saturday.
    assert!(!BusinessCalendar::connecticut().is_business_day(date!(2027 - 12 - 31)));
}

#[test]
fn easter_dates() {
    assert_eq!(easter_sunday(2024), date!(2024 - 03 - 31));
    assert_eq!(easter_sunday(2025), date!(2025 - 04 - 20));
    assert_eq!(easter_sunday(2026), date!(2026 - 04 - 05));
    assert_eq!(easter_sunday(2038), date!(2038 - 04 - 25));
}

#[test]
fn business_days_skip_weekends_and_holidays() {
    let cal = BusinessCalendar::connecticut();
    // Friday before Thanksgiving week: Mon, Tue, Wed, (Thu holiday), Fri.
    assert_eq!(
        cal.add_business_days(date!(2026 - 11 - 20), 3),
        date!(2026 - 11 - 25)
    );
    assert_eq!(
        cal.add_business_days(date!(2026 - 11 - 20), 4),
        date!(2026 - 11 - 27)
    );
    // Over a weekend.
    assert_eq!(
        cal.add_business_days(date!(2026 - 03 - 06), 1),
        date!(2026 - 03 - 09)
    );
    assert_eq!(
        cal.add_business_days(date!(2026 - 03 - 06), 0),
        date!(2026 - 03 - 06)
    );
}

#[test]
fn the_practice_file_adds_closures_and_openings() {
    let cal = BusinessCalendar::from_toml(
        "connecticut_state_holidays = true\nclosed = [\"2026-12-24\"]\nopen = [\"2026-10-12\"]\n",
    )
    .unwrap();
    assert!(!cal.is_business_day(date!(2026 - 12 - 24)));
    assert!(cal.is_business_day(date!(2026 - 10 - 12)));
    let none = BusinessCalendar::from_toml("connecticut_state_holidays = false\n").unwrap();
    assert!(none.is_business_day(date!(2026 - 12 - 25)));
    assert!(
        BusinessCalendar::from_toml("connecticut_state_holidays = true\nclosed = [\"soon\"]\n")
            .is_err()
    );
}

#[test]
fn the_shipped_calendar_loads() {
    BusinessCalendar::from_toml(include_str!("../../../config/calendar.toml")).unwrap();
}

#[test]
fn practice_date_follows_eastern_time() {
    // 03:00 UTC on a winter night is still the evening before in Connecticut.
    assert_eq!(
        practice_date(datetime!(2026-01-10 03:00 UTC)),
        date!(2026 - 01 - 09)
    );
    assert_eq!(
        practice_date(datetime!(2026-01-10 05:00 UTC)),
        date!(2026 - 01 - 10)
    );
    // Summer: UTC-4.
    assert_eq!(
        practice_date(datetime!(2026-07-10 03:59 UTC)),
        date!(2026 - 07 - 09)
    );
    assert_eq!(
        practice_date(datetime!(2026-07-10 04:00 UTC)),
        date!(2026 - 07 - 10)
    );
    // The switch: 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC.
    assert_eq!(
        practice_date(datetime!(2026-03-08 04:30 UTC)),
        date!(2026 - 03 - 07)
    );
    assert_eq!(
        practice_date(datetime!(2026-11-01 04:30 UTC)),
        date!(2026 - 11 - 01)
    );
}

#[test]
fn days_kept_by_admins_override_the_shipped_calendar() {
    let shipped = BusinessCalendar::connecticut();
    let thanksgiving = date!(2026 - 11 - 26);
    let friday = date!(2026 - 11 - 27);
    assert!(!shipped.is_business_day(thanksgiving));
    assert!(shipped.is_business_day(friday));
    let kept = shipped.with_days([friday], [thanksgiving]);
    assert!(kept.is_business_day(thanksgiving), "open on the holiday");
    assert!(!kept.is_business_day(friday), "closed the day after");
    assert_eq!(
        kept.add_business_days(date!(2026 - 11 - 25), 1),
        thanksgiving
    );
}
