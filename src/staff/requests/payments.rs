//! Payments, waivers and refunds against a request's invoice: each a new ledger row; a
//! balance paid in full moves the request on to `ready_to_release`.

use axum::response::Response;

use super::actions::{Anyone, done, refuse};
use crate::audit::{self, Actor};
use crate::billing::invoice::ledger;
use crate::billing::ledger::{EntryKind, PaymentMethod, balance, money_held, parse_dollars};
use crate::domain::calendar::practice_date;
use crate::domain::contact::clean_text;
use crate::domain::due_dates::service_target;
use crate::domain::money::Cents;
use crate::domain::workflow::{Action, Status};
use crate::email::notices::{Addressee, Message, notify};
use crate::error::AppResult;
use crate::i18n::Text;
use crate::practice::days;
use crate::requests::transitions::{self, Who};
use crate::staff::queries::actions::{self as queries, LedgerEntry};

/// A ledger entry as the clerk entered it, checked.
struct Entry {
    kind: EntryKind,
    amount: Cents,
    method: Option<PaymentMethod>,
    reference: Option<String>,
    reason: Option<String>,
}

fn parse_entry(form: &crate::forms::FormValues) -> Result<Entry, &'static str> {
    let kind = EntryKind::parse(form.get("kind")).ok_or("Choose payment, waiver or refund.")?;
    let amount = parse_dollars(form.get("amount"))
        .ok_or("Enter the amount in dollars and cents, more than $0.00.")?;
    let method = PaymentMethod::parse(form.get("method"));
    if kind != EntryKind::Waiver && method.is_none() {
        return Err("Choose how the money was paid or refunded.");
    }
    let reference = clean_text(form.get("reference"), 200, false)
        .map_err(|_| "The reference is too long (200 characters at most).")?;
    let reason = clean_text(form.get("reason"), 1000, true)
        .map_err(|_| "The reason is too long (1,000 characters at most).")?;
    if kind == EntryKind::Waiver && reason.is_empty() {
        return Err("Give the reason for the waiver.");
    }
    Ok(Entry {
        kind,
        amount,
        method,
        reference: Some(reference).filter(|r| !r.is_empty()),
        reason: Some(reason).filter(|r| !r.is_empty()),
    })
}

pub async fn record_entry(act: Anyone) -> AppResult<Response> {
    let entry = match parse_entry(&act.form) {
        Ok(entry) => entry,
        Err(why) => return refuse(act, why).await,
    };
    let (state, user, ip, id) = (&act.state, &act.user, act.ip, act.id);
    if entry.kind == EntryKind::Waiver {
        let asked = crate::staff::step_up::on_request(&act, "payments", "waive a fee");
        if let Some(page) = asked.await? {
            return Ok(page);
        }
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(invoice) = queries::lock_for_payment(&mut *tx, id).await? else {
        return Err(crate::error::AppError::NotFound);
    };
    let Some(total) = invoice.total_cents.map(Cents::new) else {
        drop(tx);
        return refuse(act, "This request has no invoice: there is nothing to pay.").await;
    };
    let mut entries = ledger(&mut *tx, id).await?;
    if entry.kind == EntryKind::Refund && entry.amount > money_held(&entries) {
        drop(tx);
        return refuse(act, "A refund cannot be more than was paid.").await;
    }
    let ledger_entry = LedgerEntry {
        kind: entry.kind,
        amount: entry.amount,
        method: entry.method,
        reference: entry.reference.as_deref(),
        reason: entry.reason.as_deref(),
    };
    queries::insert_ledger_entry(&mut *tx, id, &ledger_entry, user.id, now).await?;
    entries.push((entry.kind, entry.amount));
    let owed = balance(total, &entries);
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        "payment.recorded",
        Some(id),
        ip,
        serde_json::json!({ "kind": entry.kind.code(), "amount_cents": entry.amount.get(), "balance_cents": owed.get() }),
        now,
    )
    .await?;
    if invoice.status == Status::AwaitingPayment && owed.get() <= 0 {
        let who = Who {
            actor: Actor::Staff(user.id),
            ip,
            at: now,
        };
        let paid = Some("paid in full");
        let step = transitions::try_step(
            &mut tx,
            id,
            Action::RecordPayment,
            |l| l.facts(),
            &who,
            paid,
        );
        if let Err(why) = step.await? {
            drop(tx);
            return refuse(act, format!("Not recorded: {why}.")).await;
        }
        // Complete and paid today: the service target counts from now (SPEC 5).
        let calendar = days::calendar(&mut *tx, &state.calendar).await?;
        let target = service_target(&calendar, practice_date(now), invoice.delivery_method);
        queries::set_service_due(&mut *tx, id, target.latest).await?;
    }
    let to = Addressee {
        request_id: id,
        reference: &invoice.reference,
        email: &invoice.email,
    };
    notify(
        &mut tx,
        state,
        &to,
        receipt(entry.kind, entry.amount, owed, &invoice.reference),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox_signal.notify_one();
    Ok(done(id, "ledger"))
}

fn receipt(kind: EntryKind, amount: Cents, owed: Cents, reference: &str) -> Message {
    let what = match kind {
        EntryKind::Payment => Text::new("notice-receipt-payment"),
        EntryKind::Waiver => Text::new("notice-receipt-waiver"),
        EntryKind::Refund => Text::new("notice-receipt-refund"),
    }
    .arg("amount", amount);
    let next = if owed.get() > 0 {
        Text::new("notice-receipt-balance").arg("owed", owed)
    } else {
        Text::new("notice-receipt-nothing-due")
    };
    Message {
        kind: "payment_receipt",
        subject: Text::new("notice-receipt-subject").arg("reference", reference),
        paragraphs: vec![what, next],
        link_text: Text::new("notice-view-invoice"),
        invoice: None,
    }
}
