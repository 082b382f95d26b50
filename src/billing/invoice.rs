//! Invoices: issued once when a priced request gets its page count, numbered from one
//! database sequence (no collisions across instances), rendered to PDF off the async
//! threads, stored whole and emailed with the PDF attached.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::ledger::{EntryKind, balance};
use super::letter::{
    InvoiceDocument, ReceiptDocument, ReceiptLine, invoice as invoice_letter,
    receipt as receipt_letter, render_invoice,
};
use crate::config::{Config, Practice};
use crate::domain::calendar::practice_date;
use crate::domain::fees::Quote;
use crate::domain::money::Cents;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::letters::LetterPage;

/// Issues the invoice for `quote` inside the caller's transaction and returns its id.
pub async fn issue(
    conn: &mut PgConnection,
    practice: &Practice,
    site_url: &str,
    request_id: Uuid,
    quote: &Quote,
    issued_by: Uuid,
    now: OffsetDateTime,
) -> AppResult<Uuid> {
    let total = quote
        .total_cents
        .filter(|c| c.get() > 0)
        .ok_or_else(|| AppError::Internal("an invoice needs a priced, non-zero quote".into()))?;
    let request = sqlx::query!(
        r#"select r.reference, r.language, q.name as requester_name
           from requests r join requesters q on q.id = r.requester_id where r.id = $1"#,
        request_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let serial = sqlx::query_scalar!(r#"select nextval('invoice_numbers') as "n!""#)
        .fetch_one(&mut *conn)
        .await?;
    let issued_on = practice_date(now);
    let number = format!("INV-{}-{serial:06}", issued_on.year());
    let lang = Lang::parse(&request.language).unwrap_or_default();
    let document = InvoiceDocument {
        practice: practice.clone(),
        site_url: site_url.to_owned(),
        lang,
        number: number.clone(),
        issued_on,
        reference: request.reference,
        bill_to: request.requester_name,
        lines: printed_lines(quote, lang),
        total,
        settled: None,
    };
    let pdf = tokio::task::spawn_blocking(move || render_invoice(&document))
        .await
        .map_err(|e| AppError::Internal(format!("invoice rendering failed: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let id = Uuid::now_v7();
    let quote_json = serde_json::to_value(quote).map_err(|e| AppError::Internal(e.to_string()))?;
    sqlx::query!(
        r#"insert into invoices (id, request_id, number, issued_on, quote, total_cents, pdf, issued_by, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
        id,
        request_id,
        number,
        issued_on,
        quote_json,
        total.get(),
        pdf,
        issued_by,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The charged lines of a quote as printed in `lang`: description, quantity, unit price,
/// amount.
pub fn printed_lines(quote: &Quote, lang: Lang) -> Vec<[String; 4]> {
    quote
        .lines
        .iter()
        .filter_map(|line| {
            let amount = line.amount_cents?;
            let label = super::quote_view::line_label(line, lang);
            let label = match line.exemption {
                Some(exemption) => format!("{label} ({})", lang.label(exemption)),
                None => label,
            };
            Some([
                label,
                line.quantity.unwrap_or(1).to_string(),
                line.unit_cents.to_string(),
                amount.to_string(),
            ])
        })
        .collect()
}

/// The ledger of a request, oldest first.
pub async fn ledger(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
) -> Result<Vec<(EntryKind, Cents)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select kind, amount_cents from payments where request_id = $1 order by recorded_at, id",
        request_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((EntryKind::parse(&r.kind)?, Cents::new(r.amount_cents))))
        .collect())
}

/// What an issued invoice and its receipt print about it.
struct Issued {
    number: String,
    issued_on: time::Date,
    quote: serde_json::Value,
    total_cents: i64,
    reference: String,
    language: String,
    requester_name: String,
}

async fn issued(db: &sqlx::PgPool, request_id: Uuid) -> Result<Option<Issued>, sqlx::Error> {
    sqlx::query_as!(
        Issued,
        r#"select i.number, i.issued_on, i.quote, i.total_cents, r.reference, r.language,
                  q.name as requester_name
           from invoices i join requests r on r.id = i.request_id join requesters q on q.id = r.requester_id
           where i.request_id = $1"#,
        request_id
    )
    .fetch_optional(db)
    .await
}

/// The invoice of a request as a printable page in the request's language, with what has
/// been paid and what is still due; `None` when it has none.
pub async fn view(
    db: &sqlx::PgPool,
    request_id: Uuid,
    config: &Config,
    pdf_href: String,
) -> AppResult<Option<LetterPage>> {
    let Some(row) = issued(db, request_id).await? else {
        return Ok(None);
    };
    let quote: Quote =
        serde_json::from_value(row.quote).map_err(|e| AppError::Internal(e.to_string()))?;
    let total = Cents::new(row.total_cents);
    let entries = ledger(db, request_id).await?;
    let owed = balance(total, &entries);
    let lang = Lang::parse(&row.language).unwrap_or_default();
    let document = InvoiceDocument {
        practice: config.practice.clone(),
        site_url: config.base_url.clone(),
        lang,
        number: row.number,
        issued_on: row.issued_on,
        reference: row.reference,
        bill_to: row.requester_name,
        lines: printed_lines(&quote, lang),
        total,
        settled: Some((Cents::new(total.get() - owed.get()), owed)),
    };
    Ok(Some(LetterPage::new(
        invoice_letter(&document),
        Some(pdf_href),
    )))
}

/// The stored PDF of a request's invoice.
pub async fn pdf(db: impl PgExecutor<'_>, request_id: Uuid) -> AppResult<(String, Vec<u8>)> {
    let row = sqlx::query!(
        "select number, pdf from invoices where request_id = $1",
        request_id
    )
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.number, row.pdf))
}

/// The receipt of a request's payments, waivers and refunds, in the request's language;
/// `None` before the first of them.
pub async fn receipt(
    db: &sqlx::PgPool,
    request_id: Uuid,
    config: &Config,
    today: time::Date,
) -> AppResult<Option<crate::letters::Letter>> {
    let Some(row) = issued(db, request_id).await? else {
        return Ok(None);
    };
    let entries = sqlx::query!(
        "select kind, amount_cents, recorded_at from payments where request_id = $1 order by recorded_at, id",
        request_id
    )
    .fetch_all(db)
    .await?;
    let lines: Vec<ReceiptLine> = entries
        .into_iter()
        .filter_map(|e| {
            Some(ReceiptLine {
                on: practice_date(e.recorded_at),
                kind: EntryKind::parse(&e.kind)?,
                amount: Cents::new(e.amount_cents),
            })
        })
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let total = Cents::new(row.total_cents);
    let owed = balance(
        total,
        &lines.iter().map(|l| (l.kind, l.amount)).collect::<Vec<_>>(),
    );
    Ok(Some(receipt_letter(&ReceiptDocument {
        practice: config.practice.clone(),
        site_url: config.base_url.clone(),
        lang: Lang::parse(&row.language).unwrap_or_default(),
        reference: row.reference,
        invoice_number: row.number,
        bill_to: row.requester_name,
        today,
        lines,
        total,
        balance: owed,
    })))
}
