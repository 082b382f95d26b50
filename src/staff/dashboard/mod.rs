//! `/staff/dashboard`: the records desk in pictures, each chart drawn on the server as SVG
//! (`charts.rs`) with a table of the same numbers under it. Requests received per week by
//! requester; open requests by age against the 30-day deadline; turnaround by month against
//! the service targets; the share answered within 30 days by month (the timeliness report's
//! totals); unpaid invoices by age; releases by delivery method.

mod charts;
mod panels;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use time::{Date, Duration, Month};

use self::charts::Named;
use super::auth::{AnyStaff, StaffUser};
use super::queries::reports;
use crate::domain::calendar::practice_date;
use crate::error::AppResult;
use crate::http::csrf::CsrfToken;
use crate::state::{AppState, Site};

/// A chart and the table of its numbers.
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/dashboard.html")]
pub struct DashboardPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    charts: Vec<Chart>,
}

pub async fn show(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
) -> AppResult<DashboardPage> {
    let now = state.clock.now();
    let today = practice_date(now);
    let db = &state.db;
    let this_week = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
    let first_week = this_week - Duration::weeks(25);
    let first_month = month_start(today, 11);
    let (weekly, open, turnaround, unpaid, methods, received) = tokio::try_join!(
        reports::received_by_week(db, first_week),
        reports::open_by_received_day(db),
        reports::turnaround_by_month(db, first_month),
        reports::unpaid_invoices(db),
        reports::releases_by_method(db, first_month),
        reports::share_by_month(db, first_month),
    )?;
    let charts = vec![
        panels::weekly_chart(&weekly, first_week),
        panels::ages_chart(
            panels::AgeChart {
                named: Named {
                    id: "ages",
                    title: "Open requests by age, against the 30-day legal deadline",
                    description: "Bars by days since receipt; bars past 30 days are red: those requests are past the legal deadline unless extended.",
                },
                buckets: &panels::AGE_BUCKETS,
                what: "Open requests",
                color: "#005ea2",
                alert_after: Some(30),
            },
            &open,
            today,
        ),
        panels::turnaround_chart(&turnaround, first_month),
        panels::share_chart(&received, first_month),
        panels::ages_chart(
            panels::AgeChart {
                named: Named {
                    id: "unpaid",
                    title: "Unpaid invoices by age",
                    description: "Invoices with a balance still due, by days since issue.",
                },
                buckets: &panels::INVOICE_BUCKETS,
                what: "Unpaid invoices",
                color: "#8168b3",
                alert_after: None,
            },
            &unpaid,
            today,
        ),
        panels::methods_chart(&methods),
    ];
    Ok(DashboardPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        charts,
    })
}

/// The first day of the month `back` months before `today`'s.
pub(super) fn month_start(today: Date, back: i32) -> Date {
    let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - back;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(index.div_euclid(12), month, 1).unwrap_or(today)
}

/// The twelve months from `first`, as their first days.
pub(super) fn months(first: Date) -> Vec<Date> {
    (0..12).map(|i| month_start(first, -i)).collect()
}

pub(super) fn month_label(month: Date) -> String {
    format!("{} {}", &month.month().to_string()[..3], month.year() % 100)
}
