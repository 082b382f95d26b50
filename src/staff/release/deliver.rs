//! Release: from `ready_to_release` only, by the request's delivery method. Each release
//! writes a disclosure row (what the accounting of disclosures is built on) and tells the
//! requester how the records come.

use std::collections::BTreeSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use super::super::auth::{AnyRole, RequestAction, StaffUser};
use super::super::requests::refused;
use crate::audit::Actor;
use crate::delivery::{self, Disclosure, complete, links};
use crate::domain::calendar::{from_practice_time, practice_date};
use crate::domain::contact::clean_text;
use crate::domain::request::{DeliveryMethod, Route};
use crate::domain::workflow::Action;
use crate::email::notices::{Addressee, Message, notify};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::requests::transitions::{self, Who};
use crate::staff::queries::release as queries;
use crate::state::Site;

/// What the clerk tells us about a release that happens outside the portal.
enum Handover {
    Link,
    Portal,
    Mailed { on: Date, tracking: Option<String> },
    Faxed { to: String, at: OffsetDateTime },
}

fn handover(
    route: Option<Route>,
    form: &crate::forms::FormValues,
    now: OffsetDateTime,
) -> Result<Handover, &'static str> {
    let Some(route) = route else {
        return Err(
            "The request names no email, fax or address for the doctor's office. Ask the requester where the records go.",
        );
    };
    match route {
        Route::SecureLink => Ok(Handover::Link),
        Route::Portal => Ok(Handover::Portal),
        Route::Mail => {
            let on = match form.get("mailed_on").trim() {
                "" => practice_date(now),
                text => Date::parse(text, format_description!("[year]-[month]-[day]"))
                    .map_err(|_| "Enter the mailing date as YYYY-MM-DD.")?,
            };
            if on > practice_date(now) {
                return Err("The mailing date cannot be in the future.");
            }
            let tracking = clean_text(form.get("tracking_number"), 100, false)
                .map_err(|_| "The tracking number is too long.")?;
            Ok(Handover::Mailed {
                on,
                tracking: Some(tracking).filter(|t| !t.is_empty()),
            })
        }
        Route::Fax => {
            let to = clean_text(form.get("destination"), 100, false)
                .ok()
                .filter(|t| !t.is_empty())
                .ok_or("Enter the fax number the records were sent to.")?;
            let at = match form.get("sent_at").trim() {
                "" => now,
                text => PrimitiveDateTime::parse(
                    text,
                    format_description!("[year]-[month]-[day]T[hour]:[minute]"),
                )
                .map_err(|_| "Enter the time sent as YYYY-MM-DDTHH:MM.")
                .map(from_practice_time)?,
            };
            if at > now + time::Duration::minutes(5) {
                return Err("The fax cannot have been sent in the future.");
            }
            Ok(Handover::Faxed { to, at })
        }
    }
}

/// The last look before a release: what goes, to whom, how.
#[derive(Template, WebTemplate)]
#[template(path = "staff/release_confirm.html")]
pub struct ConfirmRelease {
    site: Site,
    csrf: String,
    user: StaffUser,
    id: Uuid,
    reference: String,
    method: &'static str,
    recipient: String,
    destination: Option<String>,
    mailed_on: Option<String>,
    files: Vec<String>,
    /// The files the clerk saw: the release goes ahead only with exactly these.
    file_ids: Vec<Uuid>,
    /// What the clerk entered (mailing date, fax number, ...), sent again on "Release".
    carried: Vec<(String, String)>,
}

pub async fn release(act: RequestAction<AnyRole>) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let r = queries::release_facts(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let method = r.delivery_method;
    let handover = match handover(method.route(r.destinations()), &act.form, now) {
        Ok(h) => h,
        Err(why) => return refused(state, act.user, &act.csrf, id, why.into()).await,
    };
    let released_files = delivery::release_files(&state.db, id).await?;
    if matches!(handover, Handover::Link | Handover::Portal) && released_files.is_empty() {
        return refused(
            state,
            act.user,
            &act.csrf,
            id,
            "Upload the records before releasing them.".into(),
        )
        .await;
    }

    let recipient = match (&r.provider_name, &r.organization) {
        (Some(provider), _)
            if method == DeliveryMethod::Provider || method == DeliveryMethod::Fax =>
        {
            provider.clone()
        }
        (_, Some(org)) if !org.is_empty() => format!("{} ({org})", r.name),
        _ => r.name.clone(),
    };
    let (disclosed_at, mailed_on, tracking, destination) = match &handover {
        Handover::Mailed { on, tracking } => (now, Some(*on), tracking.clone(), None),
        Handover::Faxed { to, at } => (*at, None, None, Some(to.clone())),
        Handover::Link => (now, None, None, Some(r.link_email.clone())),
        Handover::Portal => (now, None, None, None),
    };
    // Nothing leaves before the clerk has seen, on one page, what goes where.
    if act.form.get("confirmed") != "yes" {
        let page = ConfirmRelease {
            site: state.site(),
            csrf: act.csrf.value().to_owned(),
            id,
            reference: r.reference.clone(),
            method: method.label(),
            recipient: recipient.clone(),
            destination: destination.clone().or_else(|| {
                matches!(handover, Handover::Mailed { .. })
                    .then(|| r.delivery_address.clone())
                    .flatten()
            }),
            mailed_on: mailed_on.map(|d| d.to_string()),
            files: released_files
                .iter()
                .map(|f| f.display_name.clone())
                .collect(),
            file_ids: released_files.iter().map(|f| f.id).collect(),
            carried: act.form.carried().cloned().collect(),
            user: act.user,
        };
        return Ok(axum::response::IntoResponse::into_response(page));
    }
    // Sensitive records (psychotherapy notes, Part 2, HIV) leave only after a fresh second factor.
    if r.has_sensitive {
        let asked = crate::staff::step_up::on_request(&act, "release", "release sensitive records");
        if let Some(page) = asked.await? {
            return Ok(page);
        }
    }
    let mut tx = state.db.begin().await?;
    let who = Who {
        actor: Actor::Staff(user.id),
        ip,
        at: now,
    };
    let step = Some(method.code());
    if let Err(why) =
        transitions::try_step(&mut tx, id, Action::Release, |l| l.facts(), &who, step).await?
    {
        drop(tx);
        return refused(state, act.user, &act.csrf, id, why.to_string()).await;
    }
    // The request's row is locked now: the files cannot change until this commits. They
    // must be the ones the clerk saw on the last look.
    let released_files = delivery::release_files(&mut *tx, id).await?;
    let seen: BTreeSet<&str> = act.form.all("release_file").collect();
    let ids: Vec<String> = released_files.iter().map(|f| f.id.to_string()).collect();
    if seen != ids.iter().map(String::as_str).collect() {
        drop(tx);
        let why = "The records to release changed since you looked. Check them and release again.";
        return refused(state, act.user, &act.csrf, id, why.into()).await;
    }
    let kinds: Vec<&str> = r.kinds.iter().map(|k| k.label()).collect();
    let mut description = kinds.join("; ");
    if !released_files.is_empty() {
        description.push_str(&format!(
            " ({} file{})",
            released_files.len(),
            if released_files.len() == 1 { "" } else { "s" }
        ));
    }
    let purpose = r.purpose.label();
    let disclosure = Disclosure {
        request_id: id,
        patient_id: r.patient_id,
        disclosed_at,
        method,
        recipient: &recipient,
        description: &description,
        purpose,
        mailed_on,
        tracking_number: tracking.as_deref(),
        destination: destination.as_deref(),
        recorded_by: user.id,
    };
    delivery::record_release(&mut tx, &disclosure, now).await?;

    let to = Addressee {
        request_id: id,
        reference: &r.reference,
        email: &r.email,
    };
    match &handover {
        Handover::Link => {
            links::issue_and_send(&mut tx, state, id, &r.link_email, user.id, now).await?
        }
        Handover::Portal => {
            let account = queries::portal_account_email(&mut *tx, id).await?;
            match account {
                Some(email) => {
                    crate::email::notices::new_records_email(&mut tx, state, &email, now).await?
                }
                None => {
                    let message = Message {
                        kind: "records_in_portal",
                        subject: Text::new("notice-in-portal-subject")
                            .arg("reference", &r.reference),
                        paragraphs: vec![Text::new("notice-in-portal")],
                        link_text: Text::new("notice-follow-your-request"),
                        invoice: None,
                    };
                    notify(&mut tx, state, &to, message, now).await?;
                }
            }
        }
        Handover::Mailed { on, .. } => {
            complete(&mut tx, id, &who, "mailed").await?;
            let message = Message {
                kind: "records_mailed",
                subject: Text::new("notice-mailed-subject").arg("reference", &r.reference),
                paragraphs: vec![Text::new("notice-mailed").date("date", *on)],
                link_text: Text::new("notice-follow-your-request"),
                invoice: None,
            };
            notify(&mut tx, state, &to, message, now).await?;
        }
        Handover::Faxed { .. } => complete(&mut tx, id, &who, "faxed").await?,
    }
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(axum::response::IntoResponse::into_response(
        super::super::requests::flash::done(id, "release"),
    ))
}
