//! tower-sessions' PostgreSQL store, with session ids stored only as hashes: a copy of the
//! session table does not let anyone sign in as staff.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

#[derive(Debug, Clone)]
pub struct HashedIdStore {
    inner: PostgresStore,
}

impl HashedIdStore {
    pub fn new(pool: sqlx::PgPool) -> Self {
        HashedIdStore {
            inner: PostgresStore::new(pool),
        }
    }
}

fn hashed(id: &Id) -> Id {
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

fn with_id(record: &Record, id: Id) -> Record {
    Record {
        id,
        data: record.data.clone(),
        expiry_date: record.expiry_date,
    }
}

#[async_trait]
impl SessionStore for HashedIdStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let wanted = hashed(&record.id);
            let mut stored = with_id(record, wanted);
            self.inner.create(&mut stored).await?;
            if stored.id == wanted {
                return Ok(());
            }
            // The store replaced a colliding id; its hash would not match ours. Start over.
            self.inner.delete(&stored.id).await?;
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.inner.save(&with_id(record, hashed(&record.id))).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        Ok(self
            .inner
            .load(&hashed(id))
            .await?
            .map(|stored| with_id(&stored, *id)))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.inner.delete(&hashed(id)).await
    }
}
