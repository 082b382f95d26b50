//! Languages: the switch on every page (`/language/{code}`, a plain link that works without
//! JavaScript; kept in a cookie and, for a signed-in patient, in the account), and the
//! language assistance notice (`/language-assistance`, 45 CFR 92.11) in fifteen languages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use crate::accounts::{patient_session, patients};
use crate::error::{AppError, AppResult};
use crate::http::language;
use crate::i18n::{Lang, NOTICE_LANGUAGES};
use crate::state::{AppState, Site};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/language/{code}", get(switch))
        .route("/language-assistance", get(notice))
}

#[derive(Deserialize)]
struct Back {
    #[serde(default)]
    back: String,
}

/// Only a path on this site: never `//elsewhere` or a full address, and only characters a
/// `Location` header carries as they are (a line break must not reach the header).
fn safe_back(back: &str) -> &str {
    let local = back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/\\");
    let plain = back.bytes().all(|b| b.is_ascii_graphic());
    if local && plain { back } else { "/" }
}

async fn switch(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    if let Some(patient) = patient_session::current(&state, &session).await? {
        patients::set_language(&state.db, patient.id, lang).await?;
    }
    let secure = state.config.base_url.starts_with("https://");
    Ok((
        AppendHeaders([(header::SET_COOKIE, language::cookie(lang, secure))]),
        Redirect::to(safe_back(&back.back)),
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "languages/notice.html")]
struct NoticePage {
    site: Site,
    /// (code, own name, tagline, right to left)
    taglines: Vec<(&'static str, String, String, bool)>,
}

async fn notice(State(state): State<AppState>) -> NoticePage {
    let site = state.site();
    let taglines = NOTICE_LANGUAGES
        .iter()
        .map(|(code, rtl)| {
            (
                *code,
                site.t(&format!("autonym-{code}")),
                site.t1(&format!("tagline-{code}"), "phone", &site.phone),
                *rtl,
            )
        })
        .collect();
    NoticePage { site, taglines }
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn only_local_paths_come_back() {
        assert_eq!(safe_back("/requests/new?x=1"), "/requests/new?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "/a\r\nSet-Cookie: x=1",
            "/caf\u{e9}",
        ] {
            assert_eq!(safe_back(bad), "/", "{bad}");
        }
    }
}
