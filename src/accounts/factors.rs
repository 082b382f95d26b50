//! Second factors in the database, for staff (required) and patients (optional) alike: the
//! TOTP secret (sealed under the master key, bound to its owner), the last time step used,
//! the recovery codes (hashed); and the checks every sign-in and step-up shares: a code
//! (each accepted once) or a recovery code (each used once), and enrolment.

use sqlx::{PgConnection, PgExecutor};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{sign_in, totp};
use crate::error::AppResult;
use crate::rate_limit::Limit;
use crate::sealing::MasterKey;
use crate::state::AppState;

/// Whose factors: a staff member's or a patient account's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Staff(Uuid),
    Patient(Uuid),
}

impl Owner {
    pub fn id(self) -> Uuid {
        match self {
            Owner::Staff(id) | Owner::Patient(id) => id,
        }
    }

    pub fn staff(self) -> Option<Uuid> {
        match self {
            Owner::Staff(id) => Some(id),
            Owner::Patient(_) => None,
        }
    }

    pub fn patient(self) -> Option<Uuid> {
        match self {
            Owner::Patient(id) => Some(id),
            Owner::Staff(_) => None,
        }
    }

    /// What seals the secret to its owner: a secret copied onto another row does not open.
    fn seal_context(self) -> Vec<u8> {
        let kind: &[u8] = match self {
            Owner::Staff(_) => b"staff-totp:",
            Owner::Patient(_) => b"patient-totp:",
        };
        [kind, self.id().as_bytes()].concat()
    }
}

/// Codes tried for one owner: ten in fifteen minutes, whatever the address, shared by
/// every place a code is checked (sign-in, step-up, enrolment, password change).
const CODE_TRIES: Limit = Limit {
    bucket: "login_code",
    max_hits: 10,
    window: Duration::minutes(15),
};

/// The owner's TOTP secret, opened, with whether it is confirmed and the last step used.
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub confirmed: bool,
    pub last_step: Option<i64>,
}

pub async fn authenticator(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    owner: Owner,
) -> Result<Option<Authenticator>, sqlx::Error> {
    let row = sqlx::query!(
        "select secret, confirmed_at is not null as \"confirmed!\", last_step from totp_authenticators where owner_id = $1",
        owner.id()
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|r| {
        let secret = key.open(&r.secret, &owner.seal_context())?;
        Some(Authenticator {
            secret,
            confirmed: r.confirmed,
            last_step: r.last_step,
        })
    }))
}

/// Re-seals every TOTP secret not sealed under the current master key (a rotation); the
/// number re-sealed.
pub async fn reseal_all(
    db: &sqlx::PgPool,
    key: &MasterKey,
) -> Result<u64, crate::storage::keys::RotateError> {
    let stale = sqlx::query!(
        r#"select staff_id, patient_account_id, secret from totp_authenticators where key_id <> $1"#,
        key.id()
    )
    .fetch_all(db)
    .await?;
    let mut resealed = 0;
    for row in stale {
        let owner = match (row.staff_id, row.patient_account_id) {
            (Some(id), _) => Owner::Staff(id),
            (None, Some(id)) => Owner::Patient(id),
            (None, None) => continue,
        };
        let context = owner.seal_context();
        let secret = key.open(&row.secret, &context).ok_or_else(|| {
            crate::storage::keys::RotateError::Unopened(format!(
                "the TOTP secret of {}",
                owner.id()
            ))
        })?;
        sqlx::query!(
            "update totp_authenticators set secret = $2, key_id = $3 where owner_id = $1",
            owner.id(),
            key.seal(&secret, &context),
            key.id()
        )
        .execute(db)
        .await?;
        resealed += 1;
    }
    Ok(resealed)
}

/// Has a factor a sign-in must ask for: a confirmed authenticator app or a passkey.
pub async fn has_any(db: impl PgExecutor<'_>, owner: Owner) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from totp_authenticators where owner_id = $1 and confirmed_at is not null)
               or exists (select 1 from passkeys where owner_id = $1) as "any!""#,
        owner.id()
    )
    .fetch_one(db)
    .await
}

/// Keeps a new, unconfirmed secret (enrolment); never replaces a confirmed one.
pub async fn store_new_secret(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    owner: Owner,
    secret: &[u8],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"insert into totp_authenticators (staff_id, patient_account_id, secret, key_id)
           values ($1, $2, $3, $4)
           on conflict (owner_id) do update set secret = excluded.secret, key_id = excluded.key_id, last_step = null
           where totp_authenticators.confirmed_at is null"#,
        owner.staff(),
        owner.patient(),
        key.seal(secret, &owner.seal_context()),
        key.id()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the secret confirmed with the step of its first right code.
pub async fn confirm(
    db: impl PgExecutor<'_>,
    owner: Owner,
    step: i64,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update totp_authenticators set confirmed_at = $3, last_step = $2 where owner_id = $1 and confirmed_at is null",
        owner.id(),
        step,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes time step `step` as used; `false` when it (or a later one) already was, so the
/// same code sent twice, even at the same moment, is accepted once.
async fn use_step(db: impl PgExecutor<'_>, owner: Owner, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update totp_authenticators set last_step = $2 where owner_id = $1 and confirmed_at is not null and (last_step is null or last_step < $2)",
        owner.id(),
        step
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ten new recovery codes, stored hashed; the unused old ones stop working.
pub async fn replace_recovery_codes(
    conn: &mut PgConnection,
    owner: Owner,
    at: OffsetDateTime,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query!(
        "update recovery_codes set used_at = $2 where owner_id = $1 and used_at is null",
        owner.id(),
        at
    )
    .execute(&mut *conn)
    .await?;
    let codes = totp::new_recovery_codes();
    for code in &codes {
        sqlx::query!(
            "insert into recovery_codes (id, staff_id, patient_account_id, code_hash, created_at) values ($1, $2, $3, $4, $5)",
            Uuid::now_v7(),
            owner.staff(),
            owner.patient(),
            &totp::recovery_code_hash(code)[..],
            at
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(codes)
}

/// Uses up the recovery code with `hash`; `false` when there is no such unused code.
async fn use_recovery_code(
    db: impl PgExecutor<'_>,
    owner: Owner,
    hash: &[u8; 32],
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update recovery_codes set used_at = $3 where owner_id = $1 and code_hash = $2 and used_at is null",
        owner.id(),
        &hash[..],
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() >= 1)
}

pub async fn recovery_codes_left(
    db: impl PgExecutor<'_>,
    owner: Owner,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "select count(*) as \"n!\" from recovery_codes where owner_id = $1 and used_at is null",
        owner.id()
    )
    .fetch_one(db)
    .await
}

/// Forgets every second factor (a lost phone, or a patient turning them off): the app's
/// secret, the unused recovery codes and the passkeys (a lost phone may carry a synced one).
pub async fn forget(
    conn: &mut PgConnection,
    owner: Owner,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from totp_authenticators where owner_id = $1",
        owner.id()
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update recovery_codes set used_at = $2 where owner_id = $1 and used_at is null",
        owner.id(),
        at
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("delete from passkeys where owner_id = $1", owner.id())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Which factor `typed` is, if it is right for `owner` now: an authenticator code (each
/// accepted once) or an unused recovery code (used up by this).
pub async fn check_code(
    state: &AppState,
    owner: Owner,
    typed: &str,
    now: OffsetDateTime,
) -> AppResult<Option<&'static str>> {
    let id = owner.id().to_string();
    sign_in::throttle(state, "login-code", &[(&CODE_TRIES, &[&id])], now).await?;
    if typed.chars().filter(char::is_ascii_alphanumeric).count() >= 16 {
        let hash = totp::recovery_code_hash(typed);
        let used = use_recovery_code(&state.db, owner, &hash, now).await?;
        return Ok(used.then_some("recovery_code"));
    }
    let Some(auth) = authenticator(&state.db, &state.master_key, owner).await? else {
        return Ok(None);
    };
    if !auth.confirmed {
        return Ok(None);
    }
    let step = totp::matching_step(&auth.secret, typed, now.unix_timestamp(), auth.last_step);
    Ok(match step {
        // Taken atomically: the same code sent twice at once passes once.
        Some(step) if use_step(&state.db, owner, step).await? => Some("totp"),
        _ => None,
    })
}

/// The secret being enrolled: the one already waiting (a reload shows the same QR code),
/// or a new one.
pub async fn enrolling_secret(state: &AppState, owner: Owner) -> AppResult<Vec<u8>> {
    if let Some(auth) = authenticator(&state.db, &state.master_key, owner).await? {
        return Ok(auth.secret);
    }
    let secret = totp::new_secret();
    store_new_secret(&state.db, &state.master_key, owner, &secret).await?;
    Ok(secret.to_vec())
}

/// Confirms enrolment with the first code `typed` from the app: the new recovery codes,
/// or `None` when the code is not right (or the app was already confirmed).
pub async fn confirm_enrolment(
    state: &AppState,
    conn: &mut PgConnection,
    owner: Owner,
    secret: &[u8],
    typed: &str,
    now: OffsetDateTime,
) -> AppResult<Option<Vec<String>>> {
    let id = owner.id().to_string();
    sign_in::throttle(state, "login-code", &[(&CODE_TRIES, &[&id])], now).await?;
    let Some(step) = totp::matching_step(secret, typed, now.unix_timestamp(), None) else {
        return Ok(None);
    };
    if !confirm(&mut *conn, owner, step, now).await? {
        return Ok(None);
    }
    Ok(Some(replace_recovery_codes(conn, owner, now).await?))
}
