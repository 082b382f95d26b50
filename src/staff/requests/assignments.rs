//! Actions on a request that leave its status alone: assign it, approve a sensitive
//! release (reviewers), extend the legal deadline once with a notice.

use axum::response::Response;

use super::actions::{Anyone, Reviewer, done, refuse};
use crate::audit::{self, Actor};
use crate::domain::calendar::practice_date;
use crate::domain::contact::clean_text;
use crate::domain::due_dates::legal_deadline;
use crate::email::notices::{Addressee, Message, notify};
use crate::error::AppResult;
use crate::i18n::Text;
use crate::staff::queries::actions as queries;

pub async fn assign_to_me(act: Anyone) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let assigned = queries::assign(&mut *tx, id, user.id).await?;
    if !assigned {
        drop(tx);
        return refuse(act, "Only an open request can be assigned.").await;
    }
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "request.assigned",
        Some(id),
        ip,
        serde_json::json!({ "to": user.id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(done(id, "assigned"))
}

pub async fn approve_release(act: Reviewer) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let approved = queries::approve_release(&mut *tx, id, user.id, now).await?;
    if !approved {
        drop(tx);
        return refuse(
            act,
            "There is nothing to approve: no sensitive records, or already approved.",
        )
        .await;
    }
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "request.release_approved",
        Some(id),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(done(id, "approved"))
}

pub async fn extend_deadline(act: Anyone) -> AppResult<Response> {
    let reason = match clean_text(act.form.get("reason"), 1000, true) {
        Ok(reason) if !reason.is_empty() => reason,
        _ => {
            return refuse(
                act,
                "Give the reason for the extension; the requester reads it.",
            )
            .await;
        }
    };
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let today = practice_date(now);
    let extended = queries::extend_deadline(&mut *tx, id, &reason, today, now).await?;
    let Some(row) = extended else {
        drop(tx);
        return refuse(
            act,
            "The deadline can be extended once, while the request is open and before the deadline passes.",
        )
        .await;
    };
    let new_date = legal_deadline(row.received_on, true);
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "request.deadline_extended",
        Some(id),
        ip,
        serde_json::json!({ "until": new_date.to_string() }),
        now,
    )
    .await?;
    let to = Addressee {
        request_id: id,
        reference: &row.reference,
        email: &row.email,
    };
    let message = Message {
        kind: "extension_notice",
        subject: Text::new("notice-extension-subject").arg("reference", &row.reference),
        paragraphs: vec![
            Text::new("notice-extension-reason").arg("reason", &reason),
            Text::new("notice-extension-by").date("date", new_date),
        ],
        link_text: Text::new("notice-follow-your-request"),
        invoice: None,
    };
    notify(&mut tx, state, &to, message, now).await?;
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(done(id, "extended"))
}
