//! Reading a stored object back: the bytes of an encrypted one decrypted chunk by chunk
//! (each chunk checked by its tag before a byte of it goes out), those of one stored before
//! encryption as they are.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::FileStore;
use super::envelope::{EnvelopeError, HEADER_LEN, Opener};

pub type Chunks = BoxStream<'static, Result<Bytes, object_store::Error>>;

/// An object's plaintext as a stream.
pub struct ReadStream {
    pub chunks: Chunks,
    /// Every byte is authenticated on the way (an encrypted object): no separate hash
    /// check is needed. `false` for an object stored before encryption.
    pub authenticated: bool,
}

fn envelope_error(error: EnvelopeError) -> object_store::Error {
    object_store::Error::Generic {
        store: "envelope",
        source: Box::new(error),
    }
}

impl FileStore {
    /// The object's plaintext as a stream of chunks, never whole in memory.
    pub async fn read_stream(&self, key: &str) -> Result<ReadStream, object_store::Error> {
        let data_key = match &self.keys {
            Some(keys) => keys.data_key(key).await?,
            None => None,
        };
        let raw = self.raw_stream(key).await?;
        let Some(data_key) = data_key else {
            return Ok(ReadStream {
                chunks: raw,
                authenticated: false,
            });
        };
        let state = Decrypting {
            raw,
            buffer: BytesMut::new(),
            opener: None,
            data_key,
            object_key: key.to_owned(),
            ended: false,
        };
        let chunks = futures_util::stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            match state.next_plain().await {
                Ok(Some((plain, last))) => Some((Ok(plain), (!last).then_some(state))),
                Ok(None) => None,
                Err(error) => Some((Err(error), None)),
            }
        })
        .boxed();
        Ok(ReadStream {
            chunks,
            authenticated: true,
        })
    }
}

impl FileStore {
    /// A small object's plaintext, whole (checked as [`FileStore::read_stream`] checks it).
    pub async fn read(&self, key: &str) -> Result<Bytes, object_store::Error> {
        let mut stream = self.read_stream(key).await?.chunks;
        let mut whole = BytesMut::new();
        while let Some(chunk) = stream.next().await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(whole.freeze())
    }
}

struct Decrypting {
    raw: Chunks,
    buffer: BytesMut,
    opener: Option<Opener>,
    data_key: [u8; 32],
    object_key: String,
    ended: bool,
}

impl Decrypting {
    /// The next chunk of plaintext and whether it was the last.
    async fn next_plain(&mut self) -> Result<Option<(Bytes, bool)>, object_store::Error> {
        loop {
            if self.opener.is_none() && self.buffer.len() >= HEADER_LEN {
                let header = self.buffer.split_to(HEADER_LEN);
                let opener = Opener::new(&self.data_key, &self.object_key, &header)
                    .map_err(envelope_error)?;
                self.opener = Some(opener);
            }
            if let Some(opener) = &mut self.opener {
                let full = opener.stored_chunk_len();
                // More than a full chunk buffered: the first is not the last.
                if self.buffer.len() > full || (self.ended && !self.buffer.is_empty()) {
                    let last = self.buffer.len() <= full;
                    let take = self.buffer.len().min(full);
                    let mut chunk = self.buffer.split_to(take);
                    let plain_len = opener.open(&mut chunk, last).map_err(envelope_error)?.len();
                    chunk.truncate(plain_len);
                    return Ok(Some((chunk.freeze(), last)));
                }
            }
            if self.ended {
                return Err(envelope_error(EnvelopeError::Truncated));
            }
            match self.raw.next().await {
                Some(Ok(bytes)) => self.buffer.extend_from_slice(&bytes),
                Some(Err(error)) => return Err(error),
                None => self.ended = true,
            }
        }
    }
}
