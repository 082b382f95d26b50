//! The encrypted file format: each stored file has its own random data key (wrapped by the
//! master key and kept in `file_keys`), and its bytes are AES-256-GCM in 64 KiB chunks, the
//! STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár: each chunk's nonce is a
//! random per-file prefix, the chunk's number and a flag on the last chunk, and every chunk
//! is bound to the file's header and object key. So a file streams in and out in constant
//! memory, a changed chunk fails its tag, and chunks cannot be reordered, dropped, cut off at
//! the end or moved to another file without the reader noticing.
//!
//! Layout: `RPE1` | chunk size (u32, big-endian) | nonce prefix (7 bytes) | chunks, each the
//! chunk's ciphertext and its 16-byte tag. Every chunk but the last holds exactly one chunk
//! size of plaintext; the last holds what is left (possibly nothing).

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};

use crate::crypto::random_bytes;

pub const MAGIC: &[u8; 4] = b"RPE1";
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
pub const TAG: usize = 16;
const PREFIX: usize = 7;
pub const HEADER_LEN: usize = MAGIC.len() + 4 + PREFIX;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    #[error("the stored file is not in the encrypted format")]
    NotEnvelope,
    #[error("a chunk of the stored file failed its integrity check")]
    Tampered,
    #[error("the stored file ends early")]
    Truncated,
    #[error("the file is too large for one data key")]
    TooLong,
}

fn aead_key(data_key: &[u8; 32]) -> LessSafeKey {
    // A 32-byte key is always the right length for AES-256-GCM.
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, data_key).unwrap_or_else(|_| unreachable!()))
}

struct Chunks {
    key: LessSafeKey,
    prefix: [u8; PREFIX],
    /// What every chunk is bound to: the header and the object key.
    aad: Vec<u8>,
    counter: u32,
}

impl Chunks {
    /// Chunks of the object at `object_key` whose header is `header`.
    fn new(data_key: &[u8; 32], object_key: &str, header: &[u8], prefix: [u8; PREFIX]) -> Self {
        let mut aad = header.to_vec();
        aad.extend_from_slice(object_key.as_bytes());
        Chunks {
            key: aead_key(data_key),
            prefix,
            aad,
            counter: 0,
        }
    }

    fn nonce(&mut self, last: bool) -> Result<Nonce, EnvelopeError> {
        let mut bytes = [0u8; 12];
        bytes[..PREFIX].copy_from_slice(&self.prefix);
        bytes[PREFIX..PREFIX + 4].copy_from_slice(&self.counter.to_be_bytes());
        bytes[11] = u8::from(last);
        self.counter = self.counter.checked_add(1).ok_or(EnvelopeError::TooLong)?;
        Ok(Nonce::assume_unique_for_key(bytes))
    }
}

/// Encrypts a file chunk by chunk as it is written.
pub struct Sealer {
    chunks: Chunks,
}

impl Sealer {
    /// A sealer for the object at `object_key` under `data_key`, with the header to write
    /// first.
    pub fn new(data_key: &[u8; 32], object_key: &str) -> (Self, Vec<u8>) {
        let prefix: [u8; PREFIX] = random_bytes();
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&(CHUNK as u32).to_be_bytes());
        header.extend_from_slice(&prefix);
        let chunks = Chunks::new(data_key, object_key, &header, prefix);
        (Sealer { chunks }, header)
    }

    /// Encrypts `chunk` (one chunk size of plaintext, or less for the last) in place and
    /// appends its tag.
    pub fn seal(&mut self, chunk: &mut Vec<u8>, last: bool) -> Result<(), EnvelopeError> {
        let nonce = self.chunks.nonce(last)?;
        let aad = Aad::from(self.chunks.aad.as_slice());
        self.chunks
            .key
            .seal_in_place_append_tag(nonce, aad, chunk)
            .map_err(|_| EnvelopeError::TooLong)
    }
}

/// Decrypts a file chunk by chunk as it is read.
pub struct Opener {
    chunks: Chunks,
    chunk_size: usize,
}

impl Opener {
    /// Reads the header of the object at `object_key`, encrypted under `data_key`.
    pub fn new(
        data_key: &[u8; 32],
        object_key: &str,
        header: &[u8],
    ) -> Result<Self, EnvelopeError> {
        if header.len() != HEADER_LEN || &header[..4] != MAGIC {
            return Err(EnvelopeError::NotEnvelope);
        }
        let chunk_size = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
        if chunk_size == 0 || chunk_size > 16 * 1024 * 1024 {
            return Err(EnvelopeError::NotEnvelope);
        }
        let mut prefix = [0u8; PREFIX];
        prefix.copy_from_slice(&header[8..HEADER_LEN]);
        let chunks = Chunks::new(data_key, object_key, header, prefix);
        Ok(Opener { chunks, chunk_size })
    }

    /// Bytes of one full chunk as stored (ciphertext and tag).
    pub fn stored_chunk_len(&self) -> usize {
        self.chunk_size + TAG
    }

    /// Decrypts one stored chunk in place; the plaintext is the first `len - TAG` bytes.
    pub fn open<'a>(
        &mut self,
        chunk: &'a mut [u8],
        last: bool,
    ) -> Result<&'a mut [u8], EnvelopeError> {
        if chunk.len() < TAG || chunk.len() > self.stored_chunk_len() {
            return Err(EnvelopeError::Truncated);
        }
        let nonce = self.chunks.nonce(last)?;
        let aad = Aad::from(self.chunks.aad.as_slice());
        self.chunks
            .key
            .open_in_place(nonce, aad, chunk)
            .map_err(|_| EnvelopeError::Tampered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    /// The whole format in memory: header, then chunks as the writer cuts them.
    fn seal_all(plain: &[u8], object_key: &str) -> Vec<u8> {
        let (mut sealer, mut out) = Sealer::new(&KEY, object_key);
        // A full last chunk is sealed as the last one; an empty file is one empty chunk.
        let mut pieces: Vec<&[u8]> = plain.chunks(CHUNK).collect();
        if pieces.is_empty() {
            pieces.push(&[]);
        }
        let count = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            let mut chunk = piece.to_vec();
            sealer.seal(&mut chunk, i + 1 == count).unwrap();
            out.extend_from_slice(&chunk);
        }
        out
    }

    fn open_all(stored: &[u8], object_key: &str) -> Result<Vec<u8>, EnvelopeError> {
        let mut opener = Opener::new(&KEY, object_key, &stored[..HEADER_LEN])?;
        let body = &stored[HEADER_LEN..];
        let size = opener.stored_chunk_len();
        let mut out = Vec::new();
        let mut pieces: Vec<&[u8]> = body.chunks(size).collect();
        if pieces.is_empty() {
            return Err(EnvelopeError::Truncated);
        }
        let last = pieces.pop().unwrap_or_default();
        for piece in pieces {
            out.extend_from_slice(opener.open(&mut piece.to_vec(), false)?);
        }
        out.extend_from_slice(opener.open(&mut last.to_vec(), true)?);
        Ok(out)
    }

    #[test]
    fn files_of_every_awkward_size_come_back_whole() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let stored = seal_all(&plain, "release/a");
            assert_eq!(
                open_all(&stored, "release/a").unwrap(),
                plain,
                "{len} bytes"
            );
        }
    }

    #[test]
    fn a_changed_moved_or_shortened_file_is_refused() {
        let plain = vec![42u8; 3 * CHUNK + 5];
        let stored = seal_all(&plain, "release/a");
        let mut flipped = stored.clone();
        flipped[HEADER_LEN + CHUNK + 100] ^= 1;
        assert_eq!(
            open_all(&flipped, "release/a"),
            Err(EnvelopeError::Tampered)
        );
        assert_eq!(
            open_all(&stored, "release/b"),
            Err(EnvelopeError::Tampered),
            "bound to its object key"
        );
        let cut = &stored[..HEADER_LEN + 2 * (CHUNK + TAG)];
        assert_eq!(
            open_all(cut, "release/a"),
            Err(EnvelopeError::Tampered),
            "a full chunk posing as the last fails its tag"
        );
        let mut swapped = stored.clone();
        let (a, b) = (HEADER_LEN, HEADER_LEN + CHUNK + TAG);
        let first: Vec<u8> = swapped[a..b].to_vec();
        let second: Vec<u8> = swapped[b..b + CHUNK + TAG].to_vec();
        swapped[a..b].copy_from_slice(&second);
        swapped[b..b + CHUNK + TAG].copy_from_slice(&first);
        assert_eq!(
            open_all(&swapped, "release/a"),
            Err(EnvelopeError::Tampered)
        );
        assert_eq!(
            Opener::new(&KEY, "release/a", b"%PDF-1.7 hello!").err(),
            Some(EnvelopeError::NotEnvelope)
        );
    }
}
