//! Uploaded files in an object store (a local directory by default), written as a stream
//! and hashed on the way in, encrypted at rest (`envelope.rs`, data keys in `keys.rs`); an
//! unfinished upload leaves nothing visible behind.

pub mod envelope;
pub mod keys;
mod reading;

pub use reading::{Chunks, ReadStream};

use std::path::Path as FsPath;
use std::sync::Arc;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{GetResultPayload, ObjectStore, ObjectStoreExt, WriteMultipart};
use sha1::Sha1;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    /// Where data keys are kept and what wraps them; `None` stores plaintext (tools and
    /// tests that look at the store itself).
    keys: Option<keys::Keys>,
}

/// A file that reached the store whole.
#[derive(Debug, Clone)]
pub struct StoredObject {
    pub key: String,
    pub size_bytes: u64,
    pub sha256: [u8; 32],
    /// FHIR's `Attachment.hash` is a SHA-1; kept beside the SHA-256 we check files by.
    pub sha1: [u8; 20],
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error(transparent)]
    Storage(#[from] object_store::Error),
}

impl FileStore {
    /// The store the configuration names: S3 for `s3://bucket/prefix`, else a directory.
    pub fn from_config(config: &crate::config::Config) -> Result<Self, crate::error::StartupError> {
        match config.storage_url.as_deref() {
            Some(url) => Self::s3(url, &config.storage_env),
            None => Self::local(&config.storage_dir),
        }
    }

    /// An S3 bucket (or an S3-compatible server named by `AWS_ENDPOINT`), settings taken
    /// from the `AWS_*` variables in `settings`, as `AmazonS3Builder::from_env` would.
    pub fn s3(
        url: &str,
        settings: &[(String, secrecy::SecretString)],
    ) -> Result<Self, crate::error::StartupError> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| bad_url(url))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(bad_url(url));
        }
        let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
        for (name, value) in settings {
            if let Ok(key) = name.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
                builder = builder.with_config(key, secrecy::ExposeSecret::expose_secret(value));
            }
        }
        let bucket_store = Arc::new(builder.build()?);
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            bucket_store
        } else {
            Arc::new(PrefixStore::new(bucket_store, prefix))
        };
        Ok(FileStore { store, keys: None })
    }

    pub fn local(dir: &FsPath) -> Result<Self, crate::error::StartupError> {
        std::fs::create_dir_all(dir).map_err(|source| crate::error::StartupError::Directory {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(FileStore {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            keys: None,
        })
    }

    /// The same store, encrypting what it writes: each object under its own data key,
    /// wrapped by `master` and kept in `file_keys`.
    pub fn encrypted(mut self, db: sqlx::PgPool, master: Arc<crate::sealing::MasterKey>) -> Self {
        self.keys = Some(keys::Keys { db, master });
        self
    }

    /// Whether new objects are encrypted.
    pub fn encrypts(&self) -> bool {
        self.keys.is_some()
    }

    /// Starts a new object under a server-made name; nothing is visible until `finish`.
    pub async fn begin(&self, folder: &str, max_bytes: u64) -> Result<ObjectWriter, WriteError> {
        let key = format!("{folder}/{}", uuid::Uuid::now_v7());
        // The data key is kept before a byte is written: an object never exists without it.
        let sealing = match &self.keys {
            Some(keys) => Some(keys.new_data_key(&key).await?),
            None => None,
        };
        let upload =
            ObjectStoreExt::put_multipart(self.store.as_ref(), &Path::from(key.as_str())).await?;
        let mut writer = WriteMultipart::new(upload);
        let sealing = sealing.map(|data_key| {
            let (sealer, header) = envelope::Sealer::new(&data_key, &key);
            writer.write(&header);
            Sealing {
                sealer,
                pending: Vec::with_capacity(envelope::CHUNK + envelope::TAG),
            }
        });
        Ok(ObjectWriter {
            key,
            writer,
            hasher: Sha256::new(),
            sha1: Sha1::new(),
            size: 0,
            max_bytes,
            sealing,
        })
    }

    /// Removes an object whose database row was never committed. Best effort: an orphan
    /// object is invisible, because every read goes through a database row.
    pub async fn discard(&self, key: &str) {
        if let Err(error) = ObjectStoreExt::delete(self.store.as_ref(), &Path::from(key)).await {
            tracing::warn!(%error, "could not remove an uncommitted upload");
        }
        if let Some(keys) = &self.keys {
            keys.forget(key).await;
        }
    }

    /// The keys of the objects last written before `cutoff_unix` (seconds), every folder.
    pub fn list_written_before(
        &self,
        cutoff_unix: i64,
    ) -> futures_util::stream::BoxStream<'static, Result<String, object_store::Error>> {
        use futures_util::StreamExt;
        self.store
            .list(None)
            .filter_map(move |meta| async move {
                match meta {
                    Ok(meta) if meta.last_modified.timestamp() < cutoff_unix => {
                        Some(Ok(meta.location.to_string()))
                    }
                    Ok(_) => None,
                    Err(error) => Some(Err(error)),
                }
            })
            .boxed()
    }

    /// The object's bytes as stored, as a stream of chunks, never whole in memory.
    async fn raw_stream(
        &self,
        key: &str,
    ) -> Result<
        futures_util::stream::BoxStream<'static, Result<bytes::Bytes, object_store::Error>>,
        object_store::Error,
    > {
        use futures_util::StreamExt;
        let result = ObjectStoreExt::get(self.store.as_ref(), &Path::from(key)).await?;
        match result.payload {
            // The local store reads files 8 KiB at a time; 256 KiB chunks cost a
            // fraction of the per-chunk work on a gigabyte-sized study.
            GetResultPayload::File(file, path) => {
                let reader = tokio::fs::File::from_std(file);
                let chunks = tokio_util::io::ReaderStream::with_capacity(reader, 256 * 1024);
                Ok(chunks
                    .map(move |chunk| {
                        chunk.map_err(|source| object_store::Error::Generic {
                            store: "LocalFileSystem",
                            source: format!("reading {path:?}: {source}").into(),
                        })
                    })
                    .boxed())
            }
            GetResultPayload::Stream(_) => Ok(result.into_stream()),
        }
    }
}

/// What a sweep of abandoned upload staging files removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub files: u64,
    pub bytes: u64,
}

/// Removes the staging files of uploads that never finished (the server was killed mid-upload)
/// from a local store: `object_store` writes an upload to `<key>#<n>` and renames it on
/// completion, so a name with `#` is never an object, and one untouched for `older_than` is
/// no upload in progress. Blocking: run it on a blocking thread. (An S3 bucket needs a
/// lifecycle rule aborting incomplete multipart uploads instead.)
pub fn sweep_staging(dir: &FsPath, older_than: std::time::Duration) -> std::io::Result<Swept> {
    let mut swept = Swept::default();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                folders.push(entry.path());
                continue;
            }
            let staging = entry.file_name().to_string_lossy().contains('#');
            let idle = meta.modified()?.elapsed().unwrap_or_default();
            if staging && idle >= older_than {
                std::fs::remove_file(entry.path())?;
                swept.files += 1;
                swept.bytes += meta.len();
            }
        }
    }
    Ok(swept)
}

fn sealing_error(error: envelope::EnvelopeError) -> WriteError {
    WriteError::Storage(object_store::Error::Generic {
        store: "envelope",
        source: Box::new(error),
    })
}

fn bad_url(url: &str) -> crate::error::StartupError {
    let shown = url.split('?').next().unwrap_or_default().to_owned();
    crate::error::StartupError::Storage(object_store::Error::Generic {
        store: "S3",
        source: format!("STORAGE_URL must look like s3://bucket/prefix, not {shown}").into(),
    })
}

pub struct ObjectWriter {
    key: String,
    writer: WriteMultipart,
    hasher: Sha256,
    sha1: Sha1,
    size: u64,
    max_bytes: u64,
    sealing: Option<Sealing>,
}

/// An encrypting writer's state: plaintext waiting to fill a chunk.
struct Sealing {
    sealer: envelope::Sealer,
    pending: Vec<u8>,
}

impl ObjectWriter {
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), WriteError> {
        self.size += chunk.len() as u64;
        if self.size > self.max_bytes {
            return Err(WriteError::TooLarge);
        }
        self.hasher.update(chunk);
        self.sha1.update(chunk);
        // Back-pressure: at most a few parts in flight, so memory stays bounded.
        self.writer.wait_for_capacity(2).await?;
        let Some(sealing) = &mut self.sealing else {
            self.writer.write(chunk);
            return Ok(());
        };
        sealing.pending.extend_from_slice(chunk);
        // A full chunk is sealed once more follows it: the last chunk is sealed as the last.
        while sealing.pending.len() > envelope::CHUNK {
            let rest = sealing.pending.split_off(envelope::CHUNK);
            let mut full = std::mem::replace(&mut sealing.pending, rest);
            sealing
                .sealer
                .seal(&mut full, false)
                .map_err(sealing_error)?;
            self.writer.write(&full);
        }
        Ok(())
    }

    pub async fn finish(mut self) -> Result<StoredObject, WriteError> {
        if let Some(mut sealing) = self.sealing.take() {
            let mut last = std::mem::take(&mut sealing.pending);
            sealing
                .sealer
                .seal(&mut last, true)
                .map_err(sealing_error)?;
            self.writer.write(&last);
        }
        self.writer.finish().await?;
        Ok(StoredObject {
            key: self.key,
            size_bytes: self.size,
            sha256: self.hasher.finalize().into(),
            sha1: self.sha1.finalize().into(),
        })
    }

    pub async fn abort(self) {
        if let Err(error) = self.writer.abort().await {
            tracing::warn!(%error, "could not abort an upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn only_idle_staging_files_are_swept() {
        let dir = std::env::temp_dir().join(format!("rp-sweep-{}", uuid::Uuid::now_v7()));
        let folder = dir.join("intake");
        std::fs::create_dir_all(&folder).unwrap();
        let old = SystemTime::now() - Duration::from_secs(2 * 86_400);
        let write = |name: &str, modified: SystemTime| {
            let file = std::fs::File::create(folder.join(name)).unwrap();
            std::io::Write::write_all(&mut &file, b"12345").unwrap();
            file.set_modified(modified).unwrap();
        };
        write("0195-abandoned#1", old);
        write("0195-in-progress#1", SystemTime::now());
        write("0195-stored-object", old);

        let swept = sweep_staging(&dir, Duration::from_secs(86_400)).unwrap();
        assert_eq!(swept, Swept { files: 1, bytes: 5 });
        let mut left: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["0195-in-progress#1", "0195-stored-object"]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
