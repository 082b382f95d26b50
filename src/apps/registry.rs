//! The apps an admin registered: name, public or confidential, the exact redirect URIs.
//! A confidential app's secret is shown once and stored only as a hash.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use url::Url;

use crate::crypto::{NewToken, sha256};
use crate::forms::{FieldErrors, FormValues};

#[derive(Debug, Clone)]
pub struct App {
    pub id: Uuid,
    pub client_id: String,
    pub name: String,
    pub confidential: bool,
    pub secret_hash: Option<Vec<u8>>,
    pub redirect_uris: Vec<String>,
    pub registered_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
}

impl App {
    /// Redirect URIs are compared exactly, as OAuth 2.1 asks: no prefixes, no patterns.
    pub fn redirects_to(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    /// A public app proves nothing; a confidential one must present its secret.
    pub fn secret_matches(&self, presented: Option<&str>) -> bool {
        match (&self.secret_hash, presented) {
            (None, _) => true,
            (Some(hash), Some(secret)) => hash.as_slice() == sha256(secret.as_bytes()),
            (Some(_), None) => false,
        }
    }

    pub fn kind(&self) -> &'static str {
        if self.confidential {
            "Confidential (has a secret)"
        } else {
            "Public (PKCE only)"
        }
    }
}

crate::domain::string_enum! {
    pub enum AppKind {
        Public => ("public", "Public: runs on the patient's phone or in their browser, and proves itself with PKCE alone"),
        Confidential => ("confidential", "Confidential: runs on its maker's server and is given a secret"),
    }
}

/// A registration as an admin typed it, checked.
#[derive(Debug)]
pub struct NewApp {
    pub name: String,
    pub confidential: bool,
    pub redirect_uris: Vec<String>,
}

impl NewApp {
    /// Every problem at once, each beside its field.
    pub fn parse(form: &FormValues) -> Result<NewApp, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = form.get("name").trim();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add(
                "name",
                "Enter the app's name as patients know it (up to 100 characters)",
            );
        }
        let kind = AppKind::parse(form.get("kind"));
        if kind.is_none() {
            errors.add("kind", "Choose whether the app is public or confidential");
        }
        let uris: Vec<String> = form
            .get("redirect_uris")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if uris.is_empty() || uris.len() > 10 {
            errors.add(
                "redirect_uris",
                "Enter one to ten redirect URIs, one per line",
            );
        } else if let Some(bad) = uris.iter().find(|u| !redirect_uri_allowed(u)) {
            errors.add(
                "redirect_uris",
                format!("{bad} cannot be a redirect URI: use https (http only for 127.0.0.1 or localhost, or an app's own scheme such as com.example.app:/callback), with no #fragment"),
            );
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(NewApp {
                name: name.to_owned(),
                confidential: kind == AppKind::Confidential,
                redirect_uris: uris,
            }),
            _ => Err(errors),
        }
    }
}

/// RFC 8252 and OAuth 2.1: https anywhere; http only back to the same machine (a native
/// app's loopback listener); a private-use scheme in reverse-domain form; never a fragment.
fn redirect_uri_allowed(uri: &str) -> bool {
    let Ok(url) = Url::parse(uri) else {
        return false;
    };
    if url.fragment().is_some() || uri.len() > 500 {
        return false;
    }
    match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        scheme => scheme.contains('.'),
    }
}

/// The app's client id and, for a confidential app, its secret (shown once).
pub struct Registered {
    pub client_id: String,
    pub secret: Option<String>,
}

pub async fn register(
    db: impl PgExecutor<'_>,
    app: &NewApp,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<Registered, sqlx::Error> {
    let client_id = format!("app-{}", &NewToken::generate().text[..22]);
    let secret = app.confidential.then(NewToken::generate);
    sqlx::query!(
        r#"insert into fhir_apps (id, client_id, name, confidential, secret_hash, redirect_uris, registered_by, registered_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        Uuid::now_v7(),
        client_id,
        app.name,
        app.confidential,
        secret.as_ref().map(|s| &s.hash[..]),
        &app.redirect_uris,
        by,
        now
    )
    .execute(db)
    .await?;
    Ok(Registered {
        client_id,
        secret: secret.map(|s| s.text),
    })
}

pub async fn all(db: impl PgExecutor<'_>) -> Result<Vec<App>, sqlx::Error> {
    sqlx::query_as!(
        App,
        r#"select id, client_id, name, confidential, secret_hash, redirect_uris, registered_at, disabled_at
           from fhir_apps order by disabled_at is not null, name"#
    )
    .fetch_all(db)
    .await
}

/// The names of the apps patients may connect today, for the start page and the portal.
pub async fn active_names(db: impl PgExecutor<'_>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("select name from fhir_apps where disabled_at is null order by name")
        .fetch_all(db)
        .await
}

/// An app that may still connect.
pub async fn find_active(
    db: impl PgExecutor<'_>,
    client_id: &str,
) -> Result<Option<App>, sqlx::Error> {
    sqlx::query_as!(
        App,
        r#"select id, client_id, name, confidential, secret_hash, redirect_uris, registered_at, disabled_at
           from fhir_apps where client_id = $1 and disabled_at is null"#,
        client_id
    )
    .fetch_optional(db)
    .await
}

/// Disabling an app ends every patient's connection to it at once (its tokens are checked
/// against the app on every call).
pub async fn disable(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update fhir_apps set disabled_at = $2 where id = $1 and disabled_at is null",
        id,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_are_https_loopback_or_an_apps_own_scheme() {
        for ok in [
            "https://app.example.com/callback",
            "http://127.0.0.1:8765/cb",
            "http://localhost/cb",
            "com.example.health:/oauth",
        ] {
            assert!(redirect_uri_allowed(ok), "{ok}");
        }
        for bad in [
            "http://app.example.com/cb",
            "https://app.example.com/cb#x",
            "javascript:alert(1)",
            "not a url",
        ] {
            assert!(!redirect_uri_allowed(bad), "{bad}");
        }
    }
}
