//! The lock on a staff account after 100 consecutive failed sign-ins (NIST SP 800-63B
//! rev 4), the count behind it, and the admin's ways out: unlock, and reset the second
//! factor of someone who lost their phone.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::accounts::factors::{self, Owner};

/// Consecutive failures (passwords and codes) that lock an account until an admin unlocks it.
pub const LOCK_AFTER_FAILURES: i32 = 100;

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
        "update staff set session_epoch = session_epoch + 1 where id = $1",
        staff
    )
    .execute(&mut *conn)
    .await?;
    factors::forget(conn, Owner::Staff(staff), at).await?;
    Ok(done.rows_affected() == 1)
}
