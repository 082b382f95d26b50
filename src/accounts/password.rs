//! Passwords: argon2id on the hashing threads (`hashing.rs`), a dummy hash so unknown emails take as
//! long as known ones, and the NIST 800-63B policy (length and a common-password check).

use secrecy::{ExposeSecret, SecretString};

use super::hashing;
use crate::error::AppError;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// A hash of a password nobody knows, verified against when the email is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PgHzTg2pBNSqFb4Jo7W5D0cTMQAvuvSLNkK9YcB6WIs";

pub async fn hash(password: SecretString) -> Result<String, AppError> {
    hashing::hash(password.expose_secret().as_bytes().to_vec()).await
}

/// Checks `password` against `stored` (or the dummy hash when there is no account).
pub async fn verify(password: SecretString, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let matches = hashing::verify(password.expose_secret().as_bytes().to_vec(), stored).await?;
    Ok(known && matches)
}

/// Why a new password is refused, in words for the person choosing it.
pub fn policy_problem(password: &str, user_inputs: &[&str]) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(format!(
            "Use at least {MIN_LENGTH} characters; a few words together work well"
        ));
    }
    if length > MAX_LENGTH {
        return Some(format!("Use at most {MAX_LENGTH} characters"));
    }
    // zxcvbn carries lists of common and leaked passwords, names and words; a score
    // below 3 means the password would fall quickly to guessing.
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "It is too easy to guess".into());
        return Some(format!("Choose a less common password: {hint}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let stored = hash("correct horse battery staple".to_owned().into())
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            verify(
                "correct horse battery staple".to_owned().into(),
                Some(stored.clone())
            )
            .await
            .unwrap()
        );
        assert!(
            !verify("wrong horse battery staple".to_owned().into(), Some(stored))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify("anything at all".to_owned().into(), None)
                .await
                .unwrap()
        );
        assert!(
            argon2::PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy hash parses, so it costs a full verify"
        );
    }

    #[test]
    fn the_policy_wants_length_and_rejects_common_passwords() {
        assert!(policy_problem("short", &[]).is_some());
        assert!(policy_problem("password1234", &[]).is_some());
        assert!(policy_problem("qwertyuiop123", &[]).is_some());
        assert!(
            policy_problem("jordan.clerk@example.com", &["jordan.clerk@example.com"]).is_some()
        );
        assert!(policy_problem("lantern orchard velvet cobalt", &[]).is_none());
        assert!(policy_problem(&"a".repeat(129), &[]).is_some());
    }
}
