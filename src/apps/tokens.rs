//! Authorization codes, access tokens and refresh tokens: 256-bit random values handed to
//! the app once, stored only as SHA-256 hashes.
//!
//! A code lives 60 seconds and works once; a second use is taken as a stolen code and
//! revokes the tokens the first use issued (RFC 6749 4.1.2). A refresh token is replaced at
//! each use; presenting a replaced one revokes every token of that connection.

use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::crypto::{NewToken, token_hash};
use crate::domain::smart_scopes::Scopes;

pub const CODE_LIFETIME: Duration = Duration::seconds(60);
pub const ACCESS_LIFETIME: Duration = Duration::hours(1);
pub const REFRESH_LIFETIME: Duration = Duration::days(90);

/// A new single-use code bound to the grant (app and patient), the redirect URI, the PKCE
/// challenge and the scopes.
pub async fn issue_code(
    conn: &mut PgConnection,
    grant: Uuid,
    redirect_uri: &str,
    challenge: &str,
    scopes: &Scopes,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let code = NewToken::generate();
    sqlx::query!(
        r#"insert into fhir_codes (code_hash, grant_id, redirect_uri, code_challenge, scopes, expires_at)
           values ($1, $2, $3, $4, $5, $6)"#,
        &code.hash[..],
        grant,
        redirect_uri,
        challenge,
        scopes.as_slice(),
        now + CODE_LIFETIME
    )
    .execute(&mut *conn)
    .await?;
    // Old codes are useless; clearing them here keeps the table small without a job.
    sqlx::query!(
        "delete from fhir_codes where expires_at < $1",
        now - Duration::days(1)
    )
    .execute(&mut *conn)
    .await?;
    Ok(code.text)
}

/// What a code was bound to, once redeemed.
#[derive(Debug, Clone)]
pub struct Bound {
    pub code_hash: Vec<u8>,
    pub grant_id: Uuid,
    pub account_id: Uuid,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scopes: Vec<String>,
}

pub enum Redeemed {
    Fresh(Bound),
    /// Used before, or older than 60 seconds, or never issued: all `invalid_grant`.
    Refused,
}

/// Marks the code used (whatever happens next, it never works again) and returns what it
/// was bound to, if it was fresh and its connection still stands.
pub async fn redeem_code(
    conn: &mut PgConnection,
    code: &str,
    now: OffsetDateTime,
) -> Result<Redeemed, sqlx::Error> {
    let Some(hash) = token_hash(code) else {
        return Ok(Redeemed::Refused);
    };
    let bound = sqlx::query_as!(
        Bound,
        r#"update fhir_codes c set used_at = $2
           from fhir_grants g join fhir_apps a on a.id = g.app_id
           where c.code_hash = $1 and c.used_at is null and c.expires_at > $2
             and g.id = c.grant_id and g.revoked_at is null and a.disabled_at is null
           returning c.code_hash, c.grant_id, g.account_id, a.client_id, c.redirect_uri,
                     c.code_challenge, c.scopes"#,
        &hash[..],
        now
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(bound) = bound {
        return Ok(Redeemed::Fresh(bound));
    }
    // A code used twice: whoever holds it may not be the app. Revoke what it issued.
    sqlx::query!(
        r#"update fhir_tokens set revoked_at = $2
           where code_hash = $1 and revoked_at is null
             and exists (select 1 from fhir_codes where code_hash = $1 and used_at is not null)"#,
        &hash[..],
        now
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update fhir_codes set used_at = coalesce(used_at, $2) where code_hash = $1",
        &hash[..],
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(Redeemed::Refused)
}

/// Tokens as handed to the app.
pub struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
}

pub async fn issue(
    conn: &mut PgConnection,
    grant: Uuid,
    scopes: &Scopes,
    from_code: Option<&[u8]>,
    now: OffsetDateTime,
) -> Result<Issued, sqlx::Error> {
    let access = NewToken::generate();
    let refresh = scopes.offline().then(NewToken::generate);
    let rows = [
        Some(("access", &access, ACCESS_LIFETIME)),
        refresh.as_ref().map(|r| ("refresh", r, REFRESH_LIFETIME)),
    ];
    for (kind, token, lifetime) in rows.into_iter().flatten() {
        sqlx::query!(
            r#"insert into fhir_tokens (token_hash, grant_id, kind, scopes, code_hash, issued_at, expires_at)
               values ($1, $2, $3, $4, $5, $6, $7)"#,
            &token.hash[..],
            grant,
            kind,
            scopes.as_slice(),
            from_code,
            now,
            now + lifetime
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Issued {
        access_token: access.text,
        refresh_token: refresh.map(|r| r.text),
    })
}

/// A refresh token's connection, the token now replaced.
pub struct Refreshing {
    pub grant_id: Uuid,
    pub account_id: Uuid,
    pub client_id: String,
    pub scopes: Vec<String>,
}

pub async fn use_refresh(
    conn: &mut PgConnection,
    token: &str,
    now: OffsetDateTime,
) -> Result<Option<Refreshing>, sqlx::Error> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    let fresh = sqlx::query_as!(
        Refreshing,
        r#"update fhir_tokens t set revoked_at = $2
           from fhir_grants g join fhir_apps a on a.id = g.app_id
           where t.token_hash = $1 and t.kind = 'refresh' and t.revoked_at is null and t.expires_at > $2
             and g.id = t.grant_id and g.revoked_at is null and a.disabled_at is null
           returning t.grant_id, g.account_id, a.client_id, t.scopes"#,
        &hash[..],
        now
    )
    .fetch_optional(&mut *conn)
    .await?;
    if fresh.is_none() {
        // A replaced refresh token presented again: end the whole connection's tokens.
        sqlx::query!(
            r#"update fhir_tokens set revoked_at = $2
               where revoked_at is null and grant_id = (
                 select grant_id from fhir_tokens where token_hash = $1 and kind = 'refresh')"#,
            &hash[..],
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(fresh)
}

/// What a valid access token lets its app read.
#[derive(Debug, Clone)]
pub struct Access {
    pub grant_id: Uuid,
    pub account_id: Uuid,
    pub client_id: String,
    pub scopes: Vec<String>,
}

/// The access token's connection, if the token is live, its connection not revoked, its
/// app not disabled.
pub async fn access(
    conn: &mut PgConnection,
    token: &str,
    now: OffsetDateTime,
) -> Result<Option<Access>, sqlx::Error> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    let access = sqlx::query_as!(
        Access,
        r#"select t.grant_id, g.account_id, a.client_id, t.scopes
           from fhir_tokens t join fhir_grants g on g.id = t.grant_id join fhir_apps a on a.id = g.app_id
           where t.token_hash = $1 and t.kind = 'access' and t.revoked_at is null and t.expires_at > $2
             and g.revoked_at is null and a.disabled_at is null"#,
        &hash[..],
        now
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(access) = &access {
        // "Last used", to the minute: not a write on every call.
        sqlx::query!(
            r#"update fhir_grants set last_used_at = $2
               where id = $1 and (last_used_at is null or last_used_at < $2::timestamptz - interval '1 minute')"#,
            access.grant_id,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(access)
}
