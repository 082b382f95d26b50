//! What the requester sees of a request's history: each status in plain words with its
//! date, and the messages between them and the records office.

use uuid::Uuid;

use crate::domain::calendar::practice_date;
use crate::domain::workflow::Status;
use crate::i18n::Lang;

/// The requester's view of a request's history and messages, oldest first.
pub struct Timeline {
    /// (date, status in plain words)
    pub history: Vec<(String, String)>,
    /// (date, who wrote it, the message)
    pub messages: Vec<(String, String, String)>,
}

/// The timeline in `lang` (the page's).
pub async fn requester_timeline(
    db: &sqlx::PgPool,
    request_id: Uuid,
    lang: Lang,
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
            .map(|h| {
                (
                    lang.long_date(practice_date(h.at)),
                    lang.status(h.to_status),
                )
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| {
                let who = if m.author_kind == "staff" {
                    lang.t("timeline-records-office")
                } else {
                    lang.t("timeline-you")
                };
                (lang.long_date(practice_date(m.at)), who, m.body)
            })
            .collect(),
    })
}
