//! Moving a request through the workflow in the database: the row locked, the state
//! machine consulted, the history and audit rows written. Shared by staff actions and
//! the requester's answers on the tracking page.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::authorization;
use crate::audit::{self, Actor};
use crate::domain::calendar::practice_date;
use crate::domain::workflow::{self, Action, Facts, Refusal, Status};
use crate::error::AppError;

pub async fn add_message(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    author: Option<Uuid>,
    body: &str,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let kind = if author.is_some() {
        "staff"
    } else {
        "requester"
    };
    sqlx::query!(
        "insert into request_messages (id, request_id, author_kind, author_id, body, at) values ($1, $2, $3, $4, $5, $6)",
        Uuid::now_v7(),
        request_id,
        kind,
        author,
        body,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Why a workflow step did not happen: the request does not exist, or the state machine
/// refused it.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for StepError {
    fn from(e: sqlx::Error) -> Self {
        StepError::App(AppError::Database(e))
    }
}

/// Moves a request one step, with the row locked so two clerks cannot race, and records
/// the history and audit rows. Returns the status before and after.
pub async fn step(
    conn: &mut PgConnection,
    request_id: Uuid,
    action: Action,
    facts: impl FnOnce(&LockedRequest) -> Facts,
    who: &Who,
    note: Option<&str>,
) -> Result<(Status, Status), StepError> {
    let Who { actor, ip, at } = *who;
    let locked = sqlx::query_as!(
        LockedRequest,
        r#"select status as "status: Status", has_sensitive, reviewer_approved_at is not null as "approved!", fee_due_cents
           from requests where id = $1 for update"#,
        request_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let from = locked.status;
    let to = workflow::next(from, action, facts(&locked))?;
    // SPEC 3: nothing is verified or released under an incomplete, expired or revoked
    // authorization; checked here, in the transition, so no handler can forget it.
    if matches!(action, Action::MarkVerified | Action::Release) {
        let blockers = authorization::blockers(&mut *conn, request_id, practice_date(at)).await?;
        if !blockers.is_empty() {
            return Err(StepError::Refused(Refusal::Authorization(blockers)));
        }
    }
    sqlx::query!(
        "update requests set status = $2 where id = $1",
        request_id,
        to as _
    )
    .execute(&mut *conn)
    .await?;
    audit::record_transition(&mut *conn, request_id, Some(from), to, actor, note, at).await?;
    let detail =
        serde_json::json!({ "action": action.code(), "from": from.code(), "to": to.code() });
    audit::record(
        &mut *conn,
        actor,
        "request.status_changed",
        Some(request_id),
        ip,
        detail,
        at,
    )
    .await?;
    Ok((from, to))
}

/// [`step`] for handlers: failures as `AppError`, and the state machine's refusal as a
/// value to show the user.
pub async fn try_step(
    conn: &mut PgConnection,
    request_id: Uuid,
    action: Action,
    facts: impl FnOnce(&LockedRequest) -> Facts,
    who: &Who,
    note: Option<&str>,
) -> Result<Result<(Status, Status), Refusal>, AppError> {
    match step(conn, request_id, action, facts, who, note).await {
        Ok(moved) => Ok(Ok(moved)),
        Err(StepError::Refused(why)) => Ok(Err(why)),
        Err(StepError::App(e)) => Err(e),
    }
}

/// Who acts, from where, when.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub actor: Actor,
    pub ip: Option<std::net::IpAddr>,
    pub at: OffsetDateTime,
}

impl Who {
    /// Records `action` on `request` in the audit log, as this actor, from here, now.
    pub async fn audit(
        &self,
        db: impl PgExecutor<'_>,
        action: &str,
        request: Uuid,
        detail: serde_json::Value,
    ) -> Result<(), sqlx::Error> {
        audit::record(
            db,
            self.actor,
            action,
            Some(request),
            self.ip,
            detail,
            self.at,
        )
        .await
    }
}

pub struct LockedRequest {
    pub status: Status,
    pub has_sensitive: bool,
    pub approved: bool,
    pub fee_due_cents: Option<i64>,
}

impl LockedRequest {
    pub fn facts(&self) -> Facts {
        Facts {
            sensitive: self.has_sensitive,
            reviewer_approved: self.approved,
            payment_due: self.fee_due_cents.is_some_and(|c| c > 0),
        }
    }
}
