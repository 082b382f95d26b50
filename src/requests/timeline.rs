//! What the requester sees of a request's history: each status in plain words with its
//! date, and the messages between them and the records office.

use uuid::Uuid;

use crate::domain::calendar::{long_date, practice_date};
use crate::domain::workflow::Status;

/// The requester's view of a request's history and messages, oldest first.
pub struct Timeline {
    /// (date, status in plain words)
    pub history: Vec<(String, &'static str)>,
    /// (date, who wrote it, the message)
    pub messages: Vec<(String, &'static str, String)>,
}

pub async fn requester_timeline(
    db: &sqlx::PgPool,
    request_id: Uuid,
) -> Result<Timeline, sqlx::Error> {
    let history = sqlx::query!(
        r#"select to_status as "to_status: Status", at from request_status_history where request_id = $1 order by at, id"#,
        request_id
    )
    .fetch_all(db)
    .await?;
    let messages = sqlx::query!(
        "select at, author_kind, body from request_messages where request_id = $1 order by at",
        request_id
    )
    .fetch_all(db)
    .await?;
    Ok(Timeline {
        history: history
            .into_iter()
            .map(|h| (long_date(practice_date(h.at)), h.to_status.public_label()))
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| {
                let who = if m.author_kind == "staff" {
                    "Records office"
                } else {
                    "You"
                };
                (long_date(practice_date(m.at)), who, m.body)
            })
            .collect(),
    })
}
