//! Keys shared by every instance, made once and kept in the database.

use sqlx::PgPool;

use crate::crypto::random_bytes;

/// The key named `name`, created on first use; every instance reads the same one, so a
/// form served by one instance is accepted by another.
pub async fn shared_key(db: &PgPool, name: &str) -> Result<[u8; 32], sqlx::Error> {
    let candidate = random_bytes::<32>();
    sqlx::query!(
        "insert into app_secrets (name, value) values ($1, $2) on conflict (name) do nothing",
        name,
        &candidate[..]
    )
    .execute(db)
    .await?;
    let stored = sqlx::query_scalar!("select value from app_secrets where name = $1", name)
        .fetch_one(db)
        .await?;
    stored
        .try_into()
        .map_err(|_| sqlx::Error::Protocol(format!("app secret {name} is not 32 bytes")))
}
