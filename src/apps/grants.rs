//! A patient's connection to an app: what they allowed it to read, when, and its end.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::smart_scopes::Scopes;

/// The patient allowed `app` to read `scopes`: the live grant for the pair, its scopes
/// replaced if the patient connected the app before.
pub async fn allow(
    db: impl PgExecutor<'_>,
    app: Uuid,
    account: Uuid,
    scopes: &Scopes,
    now: OffsetDateTime,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        r#"insert into fhir_grants (id, app_id, account_id, scopes, granted_at)
           values ($1, $2, $3, $4, $5)
           on conflict (app_id, account_id) where revoked_at is null
           do update set scopes = excluded.scopes, granted_at = excluded.granted_at
           returning id"#,
        Uuid::now_v7(),
        app,
        account,
        scopes.as_slice(),
        now
    )
    .fetch_one(db)
    .await
}

/// A connected app as the patient sees it.
#[derive(Debug, Clone)]
pub struct Connection {
    pub id: Uuid,
    pub app_name: String,
    pub scopes: Vec<String>,
    pub granted_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

impl Connection {
    pub fn reads(&self) -> Vec<&'static str> {
        Scopes::from_granted(self.scopes.clone()).in_words()
    }
}

pub async fn for_account(
    db: impl PgExecutor<'_>,
    account: Uuid,
) -> Result<Vec<Connection>, sqlx::Error> {
    sqlx::query_as!(
        Connection,
        r#"select g.id, a.name as app_name, g.scopes, g.granted_at, g.last_used_at
           from fhir_grants g join fhir_apps a on a.id = g.app_id
           where g.account_id = $1 and g.revoked_at is null and a.disabled_at is null
           order by g.granted_at desc"#,
        account
    )
    .fetch_all(db)
    .await
}

/// Ends the patient's connection to an app: the grant and every token it issued. Returns
/// the app's name, or `None` when the grant is not this patient's (or already ended).
pub async fn revoke(
    conn: &mut sqlx::PgConnection,
    grant: Uuid,
    account: Uuid,
    now: OffsetDateTime,
) -> Result<Option<String>, sqlx::Error> {
    let name = sqlx::query_scalar!(
        r#"update fhir_grants g set revoked_at = $3 from fhir_apps a
           where g.id = $1 and g.account_id = $2 and g.revoked_at is null and a.id = g.app_id
           returning a.name"#,
        grant,
        account,
        now
    )
    .fetch_optional(&mut *conn)
    .await?;
    if name.is_some() {
        sqlx::query!(
            "update fhir_tokens set revoked_at = $2 where grant_id = $1 and revoked_at is null",
            grant,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(name)
}
