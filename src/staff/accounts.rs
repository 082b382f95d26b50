//! Staff accounts: roles, and the queries that find, create and disable them.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::string_enum;

string_enum! {
    /// What a staff member may do. Clerks work the queue; reviewers (licensed
    /// professionals) also approve sensitive releases and sign denials; admins manage
    /// accounts and settings and may work the queue.
    pub enum Role {
        Clerk => ("clerk", "Records clerk"),
        Reviewer => ("reviewer", "Reviewer"),
        Admin => ("admin", "Administrator"),
    }
}

#[derive(Debug, Clone)]
pub struct StaffAccount {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub session_epoch: i32,
    pub disabled_at: Option<OffsetDateTime>,
    /// The authenticator app is set up (the first code was right).
    pub totp_confirmed_at: Option<OffsetDateTime>,
    /// Locked after too many failed sign-ins, until an admin unlocks it.
    pub locked_at: Option<OffsetDateTime>,
    pub last_sign_in_at: Option<OffsetDateTime>,
    pub failed_sign_ins: i32,
}

impl StaffAccount {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Clerk)
    }

    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }

    /// May start signing in: active and not locked.
    pub fn may_sign_in(&self) -> bool {
        self.is_active() && self.locked_at.is_none()
    }

    pub fn has_authenticator(&self) -> bool {
        self.totp_confirmed_at.is_some()
    }
}

pub async fn find_by_email(
    db: impl PgExecutor<'_>,
    email: &str,
) -> Result<Option<StaffAccount>, sqlx::Error> {
    sqlx::query_as!(
        StaffAccount,
        "select s.id, email, name, role, password_hash, session_epoch, disabled_at, t.confirmed_at as \"totp_confirmed_at?\", locked_at, last_sign_in_at, failed_sign_ins from staff s left join totp_authenticators t on t.staff_id = s.id where email = $1",
        email
    )
    .fetch_optional(db)
    .await
}

pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> Result<Option<StaffAccount>, sqlx::Error> {
    sqlx::query_as!(
        StaffAccount,
        "select s.id, email, name, role, password_hash, session_epoch, disabled_at, t.confirmed_at as \"totp_confirmed_at?\", locked_at, last_sign_in_at, failed_sign_ins from staff s left join totp_authenticators t on t.staff_id = s.id where s.id = $1",
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<StaffAccount>, sqlx::Error> {
    sqlx::query_as!(
        StaffAccount,
        "select s.id, email, name, role, password_hash, session_epoch, disabled_at, t.confirmed_at as \"totp_confirmed_at?\", locked_at, last_sign_in_at, failed_sign_ins from staff s left join totp_authenticators t on t.staff_id = s.id order by disabled_at nulls first, name"
    )
    .fetch_all(db)
    .await
}

/// Inserts an account; `Ok(None)` when the email is already in use.
pub async fn create(
    db: impl PgExecutor<'_>,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::now_v7();
    let inserted = sqlx::query_scalar!(
        r#"insert into staff (id, email, name, role, password_hash) values ($1, $2, $3, $4, $5)
           on conflict (email) do nothing returning id"#,
        id,
        email,
        name,
        role.code(),
        password_hash
    )
    .fetch_optional(db)
    .await?;
    Ok(inserted)
}

/// Disables an account and ends its sessions (their epoch no longer matches).
pub async fn disable(
    db: impl PgExecutor<'_>,
    id: Uuid,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set disabled_at = $2, session_epoch = session_epoch + 1 where id = $1 and disabled_at is null",
        id,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn enable(db: impl PgExecutor<'_>, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update staff set disabled_at = null where id = $1 and disabled_at is not null",
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
