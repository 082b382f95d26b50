//! The timeliness of answers, request by request, and its totals: what a compliance officer
//! shows an investigator (HIPAA 164.524: an answer within 30 days, or 60 with a written
//! extension). The dashboard's monthly shares are these totals, month by month.

use time::Date;

use crate::domain::workflow::Status;
use crate::staff::queries::reports::TimelinessRow;

/// The legal time for an answer, in calendar days.
pub const LEGAL_DAYS: i64 = 30;

/// One request as the report shows it.
pub struct Line {
    pub row: TimelinessRow,
    pub answered_on: Option<Date>,
    /// Calendar days from receipt to the answer.
    pub days_taken: Option<i64>,
    pub within_30: Option<bool>,
    /// Answered by the legal deadline (30 days, or 60 when extended in writing).
    pub on_time: Option<bool>,
}

impl Line {
    pub fn outcome(&self) -> &'static str {
        match self.row.status {
            Status::Denied => "Denied",
            Status::Withdrawn => "Withdrawn",
            _ if self.answered_on.is_some() => "Records sent",
            _ => "Open",
        }
    }

    pub fn extended(&self) -> bool {
        self.row.extended_at.is_some()
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub received: i64,
    pub withdrawn: i64,
    pub answered: i64,
    pub within_30: i64,
    pub on_time: i64,
    pub extended: i64,
    pub denied: i64,
    pub open: i64,
    /// Open past the legal deadline.
    pub overdue: i64,
}

impl Totals {
    /// Answered within 30 days, as a share of those answered (withdrawn ones owe nothing).
    pub fn within_30_percent(&self) -> Option<f64> {
        (self.answered > 0).then(|| 100.0 * self.within_30 as f64 / self.answered as f64)
    }

    pub fn within_30_words(&self) -> String {
        self.within_30_percent()
            .map_or_else(|| "no answers yet".to_owned(), |p| format!("{p:.1}%"))
    }

    pub fn add(&mut self, line: &Line, today: Date) {
        self.received += 1;
        self.extended += i64::from(line.extended());
        match line.row.status {
            Status::Withdrawn if line.answered_on.is_none() => self.withdrawn += 1,
            _ => match line.answered_on {
                Some(_) => {
                    self.answered += 1;
                    self.within_30 += i64::from(line.within_30 == Some(true));
                    self.on_time += i64::from(line.on_time == Some(true));
                    self.denied += i64::from(line.row.status == Status::Denied);
                }
                None => {
                    self.open += 1;
                    self.overdue += i64::from(line.row.legal_due_on < today);
                }
            },
        }
    }
}

/// The report's lines and totals; `answered_on` turns a moment into the practice's date.
pub fn report(
    rows: Vec<TimelinessRow>,
    today: Date,
    answered_on: impl Fn(time::OffsetDateTime) -> Date,
) -> (Vec<Line>, Totals) {
    let mut totals = Totals::default();
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let answered = row.answered_at.map(&answered_on);
            let days = answered.map(|d| (d - row.received_on).whole_days());
            let line = Line {
                answered_on: answered,
                days_taken: days,
                within_30: days.map(|d| d <= LEGAL_DAYS),
                on_time: answered.map(|d| d <= row.legal_due_on),
                row,
            };
            totals.add(&line, today);
            line
        })
        .collect();
    (lines, totals)
}
