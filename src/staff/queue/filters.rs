//! The queue's filters and page cursor, parsed from the query string (unknown values are
//! ignored rather than refused: a stale bookmark still opens the queue).

use serde::Deserialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::calendar::parse_iso_date;
use crate::domain::request::DeliveryMethod;
use crate::domain::request::{RecordKind, RequesterType};
use crate::domain::workflow::Status;

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub requester_type: Option<String>,
    pub kind: Option<String>,
    pub delivery: Option<String>,
    pub overdue: Option<String>,
    pub mine: Option<String>,
    pub q: Option<String>,
    pub after: Option<String>,
}

/// Where the previous page ended: the sort key of its last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub legal_due_on: Date,
    pub received_at: OffsetDateTime,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!(
            "{}.{}.{}",
            self.legal_due_on,
            self.received_at.unix_timestamp_nanos() / 1000,
            self.id
        )
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let mut parts = text.split('.');
        let legal_due_on = parse_iso_date(parts.next()?)?;
        let micros: i128 = parts.next()?.parse().ok()?;
        let received_at = OffsetDateTime::from_unix_timestamp_nanos(micros * 1000).ok()?;
        let id = Uuid::parse_str(parts.next()?).ok()?;
        parts.next().is_none().then_some(Cursor {
            legal_due_on,
            received_at,
            id,
        })
    }
}

/// What the search box holds: a reference, a date of birth, or part of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    Reference(String),
    BirthDate(Date),
    Name(String),
}

impl Search {
    pub fn parse(raw: &str) -> Option<Search> {
        let text = raw.trim();
        if text.is_empty() || text.len() > 100 {
            return None;
        }
        if text.to_ascii_uppercase().starts_with("RP-") {
            return Some(Search::Reference(text.to_ascii_uppercase()));
        }
        if let Some(date) = parse_iso_date(text).or_else(|| us_date(text)) {
            return Some(Search::BirthDate(date));
        }
        Some(Search::Name(
            text.chars().filter(|c| !c.is_control()).collect(),
        ))
    }
}

/// 4/28/1986, the way people write dates of birth here.
fn us_date(text: &str) -> Option<Date> {
    let mut parts = text.split('/').map(|p| p.trim().parse::<u16>().ok());
    let (month, day, year) = (parts.next()??, parts.next()??, parts.next()??);
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// The filters, each known to be a real value.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub status: Option<Status>,
    pub requester_type: Option<RequesterType>,
    pub kind: Option<RecordKind>,
    pub delivery: Option<DeliveryMethod>,
    pub overdue: bool,
    pub mine: bool,
    pub search: Option<Search>,
    pub after: Option<Cursor>,
}

impl From<&QueueQuery> for Filters {
    fn from(q: &QueueQuery) -> Self {
        let flag = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
        Filters {
            status: q.status.as_deref().and_then(Status::parse),
            requester_type: q.requester_type.as_deref().and_then(RequesterType::parse),
            kind: q.kind.as_deref().and_then(RecordKind::parse),
            delivery: q.delivery.as_deref().and_then(DeliveryMethod::parse),
            overdue: flag(&q.overdue),
            mine: flag(&q.mine),
            search: q.q.as_deref().and_then(Search::parse),
            after: q.after.as_deref().and_then(Cursor::decode),
        }
    }
}

impl Filters {
    /// The query string for these filters (without the cursor), for links and the CSV.
    pub fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(s) = self.status {
            pairs.push(("status", s.code().into()))
        }
        if let Some(r) = self.requester_type {
            pairs.push(("requester_type", r.code().into()))
        }
        if let Some(k) = self.kind {
            pairs.push(("kind", k.code().into()))
        }
        if let Some(d) = self.delivery {
            pairs.push(("delivery", d.code().into()))
        }
        if self.overdue {
            pairs.push(("overdue", "1".into()))
        }
        if self.mine {
            pairs.push(("mine", "1".into()))
        }
        match &self.search {
            Some(Search::Reference(r)) => pairs.push(("q", r.clone())),
            Some(Search::BirthDate(d)) => pairs.push(("q", d.to_string())),
            Some(Search::Name(n)) => pairs.push(("q", n.clone())),
            None => {}
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", percent(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn percent(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = Cursor {
            legal_due_on: date!(2026 - 12 - 22),
            received_at: datetime!(2026-11-22 15:00:00.123456 UTC),
            id: Uuid::nil(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for junk in [
            "",
            "x",
            "2026-12-22.1.nil",
            "2026-12-22.1.00000000-0000-0000-0000-000000000000.extra",
        ] {
            assert_eq!(Cursor::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn the_search_box_understands_references_dates_and_names() {
        assert_eq!(
            Search::parse("rp-2026-000042"),
            Some(Search::Reference("RP-2026-000042".into()))
        );
        assert_eq!(
            Search::parse("4/28/1986"),
            Some(Search::BirthDate(date!(1986 - 04 - 28)))
        );
        assert_eq!(
            Search::parse("1986-04-28"),
            Some(Search::BirthDate(date!(1986 - 04 - 28)))
        );
        assert_eq!(Search::parse(" Avery "), Some(Search::Name("Avery".into())));
        assert_eq!(Search::parse("   "), None);
    }

    #[test]
    fn unknown_filter_values_are_ignored() {
        let q = QueueQuery {
            status: Some("bogus".into()),
            kind: Some("mri_images".into()),
            overdue: Some("1".into()),
            ..Default::default()
        };
        let f = Filters::from(&q);
        assert_eq!(f.status, None);
        assert_eq!(f.kind, Some(RecordKind::MriImages));
        assert!(f.overdue);
        assert_eq!(f.query_string(), "kind=mri_images&overdue=1");
    }
}
