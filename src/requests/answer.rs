//! The requester's answer to a request for information, from the tracking page or the
//! portal: the message kept and the request back to verifying, in one transaction.

use uuid::Uuid;

use super::transitions::{self, Who};
use crate::domain::contact::clean_text;
use crate::domain::workflow::Action;
use crate::error::AppResult;
use crate::state::AppState;

/// The longest answer kept, in characters.
pub const MAX_ANSWER_CHARS: usize = 5000;

/// How an answer ended.
pub enum Answered {
    Saved,
    /// Empty, too long or not text: nothing was saved.
    Invalid,
    /// The request no longer waits for an answer: nothing was saved.
    NotWaiting,
}

impl Answered {
    /// Why nothing was saved, for the page that asked: its status and the sentence shown
    /// (translated by the page); `None` when the answer was saved.
    pub fn refusal(self) -> Option<(axum::http::StatusCode, &'static str)> {
        use axum::http::StatusCode;
        match self {
            Answered::Saved => None,
            Answered::Invalid => Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                "Write your answer (up to 5,000 characters, letters and punctuation only).",
            )),
            Answered::NotWaiting => Some((
                StatusCode::CONFLICT,
                "We are not waiting for an answer on this request any more. If you have something to add, please call us.",
            )),
        }
    }
}

/// Saves `text` as the requester's answer and moves the request back to verifying.
pub async fn answer(
    state: &AppState,
    id: Uuid,
    text: &str,
    who: &Who,
    note: &'static str,
) -> AppResult<Answered> {
    let body = match clean_text(text, MAX_ANSWER_CHARS, true) {
        Ok(body) if !body.is_empty() => body,
        _ => return Ok(Answered::Invalid),
    };
    let mut tx = state.db.begin().await?;
    let step = transitions::try_step(
        &mut tx,
        id,
        Action::InfoReceived,
        |l| l.facts(),
        who,
        Some(note),
    )
    .await?;
    if step.is_err() {
        return Ok(Answered::NotWaiting);
    }
    transitions::add_message(&mut *tx, id, None, &body, who.at).await?;
    tx.commit().await?;
    Ok(Answered::Saved)
}

/// What was typed, with control characters removed, to show again beside the error.
pub fn kept_answer(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_ANSWER_CHARS)
        .collect()
}
