//! The static files, built into the binary by `build.rs`: each answered under a name that
//! carries a hash of its content, cached for a year as immutable, and compressed ahead of
//! time (brotli or gzip, as the browser accepts). Pages link them through [`url`].

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// One file under `static/`.
pub struct Asset {
    /// Its path under `static/`: `css/app.css`.
    pub path: &'static str,
    /// The name it is served under: `css/app.0123456789.css`.
    pub hashed: &'static str,
    pub content_type: &'static str,
    pub identity: &'static [u8],
    pub gzip: Option<&'static [u8]>,
    pub br: Option<&'static [u8]>,
}

static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// A year, the most any cache keeps: a hashed name never changes content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A plain name (an old page, a bookmark) changes content with each release.
const PLAIN: &str = "public, max-age=3600";

/// The address to link a static file by, from its path under `static/`.
pub fn url(path: &str) -> String {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(asset) => format!("/static/{}", asset.hashed),
        None => format!("/static/{path}"),
    }
}

/// Every static file, for tests and the build's checks.
pub fn all() -> &'static [Asset] {
    ASSETS
}

/// `GET /static/{*file}`.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let (asset, cache) = ASSETS
        .iter()
        .find_map(|a| (a.hashed == file).then_some((a, IMMUTABLE)))
        .or_else(|| {
            ASSETS
                .iter()
                .find_map(|a| (a.path == file).then_some((a, PLAIN)))
        })
        .ok_or(AppError::NotFound)?;
    let accepts = |coding: &str| accepts_encoding(&headers, coding);
    let (body, encoding) = match (asset.br, asset.gzip) {
        (Some(br), _) if accepts("br") => (br, Some("br")),
        (_, Some(gzip)) if accepts("gzip") => (gzip, Some("gzip")),
        _ => (asset.identity, None),
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if asset.gzip.is_some() || asset.br.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    Ok(response)
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
fn accepts_encoding(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn encodings_by_accept_encoding() {
        assert!(accepts_encoding(&accept("gzip, deflate, br, zstd"), "br"));
        assert!(accepts_encoding(&accept("gzip;q=1.0, br;q=0.5"), "br"));
        assert!(!accepts_encoding(&accept("gzip, br;q=0"), "br"));
        assert!(!accepts_encoding(&accept("identity"), "gzip"));
        assert!(!accepts_encoding(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn stylesheets_name_hashed_fonts() {
        let css = all()
            .iter()
            .find(|a| a.path == "css/uswds.css")
            .expect("the style subset");
        let text = std::str::from_utf8(css.identity).unwrap();
        assert!(
            !text.contains("url(../"),
            "relative url left in {}",
            css.path
        );
        let font = all()
            .iter()
            .find(|a| a.path.ends_with("sourcesanspro-regular-webfont.woff2"))
            .unwrap();
        assert!(text.contains(&format!("/static/{}", font.hashed)));
        assert_ne!(url("css/uswds.css"), "/static/css/uswds.css");
    }
}
