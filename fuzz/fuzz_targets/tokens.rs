//! Any string presented as a tracking, download or account token, or as a signature: the
//! parser accepts only the exact shape of a token we issue, decoding never panics, and no
//! forged signature verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use records_portal::crypto::{self, NewToken, Signer};

fuzz_target!(|presented: &str| {
    if let Some(hash) = crypto::token_hash(presented) {
        assert_eq!(hash, crypto::sha256(presented.as_bytes()));
        assert!(presented.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
    if let Some(bytes) = crypto::decode(presented) {
        assert_eq!(crypto::decode(&crypto::encode(&bytes)), Some(bytes));
    }
    let signer = Signer::new([7; 32]);
    assert!(!signer.verify("csrf", b"session", presented) || presented == signer.sign("csrf", b"session"));
    let issued = NewToken::generate();
    assert_eq!(crypto::token_hash(&issued.text), Some(issued.hash));
});
