//! The transactional outbox: email rows written with the change that causes them, and the
//! worker that delivers them at least once, with backoff, from any number of instances.

use std::sync::Arc;

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use sqlx::{PgExecutor, PgPool};
use time::{Duration, OffsetDateTime};
use tokio::sync::{Notify, watch};
use uuid::Uuid;

use super::{MailError, Mailer};
use crate::clock::Clock;
use crate::domain::contact::EmailAddress;

/// A rendered message ready to queue. It carries no clinical content (SPEC section 7).
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub kind: &'static str,
    pub request_id: Option<Uuid>,
    pub recipient: EmailAddress,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// An invoice whose stored PDF is attached when the message is sent.
    pub invoice_attachment: Option<Uuid>,
}

/// Queues `email` inside the caller's transaction; returns its Message-ID.
pub async fn enqueue(
    db: impl PgExecutor<'_>,
    email: &OutgoingEmail,
    message_domain: &str,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let id = Uuid::now_v7();
    // Stable across retries, so a receiver can drop a duplicate of an at-least-once send.
    let message_id = format!("<{id}@{message_domain}>");
    sqlx::query!(
        r#"insert into email_outbox
             (id, message_id, kind, request_id, recipient, subject, text_body, html_body, next_attempt_at,
              attachment_invoice_id, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9)"#,
        id,
        message_id,
        email.kind,
        email.request_id,
        email.recipient.as_str(),
        email.subject,
        email.text_body,
        email.html_body,
        now,
        email.invoice_attachment
    )
    .execute(db)
    .await?;
    Ok(message_id)
}

/// Delivers due outbox rows. Several workers (one per instance) share the table safely:
/// each claims rows with `FOR UPDATE SKIP LOCKED` and a lease.
pub struct OutboxWorker {
    pub db: PgPool,
    pub mailer: Mailer,
    pub from: Mailbox,
    pub clock: Arc<dyn Clock>,
    pub signal: Arc<Notify>,
    pub poll_every: std::time::Duration,
    pub give_up: GiveUp,
}

/// When a message stops being retried and is marked failed for an admin to look at.
#[derive(Debug, Clone, Copy)]
pub struct GiveUp {
    /// Attempts the mail server refused (an unreachable server costs no attempt).
    pub after_attempts: i32,
    /// Age since queued, whatever the reason (a mail server down for days included).
    pub after_age: Duration,
}

impl Default for GiveUp {
    fn default() -> Self {
        GiveUp {
            after_attempts: 10,
            after_age: Duration::hours(72),
        }
    }
}

const BATCH: i64 = 20;
/// Longer than one send can take (the transport times out after 30 s).
const LEASE: Duration = Duration::minutes(2);
/// While the mail server cannot be reached the worker waits between probes, doubling from
/// the first pause to the last: no busy loop in an outage, delivery soon after it ends.
const FIRST_OUTAGE_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);
const LAST_OUTAGE_PAUSE: std::time::Duration = std::time::Duration::from_secs(30);

/// What one pass over the queue did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// Rows claimed: sent, backed off, or handed back.
    pub handled: usize,
    /// The mail server could not be reached; the rest of the batch was handed back.
    pub server_unreachable: bool,
}

impl OutboxWorker {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut outage_pause = FIRST_OUTAGE_PAUSE;
        loop {
            match self.send_batch().await {
                Ok(batch) if batch.server_unreachable => {
                    // New mail does not wake the worker here: only the pause or shutdown.
                    tracing::warn!(
                        pause_seconds = outage_pause.as_secs(),
                        "outbox: mail server unreachable; pausing before the next try"
                    );
                    tokio::select! {
                        _ = tokio::time::sleep(outage_pause) => {}
                        _ = shutdown.changed() => return,
                    }
                    outage_pause = (outage_pause * 2).min(LAST_OUTAGE_PAUSE);
                    continue;
                }
                // A full batch means more may be waiting: go again at once.
                Ok(batch) if batch.handled as i64 == BATCH => {
                    outage_pause = FIRST_OUTAGE_PAUSE;
                    continue;
                }
                Ok(_) => outage_pause = FIRST_OUTAGE_PAUSE,
                Err(error) => tracing::error!(%error, "outbox: could not read the queue"),
            }
            tokio::select! {
                _ = self.signal.notified() => {}
                _ = tokio::time::sleep(self.poll_every) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Sends one batch of due messages; returns how many rows it handled.
    pub async fn send_due(&self) -> Result<usize, sqlx::Error> {
        Ok(self.send_batch().await?.handled)
    }

    /// Sends one batch of due messages.
    ///
    /// Rows are claimed with a short lease (their next attempt pushed past the send
    /// timeout) in one quick statement, then sent outside any transaction: no connection
    /// is held while a mail server is slow, and a worker that dies mid-send only delays
    /// its rows until the lease runs out (delivery is at least once). A failure to reach
    /// the server says nothing about the message, so it costs the message no backoff: the
    /// unsent rows are handed back at once and the caller pauses the whole worker.
    pub async fn send_batch(&self) -> Result<Batch, sqlx::Error> {
        let now = self.clock.now();
        self.mark_failed(now).await?;
        let claimed = sqlx::query!(
            r#"update email_outbox set next_attempt_at = $2
               where id in (
                   select id from email_outbox
                   where sent_at is null and failed_at is null and given_up_at is null
                     and next_attempt_at <= $1
                   order by next_attempt_at
                   limit $3
                   for update skip locked)
               returning id, message_id, kind, recipient, subject, text_body, html_body, attempts, attachment_invoice_id"#,
            now,
            now + LEASE,
            BATCH
        )
        .fetch_all(&self.db)
        .await?;
        let handled = claimed.len();
        let ids: Vec<Uuid> = claimed.iter().map(|row| row.id).collect();
        for (index, row) in claimed.into_iter().enumerate() {
            let (Some(text), Some(html)) = (row.text_body, row.html_body) else {
                continue;
            };
            let masked = EmailAddress::parse(&row.recipient)
                .map(|a| a.masked())
                .unwrap_or_else(|_| "***".into());
            let attachment = match row.attachment_invoice_id {
                Some(invoice) => Some(self.invoice_pdf(invoice).await?),
                None => None,
            };
            let content = Content {
                text,
                html,
                attachment,
            };
            let outcome = match self.build(&row.message_id, &row.recipient, &row.subject, content) {
                Ok(message) => self.mailer.send(message).await,
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => {
                    tracing::info!(email.message_id = %row.message_id, email.kind = %row.kind, email.to = %masked, "email sent");
                    sqlx::query!(
                        "update email_outbox set sent_at = $2, attempts = attempts + 1, text_body = null, html_body = null, last_error = null where id = $1",
                        row.id,
                        self.clock.now()
                    )
                    .execute(&self.db)
                    .await?;
                }
                Err(error @ (MailError::Connection | MailError::Timeout)) => {
                    tracing::warn!(email.message_id = %row.message_id, %error, "email not sent: mail server unreachable");
                    // The rest of the batch back at once; the error noted on the one tried.
                    sqlx::query!(
                        r#"update email_outbox
                           set next_attempt_at = $2,
                               last_error = case when id = $3 then $4 else last_error end
                           where id = any($1) and sent_at is null"#,
                        &ids[index..],
                        self.clock.now(),
                        row.id,
                        error.to_string()
                    )
                    .execute(&self.db)
                    .await?;
                    return Ok(Batch {
                        handled,
                        server_unreachable: true,
                    });
                }
                Err(error) => {
                    let attempts = row.attempts + 1;
                    let retry_at = self.clock.now() + backoff(attempts);
                    tracing::warn!(email.message_id = %row.message_id, email.kind = %row.kind, email.to = %masked, email.attempts = attempts, %error, "email not sent; will retry");
                    sqlx::query!(
                        "update email_outbox set attempts = $2, next_attempt_at = $3, last_error = $4 where id = $1",
                        row.id,
                        attempts,
                        retry_at,
                        error.to_string()
                    )
                    .execute(&self.db)
                    .await?;
                }
            }
        }
        Ok(Batch {
            handled,
            server_unreachable: false,
        })
    }

    /// Marks failed what has been tried too often or waited too long: it is retried no
    /// more until an admin says so.
    async fn mark_failed(&self, now: OffsetDateTime) -> Result<(), sqlx::Error> {
        let failed = sqlx::query_scalar!(
            r#"update email_outbox set failed_at = $1
               where sent_at is null and failed_at is null and given_up_at is null
                 and (attempts >= $2 or coalesce(retried_at, created_at) <= $3)
               returning message_id"#,
            now,
            self.give_up.after_attempts,
            now - self.give_up.after_age
        )
        .fetch_all(&self.db)
        .await?;
        for message_id in failed {
            tracing::error!(email.message_id = %message_id, "email failed: no more retries until an admin retries it");
        }
        Ok(())
    }

    async fn invoice_pdf(&self, invoice: Uuid) -> Result<(String, Vec<u8>), sqlx::Error> {
        let row = sqlx::query!("select number, pdf from invoices where id = $1", invoice)
            .fetch_one(&self.db)
            .await?;
        Ok((format!("{}.pdf", row.number), row.pdf))
    }

    fn build(
        &self,
        message_id: &str,
        recipient: &str,
        subject: &str,
        content: Content,
    ) -> Result<Message, MailError> {
        let to: Mailbox = recipient.parse().map_err(|_| MailError::Permanent)?;
        let body = MultiPart::alternative_plain_html(content.text, content.html);
        let body = match content.attachment {
            None => body,
            Some((filename, pdf)) => {
                MultiPart::mixed()
                    .multipart(body)
                    .singlepart(Attachment::new(filename).body(
                        pdf,
                        ContentType::parse("application/pdf").map_err(|_| MailError::Permanent)?,
                    ))
            }
        };
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(message_id.to_owned()))
            .multipart(body)
            .map_err(|_| MailError::Permanent)
    }
}

struct Content {
    text: String,
    html: String,
    /// File name and bytes of a PDF to attach.
    attachment: Option<(String, Vec<u8>)>,
}

/// 30 s, 1 min, 2 min, ... capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    Duration::seconds(30 * 2i64.pow(exponent)).min(Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps_at_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(50), Duration::hours(1));
    }
}
