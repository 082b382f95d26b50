//! Staff manage a request's download links: revoke one, or send a fresh one.

use axum::response::Response;
use uuid::Uuid;

use super::super::auth::{AnyRole, RequestAction};
use super::super::requests::flash::done_at_release;
use super::super::requests::refused;
use crate::audit::{self, Actor};
use crate::delivery::links;
use crate::domain::request::Route;
use crate::error::AppResult;
use crate::requests::authorization;
use crate::staff::queries::release as queries;

pub async fn revoke(act: RequestAction<AnyRole>) -> AppResult<Response> {
    let (state, user, id) = (&act.state, &act.user, act.id);
    let now = state.clock.now();
    let Some(link) = Uuid::parse_str(act.form.get("link")).ok() else {
        return refused(
            state,
            act.user,
            &act.csrf,
            id,
            "Choose a link to revoke.".into(),
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    if !links::revoke(&mut *tx, id, link, user.id, now).await? {
        drop(tx);
        return refused(
            state,
            act.user,
            &act.csrf,
            id,
            "That link is not active.".into(),
        )
        .await;
    }
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "release.link_revoked",
        Some(id),
        act.ip,
        serde_json::json!({ "link": link }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(done_at_release(id, "link_revoked"))
}

/// A new link to the same address, for a requester whose link expired or was used up.
pub async fn reissue(act: RequestAction<AnyRole>) -> AppResult<Response> {
    let (state, user, id) = (&act.state, &act.user, act.id);
    let now = state.clock.now();
    let status = queries::status(&state.db, id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let facts = queries::release_facts(&state.db, id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let by_link = facts.delivery_method.route(facts.destinations()) == Some(Route::SecureLink);
    let has_links = !links::list(&state.db, id).await?.is_empty();
    if !status.has_been_released() || !has_links || !by_link {
        return refused(
            state,
            act.user,
            &act.csrf,
            id,
            "A new link can be sent only for records already released by link.".into(),
        )
        .await;
    }
    // A new link is a new disclosure: sensitive records need a fresh second factor.
    if facts.has_sensitive {
        let asked = crate::staff::step_up::on_request(
            &act,
            "links",
            "send a new link to sensitive records",
        );
        if let Some(page) = asked.await? {
            return Ok(page);
        }
    }
    let mut tx = state.db.begin().await?;
    // A new link is a new disclosure: only under an authorization still in force.
    let today = crate::domain::calendar::practice_date(now);
    let blockers = authorization::blockers(&mut tx, id, today).await?;
    if !blockers.is_empty() {
        drop(tx);
        let why = format!(
            "No new link: the authorization does not allow it: {}.",
            blockers.join("; ")
        );
        return refused(state, act.user, &act.csrf, id, why).await;
    }
    links::issue_and_send(&mut tx, state, id, &facts.link_email, user.id, now).await?;
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "release.link_issued",
        Some(id),
        act.ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(done_at_release(id, "link_sent"))
}
