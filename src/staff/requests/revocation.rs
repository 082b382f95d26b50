//! Staff record a written revocation of a request's authorization (164.508(b)(5)):
//! nothing is verified or released under it afterwards.

use axum::response::Response;

use super::actions::{Anyone, done, refuse};
use crate::audit::Actor;
use crate::domain::contact::clean_text;
use crate::error::AppResult;
use crate::requests::authorization::{self, RevokedBy};
use crate::requests::transitions::Who;

pub async fn revoke_authorization(act: Anyone) -> AppResult<Response> {
    let note = match clean_text(act.form.get("note"), 500, true) {
        Ok(note) if !note.is_empty() => note,
        _ => {
            return refuse(
                act,
                "Say how the revocation reached us (a letter, a fax, and its date).",
            )
            .await;
        }
    };
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let who = Who {
        actor: Actor::Staff(user.id),
        ip,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    if !authorization::revoke(&mut tx, id, RevokedBy::Staff, Some(&note), &who).await? {
        drop(tx);
        return refuse(act, "The authorization is already revoked.").await;
    }
    tx.commit().await?;
    Ok(done(id, "revoked"))
}
