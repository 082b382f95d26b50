//! `GET /d/{token}` and `POST /d/{token}`: the secure download. GET only shows a page
//! (mail scanners that follow links use nothing up); the POST with the patient's date of
//! birth streams one file. Wrong answers are throttled; every view, attempt and download
//! is logged with time and IP.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::files::{self, ReleaseFile};
use crate::audit::{self, Actor};
use crate::crypto::token_hash;
use crate::domain::calendar::practice_date;
use crate::domain::contact::parse_date_of_birth;
use crate::error::{AppError, AppResult};
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
    files: Vec<ReleaseFile>,
    problem: Option<&'static str>,
    dob: [String; 3],
    /// The link no longer works: expired, revoked or used up.
    gone: bool,
}

struct Link {
    id: Uuid,
    request_id: Uuid,
    usable: bool,
    locked: bool,
    date_of_birth: time::Date,
}

async fn find(state: &AppState, token: &str, now: OffsetDateTime) -> AppResult<Link> {
    let hash = token_hash(token).ok_or(AppError::NotFound)?;
    let row = sqlx::query!(
        r#"select l.id, l.request_id, l.revoked_at is null and l.expires_at > $2 and l.downloads < l.max_downloads as "usable!",
                  coalesce(l.locked_until > $2, false) as "locked!", p.date_of_birth
           from download_links l join requests r on r.id = l.request_id join patients p on p.id = r.patient_id
           where l.token_hash = $1"#,
        &hash[..],
        now
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Link {
        id: row.id,
        request_id: row.request_id,
        usable: row.usable,
        locked: row.locked,
        date_of_birth: row.date_of_birth,
    })
}

async fn log_event(
    state: &AppState,
    link: Uuid,
    event: &str,
    file: Option<Uuid>,
    ip: Option<std::net::IpAddr>,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into download_events (link_id, event, file_id, ip, at) values ($1, $2, $3, $4, $5)",
        link,
        event,
        file,
        ip.map(sqlx::types::ipnetwork::IpNetwork::from),
        at
    )
    .execute(&state.db)
    .await?;
    Ok(())
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
            files::list(&state.db, link.request_id).await?
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
    log_event(&state, link.id, "viewed", None, ip, now).await?;
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
        log_event(&state, link.id, "refused", None, ip, now).await?;
        return Ok((StatusCode::GONE, again).into_response());
    }
    if link.locked {
        log_event(&state, link.id, "throttled", None, ip, now).await?;
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
        sqlx::query!(
            r#"update download_links set
                 failed_attempts = case when failed_attempts + 1 >= $2 then 0 else failed_attempts + 1 end,
                 locked_until = case when failed_attempts + 1 >= $2 then $3 else locked_until end
               where id = $1"#,
            link.id,
            MAX_WRONG,
            now + LOCKOUT
        )
        .execute(&state.db)
        .await?;
        log_event(&state, link.id, "wrong_answer", None, ip, now).await?;
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
    let counted = sqlx::query!(
        r#"update download_links set downloads = downloads + 1, failed_attempts = 0
           where id = $1 and revoked_at is null and expires_at > $2 and downloads < max_downloads"#,
        link.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    if counted.rows_affected() == 0 {
        drop(tx);
        log_event(&state, link.id, "refused", None, ip, now).await?;
        again.gone = true;
        again.files.clear();
        return Ok((StatusCode::GONE, again).into_response());
    }
    sqlx::query!(
        "insert into download_events (link_id, event, file_id, ip, at) values ($1, 'downloaded', $2, $3, $4)",
        link.id,
        file.id,
        ip.map(sqlx::types::ipnetwork::IpNetwork::from),
        now
    )
    .execute(&mut *tx)
    .await?;
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
    let who = crate::transitions::Who {
        actor: Actor::Requester,
        ip,
        at: now,
    };
    super::deliver::complete(&mut tx, link.request_id, &who, "downloaded").await?;
    tx.commit().await?;
    stream(&state, &file).await
}

/// Streams a stored file, checking its SHA-256 on the way out (HIPAA 164.312(c)). The last
/// chunk is held back until the hash is known, so a file that no longer matches never
/// arrives whole: the connection ends short of its Content-Length instead.
pub async fn stream(state: &AppState, file: &ReleaseFile) -> AppResult<Response> {
    let chunks = state.files.read_stream(&file.object_key).await?;
    let check = HashCheck {
        chunks,
        hasher: Sha256::new(),
        expected: file.sha256.clone(),
        held: None,
        file: file.id,
    };
    let body = futures_util::stream::unfold(Some(check), |check| async move {
        let mut check = check?;
        loop {
            match check.chunks.next().await {
                Some(Ok(chunk)) => {
                    check.hasher.update(&chunk);
                    if let Some(previous) = check.held.replace(chunk) {
                        return Some((Ok(previous), Some(check)));
                    }
                }
                Some(Err(error)) => return Some((Err(std::io::Error::other(error)), None)),
                None => {
                    let digest: [u8; 32] = check.hasher.finalize_reset().into();
                    if digest[..] != check.expected[..] {
                        tracing::error!(file.id = %check.file, "a stored file failed its SHA-256 check");
                        return Some((Err(std::io::Error::other("integrity check failed")), None));
                    }
                    return check.held.take().map(|last| (Ok(last), None));
                }
            }
        }
    });
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file.display_name
            .chars()
            .map(
                |c| if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                    c
                } else {
                    '_'
                }
            )
            .collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, file.size_bytes.to_string()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

struct HashCheck {
    chunks: futures_util::stream::BoxStream<'static, Result<bytes::Bytes, object_store::Error>>,
    hasher: Sha256,
    expected: Vec<u8>,
    held: Option<bytes::Bytes>,
    file: Uuid,
}
