//! A request's account as staff see it: the invoice, every ledger entry, and the balance.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use super::ledger::{EntryKind, PaymentMethod, balance};
use crate::domain::money::Cents;

pub struct EntryRow {
    pub kind: EntryKind,
    pub amount: Cents,
    pub method: Option<PaymentMethod>,
    pub reference: String,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: OffsetDateTime,
}

pub struct Statement {
    pub number: String,
    pub total: Cents,
    pub balance: Cents,
    pub entries: Vec<EntryRow>,
}

pub async fn load(db: &PgPool, request_id: Uuid) -> Result<Option<Statement>, sqlx::Error> {
    let Some(invoice) = sqlx::query!(
        "select number, total_cents from invoices where request_id = $1",
        request_id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let rows = sqlx::query!(
        r#"select p.kind, p.amount_cents, p.method, p.reference, p.reason, s.name as staff_name, p.recorded_at
           from payments p join staff s on s.id = p.recorded_by
           where p.request_id = $1 order by p.recorded_at, p.id"#,
        request_id
    )
    .fetch_all(db)
    .await?;
    let entries: Vec<EntryRow> = rows
        .into_iter()
        .filter_map(|r| {
            Some(EntryRow {
                kind: EntryKind::parse(&r.kind)?,
                amount: Cents::new(r.amount_cents),
                method: r.method.as_deref().and_then(PaymentMethod::parse),
                reference: r.reference.unwrap_or_default(),
                reason: r.reason.unwrap_or_default(),
                recorded_by: r.staff_name,
                recorded_at: r.recorded_at,
            })
        })
        .collect();
    let total = Cents::new(invoice.total_cents);
    let ledger: Vec<(EntryKind, Cents)> = entries.iter().map(|e| (e.kind, e.amount)).collect();
    Ok(Some(Statement {
        number: invoice.number,
        balance: balance(total, &ledger),
        total,
        entries,
    }))
}
