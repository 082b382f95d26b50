//! Property tests: the filename sanitiser and the fee engine hold their promises for any
//! input, not just the examples in the unit tests.

use proptest::prelude::*;
use records_portal::domain::fees::{FeeSchedule, QuoteRequest, quote};
use records_portal::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType};
use records_portal::files::multipart::sanitize_filename;

fn schedule() -> FeeSchedule {
    FeeSchedule::from_toml(include_str!("../../config/fee-schedule.toml"))
        .expect("the shipped schedule")
}

fn any_of<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn sanitised_names_are_safe_to_store_and_show(raw in any::<String>()) {
        let name = sanitize_filename(&raw);
        prop_assert!(!name.is_empty());
        prop_assert!(name.chars().count() <= 120);
        prop_assert!(!name.contains(['/', '\\', '<', '>', '"', '\'', '`', ':', '*', '?', '|']));
        let hidden = |c: char| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
        prop_assert!(!name.chars().any(hidden), "no control or bidi characters");
        prop_assert!(!name.starts_with('.'));
        prop_assert_eq!(sanitize_filename(&name), name.clone(), "idempotent");
    }

    #[test]
    fn a_quote_adds_up_never_falls_with_more_pages_and_respects_the_cap(
        requester in any_of(RequesterType::ALL),
        purpose in any_of(Purpose::ALL),
        delivery in any_of(DeliveryMethod::ALL),
        kinds in proptest::sample::subsequence(RecordKind::ALL, 1..=RecordKind::ALL.len()),
        ssa in any::<bool>(),
        pages in 0u32..100_000,
    ) {
        let schedule = schedule();
        let at = |pages| quote(&schedule, &QuoteRequest::for_request(requester, purpose, delivery, &kinds, ssa, Some(pages)));
        let q = at(pages);
        let total = q.total_cents.expect("a page count gives a total").get();
        let sum: i64 = q.lines.iter().filter_map(|l| l.amount_cents).map(|c| c.get()).sum();
        prop_assert_eq!(total, sum, "the total is the sum of the lines");
        prop_assert!(total >= 0);
        prop_assert!(at(pages + 1).total_cents.unwrap().get() >= total, "one more page never costs less");
        if purpose == Purpose::ContinuingCare || delivery == DeliveryMethod::Portal {
            prop_assert_eq!(total, 0, "continuing care and portal downloads are free");
        }
        if matches!(requester, RequesterType::Patient | RequesterType::Representative) {
            // Documents capped at $6.50; images at most a $25 CD.
            prop_assert!(total <= 650 + 2500, "{total}");
        }
    }
}
