//! Invoices: issued once when a priced request gets its page count, numbered from one
//! database sequence (no collisions across instances), rendered to PDF off the async
//! threads, stored whole and emailed with the PDF attached.

use askama::Template;
use askama_web::WebTemplate;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::ledger::{EntryKind, balance};
use super::pdf::{InvoiceDocument, render};
use crate::config::Practice;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::fees::Quote;
use crate::domain::money::Cents;
use crate::error::{AppError, AppResult};

/// How an invoice reads on screen, in print and in the PDF.
#[derive(Template, WebTemplate)]
#[template(path = "billing/invoice.html")]
pub struct InvoiceView {
    pub practice: Practice,
    pub how_to_pay: String,
    pub number: String,
    pub issued_on: String,
    pub reference: String,
    pub bill_to: String,
    pub lines: Vec<[String; 4]>,
    pub total: Cents,
    pub paid: Cents,
    pub balance: Cents,
    /// Where the PDF of this invoice is, for the page's download link.
    pub pdf_href: String,
}

/// Issues the invoice for `quote` inside the caller's transaction and returns its id.
pub async fn issue(
    conn: &mut PgConnection,
    practice: &Practice,
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
        r#"select r.reference, q.name as requester_name
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
    let document = InvoiceDocument {
        practice_name: practice.name.clone(),
        practice_address: practice.address.clone(),
        practice_phone: practice.phone.clone(),
        practice_email: practice.records_email.clone(),
        number: number.clone(),
        issued_on: long_date(issued_on),
        reference: request.reference,
        bill_to: request.requester_name,
        lines: printed_lines(quote),
        total: total.to_string(),
        how_to_pay: practice.how_to_pay(),
    };
    let pdf = tokio::task::spawn_blocking(move || render(&document))
        .await
        .map_err(|e| AppError::Internal(format!("invoice rendering failed: {e}")))?;
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

/// The charged lines of a quote as printed: description, quantity, unit price, amount.
pub fn printed_lines(quote: &Quote) -> Vec<[String; 4]> {
    quote
        .lines
        .iter()
        .filter_map(|line| {
            let amount = line.amount_cents?;
            let label = match &line.note {
                Some(note) => format!("{} ({note})", line.label),
                None => line.label.clone(),
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

/// The invoice of a request with its balance, or `None` when it has none.
pub async fn view(
    db: &sqlx::PgPool,
    request_id: Uuid,
    practice: &Practice,
    pdf_href: String,
) -> AppResult<Option<InvoiceView>> {
    let Some(row) = sqlx::query!(
        r#"select i.number, i.issued_on, i.quote, i.total_cents, r.reference, q.name as requester_name
           from invoices i join requests r on r.id = i.request_id join requesters q on q.id = r.requester_id
           where i.request_id = $1"#,
        request_id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let quote: Quote =
        serde_json::from_value(row.quote).map_err(|e| AppError::Internal(e.to_string()))?;
    let total = Cents::new(row.total_cents);
    let entries = ledger(db, request_id).await?;
    let owed = balance(total, &entries);
    Ok(Some(InvoiceView {
        practice: practice.clone(),
        how_to_pay: practice.how_to_pay(),
        number: row.number,
        issued_on: long_date(row.issued_on),
        reference: row.reference,
        bill_to: row.requester_name,
        lines: printed_lines(&quote),
        total,
        paid: Cents::new(total.get() - owed.get()),
        balance: owed,
        pdf_href,
    }))
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

/// A PDF response that downloads under the invoice number.
pub fn pdf_response(number: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{number}.pdf\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
