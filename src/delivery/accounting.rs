//! The accounting of disclosures (45 CFR 164.528): every release of a patient's records in
//! the six years before today, for the portal, for staff and for the patient's tracking
//! page, on one printable page and as a tagged PDF, in the page's language.

use askama::Template;
use askama_web::WebTemplate;
use sqlx::PgExecutor;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::config::Config;
use crate::domain::calendar::practice_date;
use crate::domain::request::{Purpose, RecordKind};
use crate::domain::{Coded, Vocabulary};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::letters::{Block, Letter, Letterhead, Table};
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
    pub fn day(&self) -> Date {
        practice_date(self.disclosed_at)
    }

    /// What was disclosed, in `lang`: the record kinds' names were stored in English
    /// ("Visit notes; X-ray images (2 files)"), each put back into `lang` when it is one.
    pub fn described(&self, lang: impl std::borrow::Borrow<Lang>) -> String {
        let lang = *lang.borrow();
        let (kinds, files) = match self.description.rsplit_once(" (") {
            Some((kinds, count)) if count.ends_with(" file)") || count.ends_with(" files)") => {
                let n: i64 = count
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                (kinds, Some(n))
            }
            _ => (self.description.as_str(), None),
        };
        let kinds: Vec<String> = kinds
            .split("; ")
            .map(|k| in_lang::<RecordKind>(k, lang))
            .collect();
        let mut out = kinds.join("; ");
        if let Some(n) = files {
            out.push_str(&format!(
                " ({})",
                lang.t_count("accounting-files", "count", n)
            ));
        }
        out
    }

    /// Why, in `lang` (the purpose's name was stored in English).
    pub fn purpose_in(&self, lang: impl std::borrow::Borrow<Lang>) -> String {
        in_lang::<Purpose>(&self.purpose, *lang.borrow())
    }
}

/// A coded value's stored English name in `lang`, or as stored when it is not one.
fn in_lang<T: Vocabulary>(english: &str, lang: Lang) -> String {
    T::all()
        .iter()
        .find(|v| v.label() == english)
        .map_or_else(|| english.to_owned(), |v| lang.label(*v))
}

/// The accounting as a page, with the way back to where it was opened from.
#[derive(Template, WebTemplate)]
#[template(path = "disclosures/accounting.html")]
pub struct AccountingPage {
    pub site: Site,
    pub patient_name: String,
    pub since: Date,
    pub rows: Vec<DisclosureRow>,
    /// Where the page was opened from, and the catalog id of the link back.
    pub back: (String, &'static str),
    /// The heading's catalog id: "your records" for the patient in the portal, "the
    /// records" for everyone else.
    pub heading: &'static str,
    /// The same accounting as a PDF, where it is offered.
    pub pdf_href: Option<String>,
}

impl AccountingPage {
    /// The accounting as a letter in the page's language, for its PDF.
    pub fn letter(&self, config: &Config) -> Letter {
        let lang = self.site.lang;
        let t = |id: &str| lang.t(id);
        let mut blocks = vec![Block::Paragraph(self.intro())];
        if self.rows.is_empty() {
            blocks.push(Block::Paragraph(t("accounting-none")));
        } else {
            blocks.push(Block::Table(Table {
                summary: t("accounting-caption"),
                header: [
                    "accounting-date",
                    "accounting-recipient",
                    "accounting-what",
                    "accounting-purpose",
                ]
                .map(t)
                .to_vec(),
                rows: self
                    .rows
                    .iter()
                    .map(|d| {
                        vec![
                            lang.long_date(d.day()),
                            d.recipient.clone(),
                            d.described(lang),
                            d.purpose_in(lang),
                        ]
                    })
                    .collect(),
                footer: Vec::new(),
                numeric: Vec::new(),
            }));
        }
        blocks.push(Block::language_help(
            &config.practice,
            &config.base_url,
            lang,
        ));
        Letter {
            lang,
            title: t(self.heading),
            letterhead: Letterhead::of(&config.practice, lang),
            blocks,
        }
    }

    /// What the accounting covers, in a sentence.
    pub fn intro(&self) -> String {
        self.site.lang.t_with(
            "accounting-intro",
            &[
                ("patient", &self.patient_name),
                ("practice", &self.site.name),
                ("since", &self.site.long_date(self.since)),
            ],
        )
    }
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
        since: practice_date(since(now)),
        rows,
        heading: match reader {
            Reader::Patient => "accounting-heading-yours",
            Reader::Other => "accounting-heading",
        },
        back,
        pdf_href: None,
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
