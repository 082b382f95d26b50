//! The data keys of stored files, each wrapped (AES-256-GCM) by the master key and kept in
//! `file_keys` by object key. Rotation re-wraps them under the current master key without
//! touching a file.

use std::sync::Arc;

use sqlx::PgPool;

use crate::crypto::random_bytes;
use crate::sealing::MasterKey;

#[derive(Clone)]
pub struct Keys {
    pub db: PgPool,
    pub master: Arc<MasterKey>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys({:?})", self.master)
    }
}

/// A wrapped key opens only for the object it was made for.
fn context(object_key: &str) -> Vec<u8> {
    [b"file-key:".as_slice(), object_key.as_bytes()].concat()
}

fn key_error(what: &str) -> object_store::Error {
    object_store::Error::Generic {
        store: "file_keys",
        source: what.to_owned().into(),
    }
}

fn db_error(error: sqlx::Error) -> object_store::Error {
    object_store::Error::Generic {
        store: "file_keys",
        source: Box::new(error),
    }
}

impl Keys {
    /// A new random data key for `object_key`, kept wrapped before it is used.
    pub async fn new_data_key(&self, object_key: &str) -> Result<[u8; 32], object_store::Error> {
        let data_key: [u8; 32] = random_bytes();
        let wrapped = self.master.seal(&data_key, &context(object_key));
        sqlx::query!(
            "insert into file_keys (object_key, key_id, wrapped_key) values ($1, $2, $3)",
            object_key,
            self.master.id(),
            wrapped
        )
        .execute(&self.db)
        .await
        .map_err(db_error)?;
        Ok(data_key)
    }

    /// The object's data key; `None` for an object stored before encryption.
    pub async fn data_key(
        &self,
        object_key: &str,
    ) -> Result<Option<[u8; 32]>, object_store::Error> {
        let wrapped = sqlx::query_scalar!(
            "select wrapped_key from file_keys where object_key = $1",
            object_key
        )
        .fetch_optional(&self.db)
        .await
        .map_err(db_error)?;
        let Some(wrapped) = wrapped else {
            return Ok(None);
        };
        let opened = self
            .master
            .open(&wrapped, &context(object_key))
            .ok_or_else(|| key_error("no configured master key opens this file's data key"))?;
        let key: [u8; 32] = opened
            .try_into()
            .map_err(|_| key_error("a data key is not 32 bytes"))?;
        Ok(Some(key))
    }

    /// Forgets the key of an object that was never committed. Best effort.
    pub async fn forget(&self, object_key: &str) {
        let gone = sqlx::query!("delete from file_keys where object_key = $1", object_key)
            .execute(&self.db)
            .await;
        if let Err(error) = gone {
            tracing::warn!(%error, "could not remove the data key of an uncommitted upload");
        }
    }
}

/// What a rotation did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rotated {
    pub rewrapped: u64,
    pub already_current: u64,
}

/// Re-wraps every data key not under the current master key (which must open it: the
/// retired keys stay configured until this has run). Files are not touched.
pub async fn rotate(db: &PgPool, master: &MasterKey) -> Result<Rotated, RotateError> {
    let mut done = Rotated::default();
    let stale = sqlx::query!(
        "select object_key, wrapped_key from file_keys where key_id <> $1",
        master.id()
    )
    .fetch_all(db)
    .await?;
    for row in stale {
        let ctx = context(&row.object_key);
        let data_key = master
            .open(&row.wrapped_key, &ctx)
            .ok_or_else(|| RotateError::Unopened(row.object_key.clone()))?;
        sqlx::query!(
            "update file_keys set wrapped_key = $2, key_id = $3 where object_key = $1",
            row.object_key,
            master.seal(&data_key, &ctx),
            master.id()
        )
        .execute(db)
        .await?;
        done.rewrapped += 1;
    }
    done.already_current = sqlx::query_scalar!(
        "select count(*) as \"n!\" from file_keys where key_id = $1",
        master.id()
    )
    .fetch_one(db)
    .await? as u64
        - done.rewrapped;
    Ok(done)
}

#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(
        "no configured master key opens the data key of {0}: keep the retired key in MASTER_KEY until rotate-key has run"
    )]
    Unopened(String),
}
