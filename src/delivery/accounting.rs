//! The accounting of disclosures (45 CFR 164.528): every release of a patient's records in
//! the six years before today, for the portal, for staff and for the patient's tracking
//! page, on one printable page.

use askama::Template;
use askama_web::WebTemplate;
use sqlx::PgExecutor;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::domain::calendar::{long_date, practice_date};
use crate::error::{AppError, AppResult};
use crate::state::{AppState, Site};

/// How far back an accounting reaches: six years (and the leap days in them).
const SIX_YEARS: Duration = Duration::days(6 * 365 + 2);

pub struct DisclosureRow {
    pub disclosed_at: OffsetDateTime,
    pub recipient: String,
    pub description: String,
    pub purpose: String,
}

impl DisclosureRow {
    pub fn date(&self) -> String {
        long_date(practice_date(self.disclosed_at))
    }
}

/// The accounting as a page, with the way back to where it was opened from.
#[derive(Template, WebTemplate)]
#[template(path = "disclosures/accounting.html")]
pub struct AccountingPage {
    pub site: Site,
    pub patient_name: String,
    pub since: String,
    pub rows: Vec<DisclosureRow>,
    pub back: (String, &'static str),
    /// "your records" for the patient in the portal, "the records" for everyone else.
    pub whose: &'static str,
}

/// The first day an accounting made now covers.
pub fn since(now: OffsetDateTime) -> OffsetDateTime {
    now - SIX_YEARS
}

/// Who reads the accounting: the patient, signed in, or anyone else allowed to.
pub enum Reader {
    Patient,
    Other,
}

pub fn page(
    site: Site,
    patient_name: String,
    now: OffsetDateTime,
    rows: Vec<DisclosureRow>,
    (reader, back): (Reader, (String, &'static str)),
) -> AccountingPage {
    AccountingPage {
        site,
        patient_name,
        since: long_date(practice_date(since(now))),
        rows,
        whose: match reader {
            Reader::Patient => "your records",
            Reader::Other => "the records",
        },
        back,
    }
}

/// Every disclosure from the requests linked to a portal account.
pub async fn for_account(
    db: impl PgExecutor<'_>,
    account: Uuid,
    now: OffsetDateTime,
) -> Result<Vec<DisclosureRow>, sqlx::Error> {
    sqlx::query_as!(
        DisclosureRow,
        r#"select d.disclosed_at, d.recipient, d.description, d.purpose
           from disclosures d join requests r on r.id = d.request_id
           where r.account_id = $1 and d.disclosed_at >= $2
           order by d.disclosed_at desc"#,
        account,
        since(now)
    )
    .fetch_all(db)
    .await
}

/// Every disclosure of the records of the patient with this name and date of birth, over
/// all their requests (each request keeps its own copy of the patient's details).
pub async fn for_patient(
    db: impl PgExecutor<'_>,
    legal_name: &str,
    date_of_birth: Date,
    now: OffsetDateTime,
) -> Result<Vec<DisclosureRow>, sqlx::Error> {
    sqlx::query_as!(
        DisclosureRow,
        r#"select d.disclosed_at, d.recipient, d.description, d.purpose
           from disclosures d join patients p on p.id = d.patient_id
           where p.date_of_birth = $2 and lower(p.legal_name) = lower($1) and d.disclosed_at >= $3
           order by d.disclosed_at desc"#,
        legal_name,
        date_of_birth,
        since(now)
    )
    .fetch_all(db)
    .await
}

/// Who a request is about: the name and date of birth its accounting is made for.
pub async fn patient_of(
    db: impl PgExecutor<'_>,
    request: Uuid,
) -> Result<Option<(String, Date)>, sqlx::Error> {
    let row = sqlx::query!(
        "select p.legal_name, p.date_of_birth from requests r join patients p on p.id = r.patient_id where r.id = $1",
        request
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.legal_name, r.date_of_birth)))
}

/// The accounting of the patient a request is about, as a page, the view audited under
/// that request.
pub async fn for_request(
    state: &AppState,
    request: Uuid,
    reader: Actor,
    ip: Option<std::net::IpAddr>,
    back: (String, &'static str),
) -> AppResult<AccountingPage> {
    let (name, born) = patient_of(&state.db, request)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let rows = for_patient(&state.db, &name, born, now).await?;
    audit::record(
        &state.db,
        reader,
        "disclosures.viewed",
        Some(request),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    Ok(page(state.site(), name, now, rows, (Reader::Other, back)))
}
