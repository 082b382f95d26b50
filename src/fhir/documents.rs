//! The patient's files as FHIR DocumentReferences (US Core), and the search parameters an
//! app may narrow them by: `_id`, `category`, `type` and `date` (with `eq`, `lt`, `le`,
//! `gt`, `ge`; a day, month or year in the practice's time zone, or an instant).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use super::discovery::US_CORE_DOCUMENT;
use super::outcome::{FhirError, FhirResult};
use crate::delivery::patient_files::PatientDocument;
use crate::domain::calendar::practice_date;

const LOINC: &str = "http://loinc.org";
const CATEGORY_SYSTEM: &str =
    "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";

/// A document's FHIR id (also its Binary's): `s-` for a visit summary, `r-` for a released
/// record, then the row's id.
pub fn fhir_id(doc: &PatientDocument) -> String {
    format!("{}-{}", if doc.summary { "s" } else { "r" }, doc.id)
}

/// Which kind of file an id names, and its row, if it is one of ours.
pub fn parse_id(id: &str) -> Option<(bool, Uuid)> {
    let (kind, rest) = id.split_once('-')?;
    let summary = match kind {
        "s" => true,
        "r" => false,
        _ => return None,
    };
    Some((summary, Uuid::parse_str(rest).ok()?))
}

/// LOINC: a visit summary is a "Summary of episode note"; released records are "Medical
/// records" (a release may mix kinds).
fn type_code(doc: &PatientDocument) -> (&'static str, &'static str) {
    if doc.summary {
        ("34133-9", "Summary of episode note")
    } else {
        ("11503-0", "Medical records")
    }
}

fn instant(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn document_reference(
    doc: &PatientDocument,
    patient: Uuid,
    base: &str,
    custodian: &str,
) -> Value {
    let id = fhir_id(doc);
    let (code, display) = type_code(doc);
    let mut attachment = json!({
        "contentType": doc.content_type,
        "url": format!("{base}/Binary/{id}"),
        "size": doc.size_bytes,
        "title": doc.title,
        "creation": instant(doc.added_at),
    });
    if let Some(sha1) = &doc.sha1 {
        attachment["hash"] = json!(STANDARD.encode(sha1));
    }
    let mut resource = json!({
        "resourceType": "DocumentReference",
        "id": id,
        "meta": { "profile": [US_CORE_DOCUMENT] },
        "status": "current",
        "type": {
            "coding": [{ "system": LOINC, "code": code, "display": display }],
            "text": display
        },
        "category": [{ "coding": [{
            "system": CATEGORY_SYSTEM, "code": "clinical-note", "display": "Clinical Note"
        }] }],
        "subject": { "reference": format!("Patient/{patient}") },
        "date": instant(doc.added_at),
        "custodian": { "display": custodian },
        "description": doc.title,
        "content": [{ "attachment": attachment }]
    });
    if let Some(visit) = doc.visit_date {
        resource["context"] =
            json!({ "period": { "start": visit.to_string(), "end": visit.to_string() } });
    }
    resource
}

/// A token parameter's values (comma means "or"): `system|code` or `code`.
fn token_matches(values: &str, system: &str, code: &str) -> bool {
    values.split(',').any(|v| match v.split_once('|') {
        Some((s, c)) => (s.is_empty() || s == system) && c == code,
        None => v == code,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One `date` parameter.
#[derive(Debug, Clone, Copy)]
enum DateParam {
    /// A day, month or year: the days `[from, until)` in the practice's time zone.
    Days(Prefix, Date, Date),
    Instant(Prefix, OffsetDateTime),
}

fn parse_date_param(text: &str) -> Option<DateParam> {
    let (prefix, value) = match text.get(..2) {
        Some("eq") => (Prefix::Eq, &text[2..]),
        Some("lt") => (Prefix::Lt, &text[2..]),
        Some("le") => (Prefix::Le, &text[2..]),
        Some("gt") => (Prefix::Gt, &text[2..]),
        Some("ge") => (Prefix::Ge, &text[2..]),
        _ => (Prefix::Eq, text),
    };
    if value.len() > 10 {
        return OffsetDateTime::parse(value, &Rfc3339)
            .ok()
            .map(|at| DateParam::Instant(prefix, at));
    }
    let parts: Vec<&str> = value.split('-').collect();
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u16>().ok());
    let year = i32::from(number(0).filter(|_| parts[0].len() == 4)?);
    let (from, until) = match parts.len() {
        1 => (
            Date::from_calendar_date(year, Month::January, 1).ok()?,
            Date::from_calendar_date(year + 1, Month::January, 1).ok()?,
        ),
        2 => {
            let month = Month::try_from(u8::try_from(number(1)?).ok()?).ok()?;
            let from = Date::from_calendar_date(year, month, 1).ok()?;
            let (next_year, next) = if month == Month::December {
                (year + 1, Month::January)
            } else {
                (year, month.next())
            };
            (from, Date::from_calendar_date(next_year, next, 1).ok()?)
        }
        3 => {
            let day = Date::parse(
                value,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()?;
            (day, day.next_day()?)
        }
        _ => return None,
    };
    Some(DateParam::Days(prefix, from, until))
}

impl DateParam {
    fn matches(self, at: OffsetDateTime) -> bool {
        match self {
            DateParam::Days(prefix, from, until) => {
                let day = practice_date(at);
                match prefix {
                    Prefix::Eq => day >= from && day < until,
                    Prefix::Lt => day < from,
                    Prefix::Le => day < until,
                    Prefix::Gt => day >= until,
                    Prefix::Ge => day >= from,
                }
            }
            DateParam::Instant(prefix, x) => match prefix {
                Prefix::Eq => at == x,
                Prefix::Lt => at < x,
                Prefix::Le => at <= x,
                Prefix::Gt => at > x,
                Prefix::Ge => at >= x,
            },
        }
    }
}

/// The search's filters, read from the query string. Parameters this server does not
/// know are ignored (FHIR's lenient handling); ones it knows but cannot read are a 400.
#[derive(Debug, Default)]
pub struct DocumentSearch {
    pub patient: Option<String>,
    ids: Option<String>,
    category: Option<String>,
    kind: Option<String>,
    dates: Vec<DateParam>,
}

impl DocumentSearch {
    pub fn parse(params: &[(String, String)]) -> FhirResult<Self> {
        let mut search = DocumentSearch::default();
        for (name, value) in params {
            match name.as_str() {
                "patient" | "subject" => {
                    let id = value.rsplit('/').next().unwrap_or(value);
                    search.patient = Some(id.to_owned());
                }
                "_id" => search.ids = Some(value.clone()),
                "category" => search.category = Some(value.clone()),
                "type" => search.kind = Some(value.clone()),
                "date" => search.dates.push(
                    parse_date_param(value)
                        .ok_or(FhirError::Invalid("date must be like ge2024-01-01"))?,
                ),
                _ => {}
            }
        }
        Ok(search)
    }

    pub fn matches(&self, doc: &PatientDocument) -> bool {
        let (code, _) = type_code(doc);
        self.ids
            .as_ref()
            .is_none_or(|ids| ids.split(',').any(|id| id == fhir_id(doc)))
            && self
                .category
                .as_ref()
                .is_none_or(|c| token_matches(c, CATEGORY_SYSTEM, "clinical-note"))
            && self
                .kind
                .as_ref()
                .is_none_or(|t| token_matches(t, LOINC, code))
            && self.dates.iter().all(|d| d.matches(doc.added_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_by_day_month_year_and_instant() {
        let at = datetime!(2026-03-15 15:00 UTC);
        let m = |p: &str| parse_date_param(p).is_some_and(|d| d.matches(at));
        assert!(m("2026-03-15") && m("2026-03") && m("2026") && m("ge2026-03-15"));
        assert!(m("lt2026-03-16") && m("gt2026-03-14") && m("le2026-03-15"));
        assert!(!m("lt2026-03-15") && !m("gt2026-03-15") && !m("2026-04"));
        assert!(m("ge2026-03-15T14:00:00Z") && !m("gt2026-03-15T15:00:00Z"));
        assert!(parse_date_param("15/03/2026").is_none());
        assert!(parse_date_param("2026-13").is_none());
    }

    #[test]
    fn tokens_with_and_without_a_system() {
        assert!(token_matches("http://loinc.org|34133-9", LOINC, "34133-9"));
        assert!(token_matches("11503-0,34133-9", LOINC, "34133-9"));
        assert!(token_matches("|34133-9", LOINC, "34133-9"));
        assert!(!token_matches(
            "http://snomed.info/sct|34133-9",
            LOINC,
            "34133-9"
        ));
    }
}
