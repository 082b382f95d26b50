//! Email: typed messages rendered from templates, queued in the outbox table, and sent by
//! a worker through lettre (SMTP, or `.eml` files when no SMTP server is configured).

pub mod messages;
pub mod outbox;
mod transport;

pub use transport::{MailError, Mailer};
