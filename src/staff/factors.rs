//! A staff member's second factor in the database: the TOTP secret (sealed under the master
//! key, bound to the account), the last time step used, the recovery codes (hashed), the
//! count of consecutive failed sign-ins and the lock at 100 (NIST SP 800-63B rev 4).

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::sealing::MasterKey;

/// Consecutive failures (passwords and codes) that lock an account until an admin unlocks it.
pub const LOCK_AFTER_FAILURES: i32 = 100;

/// What seals the secret to its account: a secret copied onto another row does not open.
fn context(staff: Uuid) -> Vec<u8> {
    [b"staff-totp:".as_slice(), staff.as_bytes()].concat()
}

/// The account's TOTP secret, opened, with whether it is confirmed and the last step used.
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub confirmed: bool,
    pub last_step: Option<i64>,
}

pub async fn authenticator(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    staff: Uuid,
) -> Result<Option<Authenticator>, sqlx::Error> {
    let row = sqlx::query!(
        "select totp_secret, totp_confirmed_at is not null as \"confirmed!\", totp_last_step from staff where id = $1",
        staff
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|r| {
        let secret = key.open(&r.totp_secret?, &context(staff))?;
        Some(Authenticator {
            secret,
            confirmed: r.confirmed,
            last_step: r.totp_last_step,
        })
    }))
}

/// Keeps a new, unconfirmed secret (enrolment); never replaces a confirmed one.
pub async fn store_new_secret(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    staff: Uuid,
    secret: &[u8],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set totp_secret = $2, totp_key_id = $3, totp_last_step = null where id = $1 and totp_confirmed_at is null",
        staff,
        key.seal(secret, &context(staff)),
        key.id()
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the secret confirmed with the step of its first right code.
pub async fn confirm(
    db: impl PgExecutor<'_>,
    staff: Uuid,
    step: i64,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set totp_confirmed_at = $3, totp_last_step = $2 where id = $1 and totp_confirmed_at is null and totp_secret is not null",
        staff,
        step,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes time step `step` as used; `false` when it (or a later one) already was, so the
/// same code sent twice, even at the same moment, is accepted once.
pub async fn use_step(
    db: impl PgExecutor<'_>,
    staff: Uuid,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set totp_last_step = $2 where id = $1 and totp_confirmed_at is not null and (totp_last_step is null or totp_last_step < $2)",
        staff,
        step
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// New recovery codes; the unused old ones stop working.
pub async fn replace_recovery_codes(
    conn: &mut PgConnection,
    staff: Uuid,
    hashes: &[[u8; 32]],
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update staff_recovery_codes set used_at = $2 where staff_id = $1 and used_at is null",
        staff,
        at
    )
    .execute(&mut *conn)
    .await?;
    for hash in hashes {
        sqlx::query!(
            "insert into staff_recovery_codes (id, staff_id, code_hash, created_at) values ($1, $2, $3, $4)",
            Uuid::now_v7(),
            staff,
            &hash[..],
            at
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Uses up the recovery code with `hash`; `false` when there is no such unused code.
pub async fn use_recovery_code(
    db: impl PgExecutor<'_>,
    staff: Uuid,
    hash: &[u8; 32],
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff_recovery_codes set used_at = $3 where staff_id = $1 and code_hash = $2 and used_at is null",
        staff,
        &hash[..],
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() >= 1)
}

pub async fn recovery_codes_left(db: impl PgExecutor<'_>, staff: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "select count(*) as \"n!\" from staff_recovery_codes where staff_id = $1 and used_at is null",
        staff
    )
    .fetch_one(db)
    .await
}

/// Counts a failed sign-in; `true` when this failure locked the account.
pub async fn count_failure(
    db: impl PgExecutor<'_>,
    staff: Uuid,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let locked = sqlx::query_scalar!(
        r#"update staff set failed_sign_ins = failed_sign_ins + 1,
               locked_at = case when failed_sign_ins + 1 >= $2 then $3 else locked_at end,
               session_epoch = case when failed_sign_ins + 1 >= $2 then session_epoch + 1 else session_epoch end
           where id = $1 and locked_at is null
           returning locked_at is not null as "locked!""#,
        staff,
        LOCK_AFTER_FAILURES,
        at
    )
    .fetch_optional(db)
    .await?;
    Ok(locked == Some(true))
}

/// A whole sign-in succeeded: the failure count starts again.
pub async fn signed_in(
    db: impl PgExecutor<'_>,
    staff: Uuid,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update staff set failed_sign_ins = 0, last_sign_in_at = $2 where id = $1",
        staff,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn unlock(db: impl PgExecutor<'_>, staff: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set locked_at = null, failed_sign_ins = 0 where id = $1 and locked_at is not null",
        staff
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets the second factor (a lost phone): the staff member enrols again at the next
/// sign-in; every session of the account ends.
pub async fn reset(
    conn: &mut PgConnection,
    staff: Uuid,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"update staff set totp_secret = null, totp_key_id = null, totp_confirmed_at = null,
               totp_last_step = null, session_epoch = session_epoch + 1
           where id = $1"#,
        staff
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update staff_recovery_codes set used_at = $2 where staff_id = $1 and used_at is null",
        staff,
        at
    )
    .execute(&mut *conn)
    .await?;
    // A lost phone may carry a synced passkey: those go too.
    sqlx::query!("delete from staff_passkeys where staff_id = $1", staff)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
