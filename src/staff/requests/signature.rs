//! Getting the patient's own signature on a third party's request: a new signing link
//! emailed to the patient, and a clerk's element-by-element check of a paper authorization.

use axum::response::Response;

use super::actions::{Anyone, done, refuse};
use crate::audit::Actor;
use crate::domain::calendar::{from_practice_time, parse_iso_date, practice_date};
use crate::domain::contact::{EmailAddress, PersonName, clean_text};
use crate::domain::request::SignedBy;
use crate::error::AppResult;
use crate::requests::authorization;
use crate::requests::signing::{self, PaperCheck};
use crate::requests::transitions::Who;

pub async fn send_signing_link(act: Anyone) -> AppResult<Response> {
    let Ok(email) = EmailAddress::parse(act.form.get("email")) else {
        return refuse(
            act,
            "Enter the patient's email address for the signing link.",
        )
        .await;
    };
    let (state, id) = (&act.state, act.id);
    let who = Who {
        actor: Actor::Staff(act.user.id),
        ip: act.ip,
        at: state.clock.now(),
    };
    let online = authorization::load(&state.db, id)
        .await?
        .is_some_and(|a| a.signed_by == SignedBy::PatientOnline);
    let mut tx = state.db.begin().await?;
    // A request the third party signed itself, or one waiting for paper: the patient
    // signs online instead.
    let switched = online || signing::change_method(&mut tx, id, SignedBy::PatientOnline).await?;
    if !switched || !signing::send_link(&mut tx, state, id, &email, who.at).await? {
        drop(tx);
        let why = "The patient can no longer be asked to sign: the request is verified, closed, or its authorization was revoked or already signed by the patient.";
        return refuse(act, why).await;
    }
    let detail = serde_json::json!({});
    who.audit(&mut *tx, "authorization.signing_link_sent", id, detail)
        .await?;
    tx.commit().await?;
    Ok(done(id, "signing_link_sent"))
}

/// The third party mailed or attached the patient's paper authorization: staff check it
/// instead of waiting for an online signature.
pub async fn use_paper(act: Anyone) -> AppResult<Response> {
    let (state, id) = (&act.state, act.id);
    let who = Who {
        actor: Actor::Staff(act.user.id),
        ip: act.ip,
        at: state.clock.now(),
    };
    if !signing::has_paper(&state.db, id).await? {
        let why = "No signed authorization is attached to this request.";
        return refuse(act, why).await;
    }
    let mut tx = state.db.begin().await?;
    if !signing::change_method(&mut tx, id, SignedBy::Paper).await? {
        drop(tx);
        let why = "The signing method can no longer change: the request is verified, closed, or the patient already signed online.";
        return refuse(act, why).await;
    }
    let detail = serde_json::json!({ "to": "paper" });
    who.audit(&mut *tx, "authorization.method_changed", id, detail)
        .await?;
    tx.commit().await?;
    Ok(done(id, "paper_instead"))
}

pub async fn check_paper(act: Anyone) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let Some(on_file) = authorization::load(&state.db, id).await? else {
        return refuse(act, "No authorization is on file.").await;
    };
    if !on_file.is_paper() {
        return refuse(act, "This authorization was not signed on paper.").await;
    }
    // Only the elements this authorization needs count, by their exact names.
    let needed = on_file.checklist(practice_date(now)).elements;
    let found: Vec<String> = act
        .form
        .all("element")
        .filter(|f| needed.iter().any(|e| e.label == *f))
        .map(str::to_owned)
        .collect();
    let Ok(signer) = PersonName::parse(act.form.get("signer_name")) else {
        return refuse(act, "Enter the name of the person who signed the paper.").await;
    };
    let signed_on = parse_iso_date(act.form.get("signed_on")).filter(|d| *d <= practice_date(now));
    let Some(signed_on) = signed_on else {
        return refuse(
            act,
            "Enter the date the paper was signed (not in the future).",
        )
        .await;
    };
    let authority = clean_text(act.form.get("signer_authority"), 300, false)
        .ok()
        .filter(|a| !a.is_empty());
    let check = PaperCheck {
        elements: &found,
        signer_name: &signer,
        signer_authority: authority.as_deref(),
        // The paper carries a date, not a time: noon keeps that date in every time zone.
        signed_at: from_practice_time(signed_on.with_time(time::macros::time!(12:00))),
        staff: user.id,
    };
    let who = Who {
        actor: Actor::Staff(user.id),
        ip,
        at: now,
    };
    let mut tx = state.db.begin().await?;
    if !signing::record_paper_check(&mut tx, id, &check, &who).await? {
        drop(tx);
        let why = "The paper authorization can only be checked before the request is verified, and not after a revocation.";
        return refuse(act, why).await;
    }
    tx.commit().await?;
    Ok(done(id, "paper_checked"))
}
