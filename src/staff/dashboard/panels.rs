//! The dashboard's six panels, each a chart and the table of its numbers.

use time::{Date, Duration};

use super::charts::{self, Named, Reference, Series};
use super::{Chart, month_label, months};
use crate::domain::request::{DeliveryMethod, RequesterType};
use crate::staff::queries::reports;
use crate::staff::reports::timeliness::Totals;

const TYPE_COLORS: [&str; 4] = ["#005ea2", "#00a398", "#e5a000", "#8168b3"];

pub fn weekly_chart(rows: &[(Date, RequesterType, i64)], first_week: Date) -> Chart {
    let weeks: Vec<Date> = (0..26).map(|i| first_week + Duration::weeks(i)).collect();
    let series: Vec<Series> = RequesterType::ALL
        .iter()
        .zip(TYPE_COLORS)
        .map(|(kind, color)| Series {
            name: kind.short_label(),
            color,
            values: weeks
                .iter()
                .map(|w| {
                    rows.iter()
                        .filter(|(week, k, _)| week == w && k == kind)
                        .map(|(_, _, n)| *n as f64)
                        .sum()
                })
                .collect(),
        })
        .collect();
    let labels: Vec<String> = weeks
        .iter()
        .map(|w| format!("{}/{}", u8::from(w.month()), w.day()))
        .collect();
    let title = "Requests received per week, by requester (last 26 weeks)";
    let svg = charts::bars(
        &Named {
            id: "weekly",
            title,
            description: "Stacked bars: one per week, split by who asked.",
        },
        &labels,
        &series,
        &[],
        &[],
    );
    let mut head = vec!["Week of".to_owned()];
    head.extend(series.iter().map(|s| s.name.to_owned()));
    head.push("Total".to_owned());
    let rows = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut row = vec![w.to_string()];
            row.extend(series.iter().map(|s| format!("{}", s.values[i])));
            row.push(format!(
                "{}",
                series.iter().map(|s| s.values[i]).sum::<f64>()
            ));
            row
        })
        .collect();
    Chart {
        id: "weekly".to_owned(),
        title: title.to_owned(),
        svg,
        head,
        rows,
    }
}

/// Ages in days, as the buckets a chart counts: lowest day, highest day, label.
type Buckets = [(i64, i64, &'static str)];

pub const AGE_BUCKETS: [(i64, i64, &str); 8] = [
    (0, 5, "0-5"),
    (6, 10, "6-10"),
    (11, 15, "11-15"),
    (16, 20, "16-20"),
    (21, 25, "21-25"),
    (26, 30, "26-30"),
    (31, 45, "31-45"),
    (46, i64::MAX, "46+"),
];

pub const INVOICE_BUCKETS: [(i64, i64, &str); 4] = [
    (0, 30, "0-30"),
    (31, 60, "31-60"),
    (61, 90, "61-90"),
    (91, i64::MAX, "91+"),
];

/// What a chart of ages shows: which dates, counted how, with bars past `alert_after` days
/// drawn as past a deadline.
pub struct AgeChart<'a> {
    pub named: Named<'a>,
    pub buckets: &'a Buckets,
    pub what: &'a str,
    pub color: &'static str,
    pub alert_after: Option<i64>,
}

/// `dates`: how many there are of each date.
pub fn ages_chart(chart: AgeChart, dates: &[(Date, i64)], today: Date) -> Chart {
    let counts: Vec<f64> = chart
        .buckets
        .iter()
        .map(|(low, high, _)| {
            dates
                .iter()
                .filter(|(d, _)| (low..=high).contains(&&(today - *d).whole_days()))
                .map(|(_, n)| *n as f64)
                .sum()
        })
        .collect();
    let labels: Vec<String> = chart
        .buckets
        .iter()
        .map(|(_, _, l)| format!("{l} d"))
        .collect();
    let past = |low: i64| chart.alert_after.is_some_and(|after| low > after);
    let alert: Vec<bool> = chart.buckets.iter().map(|(low, _, _)| past(*low)).collect();
    let series = [Series {
        name: chart.what,
        color: chart.color,
        values: counts.clone(),
    }];
    let svg = charts::bars(&chart.named, &labels, &series, &[], &alert);
    let rows = chart
        .buckets
        .iter()
        .zip(&counts)
        .map(|((low, _, label), n)| {
            let mut row = vec![format!("{label} days"), format!("{n}")];
            if chart.alert_after.is_some() {
                row.push(if past(*low) { "past the deadline" } else { "" }.to_owned());
            }
            row
        })
        .collect();
    let mut head = vec!["Age".to_owned(), chart.what.to_owned()];
    if chart.alert_after.is_some() {
        head.push("Deadline".into());
    }
    Chart {
        id: chart.named.id.to_owned(),
        title: chart.named.title.to_owned(),
        svg,
        head,
        rows,
    }
}

pub fn turnaround_chart(rows: &[reports::Turnaround], first: Date) -> Chart {
    let months = months(first);
    let find = |m: &Date| rows.iter().find(|r| r.month == *m);
    let present: Vec<bool> = months.iter().map(|m| find(m).is_some()).collect();
    let median: Vec<f64> = months
        .iter()
        .map(|m| find(m).map_or(0.0, |r| r.median_days))
        .collect();
    let p90: Vec<f64> = months
        .iter()
        .map(|m| find(m).map_or(0.0, |r| r.p90_days))
        .collect();
    let labels: Vec<String> = months.iter().map(|m| month_label(*m)).collect();
    let title = "Turnaround from receipt to release, by month";
    let svg = charts::lines(
        &Named {
            id: "turnaround",
            title,
            description: "Median and 90th percentile of days from receipt to release each month, against the service targets of 3 days (documents) and 5 days (images or mail).",
        },
        &labels,
        &[
            (
                Series {
                    name: "Median",
                    color: "#005ea2",
                    values: median.clone(),
                },
                present.clone(),
            ),
            (
                Series {
                    name: "90th percentile",
                    color: "#e5a000",
                    values: p90.clone(),
                },
                present.clone(),
            ),
        ],
        &[
            Reference {
                value: 3.0,
                label: "3-day target",
            },
            Reference {
                value: 5.0,
                label: "5-day target",
            },
        ],
        6.0,
        "",
    );
    let table = months
        .iter()
        .map(|m| match find(m) {
            Some(r) => vec![
                month_label(*m),
                r.released.to_string(),
                format!("{:.1}", r.median_days),
                format!("{:.1}", r.p90_days),
            ],
            None => vec![month_label(*m), "0".into(), String::new(), String::new()],
        })
        .collect();
    Chart {
        id: "turnaround".to_owned(),
        title: title.to_owned(),
        svg,
        head: vec![
            "Month".into(),
            "Released".into(),
            "Median days".into(),
            "90th percentile days".into(),
        ],
        rows: table,
    }
}

/// The timeliness report's totals for each month of receipt.
pub fn share_chart(rows: &[reports::MonthShare], first: Date) -> Chart {
    let months = months(first);
    let totals: Vec<Totals> = months
        .iter()
        .map(|m| {
            rows.iter()
                .find(|r| r.month == *m)
                .map_or_else(Totals::default, |r| Totals {
                    received: r.received,
                    answered: r.answered,
                    within_30: r.within_30,
                    ..Totals::default()
                })
        })
        .collect();
    let present: Vec<bool> = totals.iter().map(|t| t.answered > 0).collect();
    let shares: Vec<f64> = totals
        .iter()
        .map(|t| t.within_30_percent().unwrap_or(0.0))
        .collect();
    let labels: Vec<String> = months.iter().map(|m| month_label(*m)).collect();
    let title = "Share answered within 30 days, by month received";
    let svg = charts::lines(
        &Named {
            id: "share",
            title,
            description: "The percentage of requests received each month that were answered within 30 days; the figure an OCR investigator asks for.",
        },
        &labels,
        &[(
            Series {
                name: "Answered within 30 days",
                color: "#00a398",
                values: shares,
            },
            present,
        )],
        &[Reference {
            value: 100.0,
            label: "every request",
        }],
        100.0,
        "%",
    );
    let rows = months
        .iter()
        .zip(&totals)
        .map(|(m, t)| {
            vec![
                month_label(*m),
                t.received.to_string(),
                t.answered.to_string(),
                t.within_30.to_string(),
                t.within_30_words(),
            ]
        })
        .collect();
    Chart {
        id: "share".to_owned(),
        title: title.to_owned(),
        svg,
        head: vec![
            "Month received".into(),
            "Received".into(),
            "Answered".into(),
            "Within 30 days".into(),
            "Share".into(),
        ],
        rows,
    }
}

pub fn methods_chart(rows: &[(String, i64)]) -> Chart {
    let label = |code: &str| {
        DeliveryMethod::parse(code).map_or_else(|| code.to_owned(), |m| m.short_label().to_owned())
    };
    let labels: Vec<String> = rows.iter().map(|(m, _)| label(m)).collect();
    let counts: Vec<f64> = rows.iter().map(|(_, n)| *n as f64).collect();
    let title = "Releases by delivery method (last 12 months)";
    let svg = charts::bars(
        &Named {
            id: "methods",
            title,
            description: "Records released in the last 12 months, by how they went out.",
        },
        &labels,
        &[Series {
            name: "Releases",
            color: "#00a398",
            values: counts,
        }],
        &[],
        &[],
    );
    Chart {
        id: "methods".to_owned(),
        title: title.to_owned(),
        svg,
        head: vec!["Delivery".into(), "Releases".into()],
        rows: rows
            .iter()
            .map(|(m, n)| vec![label(m), n.to_string()])
            .collect(),
    }
}
