//! The workflow actions that move a request's status, one form each. Every action checks the CSRF token,
//! runs in one transaction with the request row locked, and is recorded in the status
//! history and the audit log; a refused transition comes back with the reason (409).

use axum::response::Response;
use sqlx::PgConnection;
use uuid::Uuid;

use super::detail::refused;
pub(super) use super::flash::done;
use crate::audit::Actor;
use crate::billing;
use crate::domain::calendar::practice_date;
use crate::domain::contact::clean_text;
use crate::domain::denial::DenialGround;
use crate::domain::due_dates::service_target;
use crate::domain::fees::{self, Quote, QuoteRequest};
use crate::domain::workflow::{Action, Facts};
use crate::email::notices::{Addressee, Message, notify};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::practice::{days, fee_schedules};
use crate::requests::transitions::{self, Who};
use crate::staff::auth::{AnyRole, RequestAction, ReviewerOnly, RoleRule, StaffUser};
use crate::staff::queries::actions as queries;
use crate::state::AppState;

pub(super) type Anyone = RequestAction<AnyRole>;
pub(super) type Reviewer = RequestAction<ReviewerOnly>;

/// The detail page again, with why the action did not happen (409).
pub(super) async fn refuse<R: RoleRule>(
    act: RequestAction<R>,
    why: impl Into<String>,
) -> AppResult<Response> {
    refused(&act.state, act.user, &act.csrf, act.id, why.into()).await
}

/// What happens beside the status change.
enum Effect {
    None,
    Verified,
    AskForInfo(String),
    Pages {
        count: u32,
        quote: Quote,
    },
    Denied {
        ground: DenialGround,
        explanation: Option<String>,
    },
    Withdrawn(String),
}

async fn perform<R: RoleRule>(
    act: RequestAction<R>,
    action: Action,
    effect: Effect,
    note: Option<&str>,
) -> AppResult<Response> {
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    let now = state.clock.now();
    let payment_due = matches!(&effect, Effect::Pages { quote, .. } if quote.total_cents.is_some_and(|c| c.get() > 0));
    let mut tx = state.db.begin().await?;
    let who = Who {
        actor: Actor::Staff(user.id),
        ip,
        at: now,
    };
    let facts = |l: &transitions::LockedRequest| Facts {
        payment_due,
        ..l.facts()
    };
    if let Err(why) = transitions::try_step(&mut tx, id, action, facts, &who, note).await? {
        drop(tx);
        return refuse(act, why.to_string()).await;
    }
    apply(&mut tx, state, user, id, effect, now).await?;
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(done(id, action.code()))
}

async fn apply(
    conn: &mut PgConnection,
    state: &AppState,
    user: &StaffUser,
    id: Uuid,
    effect: Effect,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let facts = queries::notice_facts(&mut *conn, id).await?;
    let to = Addressee {
        request_id: id,
        reference: &facts.reference,
        email: &facts.email,
    };
    match effect {
        Effect::None => {}
        Effect::Verified => {
            // Complete now: the service target counts from today.
            let method = facts.delivery_method;
            let calendar = days::calendar(&mut *conn, &state.calendar).await?;
            let target = service_target(&calendar, practice_date(now), method).latest;
            queries::mark_verified(&mut *conn, id, user.id, target, now).await?;
        }
        Effect::AskForInfo(body) => {
            transitions::add_message(&mut *conn, id, Some(user.id), &body, now).await?;
            let message = Message {
                kind: "needs_information",
                subject: Text::new("notice-needs-info-subject").arg("reference", &facts.reference),
                paragraphs: vec![Text::new("notice-needs-info")],
                link_text: Text::new("notice-read-and-answer"),
                invoice: None,
            };
            notify(conn, state, &to, message, now).await?;
        }
        Effect::Pages { count, quote } => {
            let fee =
                serde_json::to_value(&quote).map_err(|e| AppError::Internal(e.to_string()))?;
            let due = quote.total_cents.map(|c| c.get());
            queries::record_pages(&mut *conn, id, count, &fee, due).await?;
            if quote.total_cents.is_some_and(|c| c.get() > 0) {
                send_invoice(conn, state, &to, &quote, user.id, now).await?;
            }
        }
        Effect::Denied {
            ground,
            explanation,
        } => {
            queries::record_denial(&mut *conn, id, ground, explanation.as_deref()).await?;
            let message = Message {
                kind: "denied",
                subject: Text::new("notice-denied-subject").arg("reference", &facts.reference),
                paragraphs: vec![Text::new("notice-denied")],
                link_text: Text::new("notice-read-letter"),
                invoice: None,
            };
            notify(conn, state, &to, message, now).await?;
        }
        Effect::Withdrawn(note) => {
            queries::set_closed_reason(&mut *conn, id, &note).await?;
        }
    }
    Ok(())
}

/// Issues the invoice and emails it with the PDF attached.
async fn send_invoice(
    conn: &mut PgConnection,
    state: &AppState,
    to: &Addressee<'_>,
    quote: &Quote,
    staff: Uuid,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let practice = &state.config.practice;
    let base_url = &state.config.base_url;
    let invoice =
        billing::invoice::issue(conn, practice, base_url, to.request_id, quote, staff, now).await?;
    let lang = crate::email::notices::request_language(conn, to.request_id).await?;
    let total = quote.total_cents.unwrap_or_default();
    let mut paragraphs = vec![Text::new("notice-invoice-total").arg("total", total)];
    paragraphs.extend(
        billing::invoice::printed_lines(quote, lang)
            .into_iter()
            .map(|[item, quantity, unit, amount]| {
                Text::new("notice-invoice-line")
                    .arg("item", item)
                    .arg("quantity", quantity)
                    .arg("unit", unit)
                    .arg("amount", amount)
            }),
    );
    paragraphs.push(
        Text::new("notice-invoice-how-to-pay").text("how", billing::letter::how_to_pay(practice)),
    );
    paragraphs.push(Text::new("notice-invoice-attached"));
    let message = Message {
        kind: "invoice",
        subject: Text::new("notice-invoice-subject").arg("reference", to.reference),
        paragraphs,
        link_text: Text::new("notice-view-invoice"),
        invoice: Some(invoice),
    };
    notify(conn, state, to, message, now).await
}

pub async fn start_verifying(act: Anyone) -> AppResult<Response> {
    perform(act, Action::StartVerifying, Effect::None, None).await
}

pub async fn mark_verified(act: Anyone) -> AppResult<Response> {
    perform(act, Action::MarkVerified, Effect::Verified, None).await
}

pub async fn info_received(act: Anyone) -> AppResult<Response> {
    perform(
        act,
        Action::InfoReceived,
        Effect::None,
        Some("received by phone or mail"),
    )
    .await
}

pub async fn request_info(act: Anyone) -> AppResult<Response> {
    match clean_text(act.form.get("message"), 5000, true) {
        Ok(message) if !message.is_empty() => {
            perform(act, Action::RequestInfo, Effect::AskForInfo(message), None).await
        }
        _ => {
            refuse(
                act,
                "Write the message to the requester (up to 5,000 characters).",
            )
            .await
        }
    }
}

pub async fn record_pages(act: Anyone) -> AppResult<Response> {
    let Some(count) = act
        .form
        .get("page_count")
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|c| *c <= 100_000)
    else {
        return refuse(act, "Enter the page count as a whole number, 0 to 100,000.").await;
    };
    let quote = final_quote(&act.state, act.id, count).await?;
    let note = format!("{count} pages");
    perform(
        act,
        Action::RecordPages,
        Effect::Pages { count, quote },
        Some(&note),
    )
    .await
}
/// The fee engine on the request as filed, now with the real page count.
async fn final_quote(state: &AppState, id: Uuid, pages: u32) -> AppResult<Quote> {
    let row = queries::quote_facts(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let request = QuoteRequest::for_request(
        row.requester_type,
        row.purpose,
        row.delivery_method,
        &row.kinds,
        row.ssa,
        Some(pages),
    );
    // Priced under the schedule the request was filed under (SPEC 5), whatever is in
    // effect today.
    let schedule = fee_schedules::by_version(&state.db, &row.fee_schedule_version).await?;
    Ok(fees::quote(&schedule, &request))
}

pub async fn deny(act: Reviewer) -> AppResult<Response> {
    let Some(ground) = DenialGround::parse(act.form.get("ground")) else {
        return refuse(act, "Choose the ground for the denial.").await;
    };
    let explanation = clean_text(act.form.get("explanation"), 2000, true)
        .ok()
        .filter(|e| !e.is_empty());
    perform(
        act,
        Action::Deny,
        Effect::Denied {
            ground,
            explanation,
        },
        Some(ground.code()),
    )
    .await
}

pub async fn withdraw(act: Anyone) -> AppResult<Response> {
    let note = match clean_text(act.form.get("note"), 500, false) {
        Ok(note) if !note.is_empty() => note,
        _ => return refuse(act, "Say how the requester withdrew the request.").await,
    };
    perform(
        act,
        Action::Withdraw,
        Effect::Withdrawn(note.clone()),
        Some(&note),
    )
    .await
}
