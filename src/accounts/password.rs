//! Staff passwords: argon2id off the async runtime, a dummy hash so unknown emails take as
//! long as known ones, and the NIST 800-63B policy (length and a common-password check).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use secrecy::{ExposeSecret, SecretString};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

use crate::error::AppError;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// A hash of a password nobody knows, verified against when the email is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PgHzTg2pBNSqFb4Jo7W5D0cTMQAvuvSLNkK9YcB6WIs";

/// argon2 is built to be expensive: fifty people signing in at once would otherwise run
/// fifty hashes on every core and stall every other page. Hashes take turns on all cores
/// but one, which stays free for the rest of the server.
fn hashing_turns() -> &'static Semaphore {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Semaphore::new(cores.saturating_sub(1).max(1))
    })
}

/// Runs one argon2 computation on a blocking thread when its turn comes.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _turn = hashing_turns()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn hash(password: SecretString) -> Result<String, AppError> {
    on_hashing_thread(move || {
        Argon2::default()
            .hash_password(password.expose_secret().as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))
    })
    .await?
}

/// Checks `password` against `stored` (or the dummy hash when there is no account).
pub async fn verify(password: SecretString, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let matches = on_hashing_thread(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.expose_secret().as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await?;
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
            PasswordHash::new(DUMMY_HASH).is_ok(),
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
