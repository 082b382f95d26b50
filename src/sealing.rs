//! Secrets at rest (TOTP secrets, the data keys of stored files): AES-256-GCM under the master key from the
//! configuration (`MASTER_KEY`, or the key file `MASTER_KEY_FILE`), with a key id so a
//! later key can be told apart, and the owner of each secret bound in as associated data so
//! a sealed value copied onto another row does not open.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use crate::crypto::random_bytes;

/// One key: its id and the AES-256-GCM key.
struct Key {
    id: String,
    key: LessSafeKey,
}

/// The master keys: the current one seals; retired ones (kept after a rotation until
/// `rotate-key` has re-sealed everything under the current one) still open.
pub struct MasterKey {
    current: Key,
    retired: Vec<Key>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({}, redacted)", self.current.id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the master key must look like ID:BASE64, with 32 bytes of key after the colon (several keys, the current one first, separated by commas or lines)"
    )]
    Malformed,
    #[error("cannot read or create the master key file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

fn parse_one(text: &str) -> Result<Key, KeyError> {
    let (id, encoded) = text.trim().split_once(':').ok_or(KeyError::Malformed)?;
    let bytes = STANDARD
        .decode(encoded.trim())
        .map_err(|_| KeyError::Malformed)?;
    let well_formed = bytes.len() == 32
        && !id.is_empty()
        && id.len() <= 32
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !well_formed {
        return Err(KeyError::Malformed);
    }
    let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| KeyError::Malformed)?;
    Ok(Key {
        id: id.to_owned(),
        key: LessSafeKey::new(key),
    })
}

impl MasterKey {
    /// `ID:BASE64` (32 bytes of key), as in `.env.example`; after a rotation, the new key
    /// first and the retired ones after it, separated by commas or lines.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let mut keys = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(parse_one);
        let current = keys.next().ok_or(KeyError::Malformed)??;
        let retired = keys.collect::<Result<Vec<_>, _>>()?;
        let mut ids: Vec<&str> = std::iter::once(&current)
            .chain(&retired)
            .map(|k| k.id.as_str())
            .collect();
        ids.sort_unstable();
        if ids.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(KeyError::Malformed);
        }
        Ok(MasterKey { current, retired })
    }

    /// The configured key, else the key file; on a machine with neither (a first run), a
    /// new key file readable by this user only. Back it up: without it, sealed secrets and
    /// stored files are gone.
    pub fn load(configured: Option<&str>, file: &Path) -> Result<Self, KeyError> {
        if let Some(text) = configured {
            return Self::parse(text);
        }
        let io = |source| KeyError::File {
            path: file.display().to_string(),
            source,
        };
        match std::fs::read_to_string(file) {
            Ok(text) => Self::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let text = format!("k1:{}", STANDARD.encode(random_bytes::<32>()));
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                write_private(file, &text).map_err(io)?;
                tracing::warn!(file = %file.display(), "made a new master key file: back it up");
                Self::parse(&text)
            }
            Err(e) => Err(io(e)),
        }
    }

    /// The id of the key that seals.
    pub fn id(&self) -> &str {
        &self.current.id
    }

    /// `nonce || ciphertext || tag` under the current key, bound to `context` (whose secret
    /// it is).
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let nonce_bytes: [u8; NONCE_LEN] = random_bytes();
        let mut sealed = plaintext.to_vec();
        let nonce = Nonce::assume_unique_for_key(nonce_bytes);
        // Only fails for inputs of many gigabytes; secrets are a few bytes.
        let _ = self
            .current
            .key
            .seal_in_place_append_tag(nonce, Aad::from(context), &mut sealed);
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// The plaintext, or `None` when no key here sealed the value for `context`. The
    /// current key is tried first, then the retired ones (a wrong key fails its tag).
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        let (nonce, body) = sealed.split_at_checked(NONCE_LEN)?;
        std::iter::once(&self.current)
            .chain(&self.retired)
            .find_map(|key| {
                let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
                let mut body = body.to_vec();
                let plain = key
                    .key
                    .open_in_place(nonce, Aad::from(context), &mut body)
                    .ok()?;
                Some(plain.to_vec())
            })
    }
}

#[cfg(unix)]
fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)?;
    out.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_owner() {
        let key = MasterKey::parse(KEY).expect("a valid key");
        let sealed = key.seal(b"JBSWY3DPEHPK3PXP", b"staff:1");
        assert_ne!(&sealed[NONCE_LEN..NONCE_LEN + 16], b"JBSWY3DPEHPK3PXP");
        assert_eq!(
            key.open(&sealed, b"staff:1").as_deref(),
            Some(&b"JBSWY3DPEHPK3PXP"[..])
        );
        assert_eq!(key.open(&sealed, b"staff:2"), None, "copied to another row");
        let other =
            MasterKey::parse("k2:HwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").expect("valid");
        assert_eq!(other.open(&sealed, b"staff:1"), None);
        assert_eq!(key.open(&sealed[..5], b"staff:1"), None);
    }

    #[test]
    fn after_a_rotation_the_retired_key_still_opens_and_the_new_one_seals() {
        let old = MasterKey::parse(KEY).expect("valid");
        let sealed = old.seal(b"secret", b"c");
        let both = MasterKey::parse(&format!(
            "k2:HwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, {KEY}"
        ))
        .expect("valid");
        assert_eq!(both.id(), "k2");
        assert_eq!(both.open(&sealed, b"c").as_deref(), Some(&b"secret"[..]));
        let resealed = both.seal(b"secret", b"c");
        assert_eq!(old.open(&resealed, b"c"), None, "sealed by the new key");
        assert!(
            MasterKey::parse(&format!("{KEY},{KEY}")).is_err(),
            "one id twice"
        );
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in [
            "",
            "k1",
            "k1:short",
            ":AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        ] {
            assert!(MasterKey::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_first_run_makes_a_private_key_file_and_reads_it_back() {
        let dir = std::env::temp_dir().join(format!("rp-key-{}", uuid::Uuid::new_v4()));
        let file = dir.join("master.key");
        let made = MasterKey::load(None, &file).expect("made");
        let again = MasterKey::load(None, &file).expect("read");
        let sealed = made.seal(b"x", b"c");
        assert_eq!(again.open(&sealed, b"c").as_deref(), Some(&b"x"[..]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file)
                .map(|m| m.permissions().mode())
                .unwrap_or(0);
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
