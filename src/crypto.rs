//! Random bearer tokens stored only as hashes, and HMAC signatures for cookies and forms.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// 256 bits of randomness, base64url without padding: 43 characters.
const TOKEN_BYTES: usize = 32;
const TOKEN_CHARS: usize = 43;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

/// A freshly made bearer token: the text goes to its holder, only the hash is stored.
pub struct NewToken {
    pub text: String,
    pub hash: [u8; 32],
}

impl NewToken {
    pub fn generate() -> Self {
        let text = URL_SAFE_NO_PAD.encode(random_bytes::<TOKEN_BYTES>());
        let hash = sha256(text.as_bytes());
        NewToken { text, hash }
    }
}

/// The hash to look a presented token up by, or `None` when it cannot be one of ours
/// (so junk never reaches the database).
pub fn token_hash(presented: &str) -> Option<[u8; 32]> {
    let well_formed = presented.len() == TOKEN_CHARS
        && presented
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    well_formed.then(|| sha256(presented.as_bytes()))
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// PKCE with S256 (RFC 7636): the verifier an app presents at the token endpoint hashes
/// to the challenge it sent with the authorization request. A verifier is 43 to 128
/// unreserved characters.
pub fn pkce_s256_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    well_formed && encode(&sha256(verifier.as_bytes())) == challenge
}

/// HMAC-SHA256 with a key shared by every instance (kept in the `app_secrets` table).
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

impl Signer {
    pub fn new(key: [u8; 32]) -> Self {
        Signer { key }
    }

    fn mac(&self, purpose: &str, message: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        // The purpose keeps a signature made for one use from being replayed for another.
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message);
        mac
    }

    pub fn sign(&self, purpose: &str, message: &[u8]) -> String {
        encode(&self.mac(purpose, message).finalize().into_bytes())
    }

    /// Constant-time check of a signature made by [`Signer::sign`].
    pub fn verify(&self, purpose: &str, message: &[u8], signature: &str) -> bool {
        decode(signature).is_some_and(|tag| self.mac(purpose, message).verify_slice(&tag).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_hash_back() {
        let token = NewToken::generate();
        assert_eq!(token.text.len(), 43);
        assert_eq!(token_hash(&token.text), Some(token.hash));
        assert_ne!(NewToken::generate().text, token.text);
    }

    #[test]
    fn malformed_tokens_are_refused_before_hashing() {
        assert_eq!(token_hash("short"), None);
        assert_eq!(token_hash(&"a".repeat(44)), None);
        assert_eq!(token_hash(&format!("{}/", "a".repeat(42))), None);
    }

    #[test]
    fn signatures_verify_only_for_the_same_purpose_and_message() {
        let signer = Signer::new([7; 32]);
        let sig = signer.sign("csrf", b"nonce");
        assert!(signer.verify("csrf", b"nonce", &sig));
        assert!(!signer.verify("confirm", b"nonce", &sig));
        assert!(!signer.verify("csrf", b"other", &sig));
        assert!(!signer.verify("csrf", b"nonce", "not base64!"));
        assert!(!Signer::new([8; 32]).verify("csrf", b"nonce", &sig));
    }
}
