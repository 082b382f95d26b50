//! `/staff/reports/timeliness`: every request received in a date range with when it was
//! answered, the days taken, any extension and its reason, and whether it was answered within
//! 30 days; as a printable page and as CSV. Its totals are the dashboard's.

pub mod timeliness;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::{Date, Duration};

use self::timeliness::{Line, Totals, report};
use super::auth::{AnyStaff, StaffUser};
use super::queries::reports;
use super::queue::csv::cell;
use crate::domain::calendar::{long_date, parse_iso_date, practice_date};
use crate::error::AppResult;
use crate::http::csrf::CsrfToken;
use crate::state::{AppState, Site};

#[derive(Deserialize, Default)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

impl Range {
    /// The range asked for, or the last 90 days; a reversed range is put the right way round.
    fn dates(&self, today: Date) -> (Date, Date) {
        let to = self.to.as_deref().and_then(parse_iso_date).unwrap_or(today);
        let from = self
            .from
            .as_deref()
            .and_then(parse_iso_date)
            .unwrap_or(to - Duration::days(89));
        if from <= to { (from, to) } else { (to, from) }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/timeliness.html")]
pub struct TimelinessPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    from: Date,
    to: Date,
    lines: Vec<Line>,
    totals: Totals,
}

impl TimelinessPage {
    fn day(date: &Date) -> String {
        long_date(*date)
    }
}

async fn load(state: &AppState, range: &Range) -> AppResult<(Date, Date, Vec<Line>, Totals)> {
    let today = practice_date(state.clock.now());
    let (from, to) = range.dates(today);
    let rows = reports::timeliness(&state.db, from, to).await?;
    let (lines, totals) = report(rows, today, practice_date);
    Ok((from, to, lines, totals))
}

pub async fn show(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    Query(range): Query<Range>,
) -> AppResult<TimelinessPage> {
    let (from, to, lines, totals) = load(&state, &range).await?;
    Ok(TimelinessPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        from,
        to,
        lines,
        totals,
    })
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

pub async fn csv(
    State(state): State<AppState>,
    AnyStaff(_): AnyStaff,
    Query(range): Query<Range>,
) -> AppResult<Response> {
    let (from, to, lines, totals) = load(&state, &range).await?;
    let mut out = String::from(
        "reference,requester_type,received,answered,outcome,days_taken,extended,extension_reason,within_30_days,by_legal_deadline\r\n",
    );
    for line in &lines {
        let fields = [
            line.row.reference.clone(),
            line.row.requester_type.code().to_owned(),
            line.row.received_on.to_string(),
            line.answered_on.map(|d| d.to_string()).unwrap_or_default(),
            line.outcome().to_owned(),
            line.days_taken.map(|d| d.to_string()).unwrap_or_default(),
            if line.extended() { "yes" } else { "no" }.to_owned(),
            line.row.extension_reason.clone().unwrap_or_default(),
            yes_no(line.within_30).to_owned(),
            yes_no(line.on_time).to_owned(),
        ];
        out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "\r\n\"totals\",\"received {}\",\"answered {}\",\"within 30 days {} ({})\",\"extended {}\",\"denied {}\",\"withdrawn {}\",\"open {}\",\"overdue {}\"\r\n",
        totals.received,
        totals.answered,
        totals.within_30,
        totals.within_30_words(),
        totals.extended,
        totals.denied,
        totals.withdrawn,
        totals.open,
        totals.overdue
    ));
    let name = format!("attachment; filename=\"timeliness-{from}-to-{to}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        out,
    )
        .into_response())
}
