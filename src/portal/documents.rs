//! What the patient can read and download: the home page, records released to the portal,
//! visit summaries (free, every download audited) and the accounting of disclosures
//! (45 CFR 164.528: six years). Ownership is part of every query.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::auth::Patient;
use super::requests::{MyRequest, mine};
use crate::audit::{self, Actor};
use crate::domain::calendar::{long_date, practice_date};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::release::files::ReleaseFile;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "portal/home.html")]
pub struct HomePage {
    site: Site,
    csrf: String,
    patient: Patient,
    requests: Vec<MyRequest>,
    records: Vec<ReleaseFile>,
    summaries: Vec<SummaryRow>,
}

pub struct SummaryRow {
    pub id: Uuid,
    pub visit_date: Date,
    pub title: String,
}

impl SummaryRow {
    pub fn visit(&self) -> String {
        long_date(self.visit_date)
    }
}

async fn portal_records(db: &sqlx::PgPool, account: Uuid) -> Result<Vec<ReleaseFile>, sqlx::Error> {
    sqlx::query_as!(
        ReleaseFile,
        r#"select f.id, f.object_key, f.display_name, f.content_type, f.size_bytes, f.sha256, f.uploaded_at
           from release_files f join requests r on r.id = f.request_id
           where r.account_id = $1 and r.delivery_method = 'portal' and r.status in ('released', 'completed')
           order by f.uploaded_at desc"#,
        account
    )
    .fetch_all(db)
    .await
}

async fn summaries(db: &sqlx::PgPool, account: Uuid) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        "select id, visit_date, title from visit_summaries where account_id = $1 order by visit_date desc, created_at desc",
        account
    )
    .fetch_all(db)
    .await
}

pub async fn home(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
) -> AppResult<HomePage> {
    Ok(HomePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        requests: mine(&state.db, patient.id).await?,
        records: portal_records(&state.db, patient.id).await?,
        summaries: summaries(&state.db, patient.id).await?,
        patient,
    })
}

/// A record released to the portal: free; the first download completes the request.
pub async fn download_record(
    State(state): State<AppState>,
    patient: Patient,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let file = sqlx::query_as!(
        ReleaseFile,
        r#"select f.id, f.object_key, f.display_name, f.content_type, f.size_bytes, f.sha256, f.uploaded_at
           from release_files f join requests r on r.id = f.request_id
           where f.id = $1 and r.account_id = $2 and r.delivery_method = 'portal' and r.status in ('released', 'completed')"#,
        id,
        patient.id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let request_id = sqlx::query_scalar!("select request_id from release_files where id = $1", id)
        .fetch_one(&state.db)
        .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut *tx,
        Actor::Patient(patient.id),
        "release.downloaded",
        Some(request_id),
        ip,
        serde_json::json!({ "file": id }),
        now,
    )
    .await?;
    let who = crate::transitions::Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: now,
    };
    crate::release::deliver::complete(&mut tx, request_id, &who, "downloaded in the portal")
        .await?;
    tx.commit().await?;
    crate::release::download::stream(&state, &file).await
}

/// A clinical visit summary: free (no invoice, ever), each download audited.
pub async fn download_summary(
    State(state): State<AppState>,
    patient: Patient,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let row = sqlx::query!(
        "select id, object_key, title, visit_date, size_bytes, sha256, created_at from visit_summaries where id = $1 and account_id = $2",
        id,
        patient.id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    audit::record(
        &state.db,
        Actor::Patient(patient.id),
        "summary.downloaded",
        None,
        ip,
        serde_json::json!({ "summary": id }),
        state.clock.now(),
    )
    .await?;
    let file = ReleaseFile {
        id: row.id,
        object_key: row.object_key,
        display_name: format!("Visit summary {}.pdf", row.visit_date),
        content_type: "application/pdf".into(),
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        uploaded_at: row.created_at,
    };
    crate::release::download::stream(&state, &file).await
}

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

#[derive(Template, WebTemplate)]
#[template(path = "portal/disclosures.html")]
pub struct DisclosuresPage {
    site: Site,
    patient: Patient,
    since: String,
    rows: Vec<DisclosureRow>,
}

/// The accounting of disclosures: every release of this patient's records in six years.
pub async fn disclosures(
    State(state): State<AppState>,
    patient: Patient,
) -> AppResult<DisclosuresPage> {
    let now = state.clock.now();
    let since = now - Duration::days(6 * 365 + 2);
    let rows = sqlx::query_as!(
        DisclosureRow,
        r#"select d.disclosed_at, d.recipient, d.description, d.purpose
           from disclosures d join requests r on r.id = d.request_id
           where r.account_id = $1 and d.disclosed_at >= $2
           order by d.disclosed_at desc"#,
        patient.id,
        since
    )
    .fetch_all(&state.db)
    .await?;
    Ok(DisclosuresPage {
        site: state.site(),
        since: long_date(practice_date(since)),
        patient,
        rows,
    })
}
