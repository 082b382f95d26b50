//! What the patient can read and download: the home page, records released to the portal,
//! visit summaries (free, every download audited) and the accounting of disclosures
//! (45 CFR 164.528: six years). Ownership is part of every query.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use super::queries::{self, MyRequest};
use crate::accounts::patient_session::Patient;
use crate::accounts::summaries::{self, SummaryRow};
use crate::audit::{self, Actor};
use crate::delivery::accounting::{self, AccountingPage, Reader};
use crate::delivery::patient_files;
use crate::error::{AppError, AppResult};
use crate::files::StoredFile;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::metrics::Download;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "portal/home.html")]
pub struct HomePage {
    site: Site,
    csrf: String,
    patient: Patient,
    requests: Vec<MyRequest>,
    records: Vec<StoredFile>,
    summaries: Vec<SummaryRow>,
}

pub async fn home(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
) -> AppResult<HomePage> {
    Ok(HomePage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        requests: queries::my_requests(&state.db, patient.id).await?,
        records: patient_files::portal_records(&state.db, patient.id).await?,
        summaries: summaries::list(&state.db, patient.id).await?,
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
    let (file, request_id) = patient_files::portal_record(&state.db, id, patient.id)
        .await?
        .ok_or(AppError::NotFound)?;
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
    let who = crate::requests::transitions::Who {
        actor: Actor::Patient(patient.id),
        ip,
        at: now,
    };
    crate::delivery::complete(&mut tx, request_id, &who, "downloaded in the portal").await?;
    tx.commit().await?;
    state.metrics.downloaded(Download::Portal);
    crate::files::serve::stream(&state, &file).await
}

/// A clinical visit summary: free (no invoice, ever), each download audited.
pub async fn download_summary(
    State(state): State<AppState>,
    patient: Patient,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let file = patient_files::summary_file(&state.db, id, patient.id)
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
    state.metrics.downloaded(Download::VisitSummary);
    crate::files::serve::stream(&state, &file).await
}

/// The accounting of disclosures: every release of this patient's records in six years.
pub async fn disclosures(
    State(state): State<AppState>,
    patient: Patient,
) -> AppResult<AccountingPage> {
    let now = state.clock.now();
    let rows = accounting::for_account(&state.db, patient.id, now).await?;
    let back = ("/account".to_owned(), "portal-back");
    let mut page = accounting::page(
        state.site(),
        patient.legal_name,
        now,
        rows,
        (Reader::Patient, back),
    );
    page.pdf_href = Some("/account/disclosures.pdf".to_owned());
    Ok(page)
}

/// The accounting of disclosures as a PDF.
pub async fn disclosures_pdf(
    state: State<AppState>,
    patient: Patient,
) -> AppResult<axum::response::Response> {
    let page = disclosures(state.clone(), patient).await?;
    crate::letters::pdf_download(page.letter(&state.config), "disclosures").await
}
