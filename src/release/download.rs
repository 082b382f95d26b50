//! `GET /d/{token}` and `POST /d/{token}`: the secure download. GET only shows a page
//! (mail scanners that follow links use nothing up); the POST with the patient's date of
//! birth streams one file. Wrong answers are throttled; every view, attempt and download
//! is logged with time and IP.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::queries::{self, Link, log_event};
use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::delivery;
use crate::domain::calendar::practice_date;
use crate::domain::contact::parse_date_of_birth;
use crate::error::{AppError, AppResult};
use crate::files::StoredFile;
use crate::files::serve::stream;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};

/// Wrong dates of birth allowed before the link rests for [`LOCKOUT`].
const MAX_WRONG: i32 = 5;
const LOCKOUT: Duration = Duration::minutes(15);

#[derive(Template, WebTemplate)]
#[template(path = "release/download.html")]
pub struct DownloadPage {
    site: Site,
    token: String,
    csrf: String,
    files: Vec<StoredFile>,
    problem: Option<&'static str>,
    dob: [String; 3],
    /// The link no longer works: expired, revoked or used up.
    gone: bool,
}

async fn find(state: &AppState, token: &str, now: OffsetDateTime) -> AppResult<Link> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    queries::find_link(&state.db, &hash, now)
        .await?
        .ok_or(AppError::NotFound)
}

async fn page(
    state: &AppState,
    link: &Link,
    token: String,
    csrf: &CsrfToken,
) -> AppResult<DownloadPage> {
    Ok(DownloadPage {
        site: state.site(),
        token,
        csrf: csrf.value().to_owned(),
        files: if link.usable {
            delivery::release_files(&state.db, link.request_id).await?
        } else {
            Vec::new()
        },
        problem: None,
        dob: Default::default(),
        gone: !link.usable,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let link = find(&state, &token, now).await?;
    log_event(&state.db, link.id, "viewed", None, ip, now).await?;
    let status = if link.usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok((status, page(&state, &link, token, &csrf).await?).into_response())
}

pub async fn redeem(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let link = find(&state, &token, now).await?;
    let mut again = page(&state, &link, token, &csrf).await?;
    again.dob = [
        form.get("dob_month"),
        form.get("dob_day"),
        form.get("dob_year"),
    ]
    .map(|s| s.chars().filter(char::is_ascii_digit).take(4).collect());
    if !link.usable {
        log_event(&state.db, link.id, "refused", None, ip, now).await?;
        return Ok((StatusCode::GONE, again).into_response());
    }
    if link.locked {
        log_event(&state.db, link.id, "throttled", None, ip, now).await?;
        again.problem = Some("Too many wrong dates of birth. Try again in 15 minutes, or call us.");
        let retry = [(header::RETRY_AFTER, LOCKOUT.whole_seconds().to_string())];
        return Ok((StatusCode::TOO_MANY_REQUESTS, retry, again).into_response());
    }
    let answer = parse_date_of_birth(
        form.get("dob_month"),
        form.get("dob_day"),
        form.get("dob_year"),
        practice_date(now),
    );
    if answer != Ok(link.date_of_birth) {
        queries::count_wrong_answer(&state.db, link.id, MAX_WRONG, LOCKOUT, now).await?;
        log_event(&state.db, link.id, "wrong_answer", None, ip, now).await?;
        again.problem =
            Some("That date of birth does not match our records. Check it and try again.");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, again).into_response());
    }
    let file_id = Uuid::parse_str(form.get("file")).ok();
    let Some(file) = again.files.iter().find(|f| Some(f.id) == file_id).cloned() else {
        again.problem = Some("Choose a file to download.");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, again).into_response());
    };
    // One atomic step decides the download: parallel answers cannot pass the limit.
    let mut tx = state.db.begin().await?;
    if !queries::count_download(&mut *tx, link.id, now).await? {
        drop(tx);
        log_event(&state.db, link.id, "refused", None, ip, now).await?;
        again.gone = true;
        again.files.clear();
        return Ok((StatusCode::GONE, again).into_response());
    }
    log_event(&mut *tx, link.id, "downloaded", Some(file.id), ip, now).await?;
    audit::record(
        &mut *tx,
        Actor::Requester,
        "release.downloaded",
        Some(link.request_id),
        ip,
        serde_json::json!({ "link": link.id, "file": file.id }),
        now,
    )
    .await?;
    let who = crate::requests::transitions::Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    delivery::complete(&mut tx, link.request_id, &who, "downloaded").await?;
    tx.commit().await?;
    stream(&state, &file).await
}
