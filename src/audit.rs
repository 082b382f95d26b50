//! The append-only audit log and status history: who did what to which request, when.

use std::net::IpAddr;

use sqlx::PgExecutor;
use sqlx::types::ipnetwork::IpNetwork;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::workflow::Status;

/// Who acted. Requesters without an account have no id.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Requester,
    Staff(Uuid),
    /// A signed-in portal account.
    Patient(Uuid),
    System,
}

impl Actor {
    fn kind(self) -> &'static str {
        match self {
            Actor::Requester => "requester",
            Actor::Staff(_) => "staff",
            Actor::Patient(_) => "patient",
            Actor::System => "system",
        }
    }

    fn id(self) -> Option<Uuid> {
        match self {
            Actor::Staff(id) | Actor::Patient(id) => Some(id),
            _ => None,
        }
    }
}

/// Records one audit row. `detail` must never hold form values: ids and codes only.
pub async fn record(
    db: impl PgExecutor<'_>,
    actor: Actor,
    action: &str,
    request_id: Option<Uuid>,
    ip: Option<IpAddr>,
    detail: serde_json::Value,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into audit_log (at, actor_kind, actor_id, action, request_id, ip, detail)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        at,
        actor.kind(),
        actor.id(),
        action,
        request_id,
        ip.map(IpNetwork::from),
        detail
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records a status change in the request's history.
pub async fn record_transition(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    from: Option<Status>,
    to: Status,
    actor: Actor,
    note: Option<&str>,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into request_status_history (request_id, from_status, to_status, actor_kind, actor_id, note, at)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        request_id,
        from as _,
        to as _,
        actor.kind(),
        actor.id(),
        note,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The result of re-computing the audit log's hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub rows: i64,
    /// Sequence numbers whose hash or link does not match: where tampering starts.
    pub broken: Vec<i64>,
}

/// Recomputes every row's hash from its content and the previous row's hash.
pub async fn verify_chain(db: impl PgExecutor<'_> + Copy) -> Result<ChainReport, sqlx::Error> {
    let rows = sqlx::query_scalar!(r#"select count(*) as "n!" from audit_log"#)
        .fetch_one(db)
        .await?;
    let broken = sqlx::query_scalar!(
        r#"select seq as "seq!" from (
               select a.seq, a.row_hash, a.prev_hash,
                      lag(a.row_hash) over (order by a.seq) as previous,
                      lag(a.seq) over (order by a.seq) as previous_seq,
                      audit_row_digest(lag(a.row_hash) over (order by a.seq), a) as expected
               from audit_log a) chain
           where row_hash <> expected
              or prev_hash is distinct from previous
              or seq <> coalesce(previous_seq, 0) + 1
           order by seq
           limit 100"#
    )
    .fetch_all(db)
    .await?;
    Ok(ChainReport { rows, broken })
}
