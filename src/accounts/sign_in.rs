//! The steps every sign-in takes, staff and patient alike: guessing throttled per address
//! and per account, and a password check that costs the same for an unknown address as
//! for a known one.

use secrecy::SecretString;
use time::OffsetDateTime;

use super::password;
use crate::domain::contact::lookup_email;
use crate::error::AppResult;
use crate::rate_limit::{self, Limit};
use crate::state::AppState;

/// Counts one attempt against each limit, keyed by its parts (an address, an email, both).
/// Keys are signed under `purpose`, so no address or email is stored in the clear.
pub async fn throttle(
    state: &AppState,
    purpose: &str,
    checks: &[(&Limit, &[&str])],
    now: OffsetDateTime,
) -> AppResult<()> {
    for (limit, parts) in checks {
        let key = state
            .signer
            .sign(purpose, parts.join("\u{0}").as_bytes())
            .into_bytes();
        rate_limit::check(&state.db, limit, &key, now).await?;
    }
    Ok(())
}

/// The account behind `email` when `password` is its password. `find` looks the account
/// up by its normalised email; `usable_hash` is the hash to check, `None` for an account
/// that may not sign in (the dummy hash is checked instead, so timing tells nothing).
pub async fn check_password<A>(
    email: &str,
    password: &str,
    find: impl AsyncFnOnce(&str) -> Result<Option<A>, sqlx::Error>,
    usable_hash: impl Fn(&A) -> Option<&str>,
) -> AppResult<Option<A>> {
    let account = match lookup_email(email) {
        Some(email) => find(&email).await?,
        None => None,
    };
    let stored = account
        .as_ref()
        .and_then(|a| usable_hash(a).map(str::to_owned));
    let verified = password::verify(SecretString::from(password.to_owned()), stored).await?;
    Ok(account.filter(|_| verified))
}
