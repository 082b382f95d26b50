//! `GET /d/{token}` and `POST /d/{token}`: the secure download. GET only shows a page
//! (mail scanners that follow links use nothing up); the POST with the patient's date of
//! birth streams one file. Wrong answers are throttled; every view, attempt and download
//! is logged with time and IP.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use uuid::Uuid;

use super::queries::{self, Link, log_event};
use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::delivery;
use crate::domain::calendar::practice_date;
use crate::domain::contact::parse_date_of_birth;
use crate::domain::download_guard::Decision;
use crate::error::{AppError, AppResult};
use crate::files::StoredFile;
use crate::files::serve::stream;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::metrics::Download;
use crate::state::{AppState, Site};

/// Why an answer did not download anything.
enum Refusal {
    /// With when the link rests, if this answer started a rest.
    Wrong(Option<OffsetDateTime>),
    Resting(OffsetDateTime),
    Suspended,
}

fn refused(mut again: DownloadPage, refusal: Refusal, now: OffsetDateTime) -> Response {
    match refusal {
        Refusal::Wrong(None) => {
            again.problem = Some(again.site.t("download-wrong"));
            (StatusCode::UNPROCESSABLE_ENTITY, again).into_response()
        }
        Refusal::Wrong(Some(until)) => {
            let minutes = ((until - now).whole_seconds().max(1) + 59) / 60;
            again.problem = Some(again.site.tn("download-wrong-resting", "minutes", minutes));
            (StatusCode::UNPROCESSABLE_ENTITY, again).into_response()
        }
        Refusal::Resting(until) => {
            let seconds = (until - now).whole_seconds().max(1);
            let minutes = (seconds + 59) / 60;
            again.problem = Some(again.site.tn("download-resting", "minutes", minutes));
            let retry = [(header::RETRY_AFTER, seconds.to_string())];
            (StatusCode::TOO_MANY_REQUESTS, retry, again).into_response()
        }
        Refusal::Suspended => {
            again.gone = true;
            again.suspended = true;
            again.files.clear();
            (StatusCode::GONE, again).into_response()
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "release/download.html")]
pub struct DownloadPage {
    site: Site,
    token: String,
    csrf: String,
    files: Vec<StoredFile>,
    problem: Option<String>,
    dob: [String; 3],
    /// The link no longer works: expired, revoked, used up or suspended.
    gone: bool,
    /// Suspended after too many wrong dates of birth.
    suspended: bool,
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
        suspended: link.suspended,
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
    let answer = parse_date_of_birth(
        form.get("dob_month"),
        form.get("dob_day"),
        form.get("dob_year"),
        practice_date(now),
    );
    // The guard is read with the link's row locked and stored before anything is said:
    // answers sent at the same moment are decided one after another, so no more than
    // five are ever compared before the link rests.
    let mut tx = state.db.begin().await?;
    let (guard, born) = queries::lock_guard(&mut tx, link.id).await?;
    let (decision, next) = guard.answer(answer == Ok(born), now);
    queries::store_guard(&mut tx, link.id, &next, now).await?;
    let refusal = match decision {
        Decision::Right => None,
        Decision::Wrong if next.suspended => Some(("wrong_answer", Refusal::Suspended)),
        Decision::Wrong => Some(("wrong_answer", Refusal::Wrong(next.locked_until))),
        Decision::Resting(until) => Some(("throttled", Refusal::Resting(until))),
        Decision::Suspended => Some(("refused", Refusal::Suspended)),
    };
    if let Some((event, refusal)) = refusal {
        log_event(&mut *tx, link.id, event, None, ip, now).await?;
        tx.commit().await?;
        return Ok(refused(again, refusal, now));
    }
    let file_id = Uuid::parse_str(form.get("file")).ok();
    let Some(file) = again.files.iter().find(|f| Some(f.id) == file_id).cloned() else {
        tx.commit().await?;
        again.problem = Some(again.site.t("download-choose"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, again).into_response());
    };
    // One atomic step decides the download: parallel answers cannot pass the limit.
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
    state.metrics.downloaded(Download::SecureLink);
    let mut response = stream(&state, &file).await?;
    // For the page's script: the answer was right and the file is on its way. Says
    // nothing else, and the script clears it.
    response.headers_mut().append(
        header::SET_COOKIE,
        axum::http::HeaderValue::from_static(
            "rp_download=done; Path=/d; Max-Age=60; SameSite=Strict",
        ),
    );
    Ok(response)
}
