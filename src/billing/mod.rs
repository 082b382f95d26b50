//! Money: invoices issued from the fee engine's final quote, the append-only payment
//! ledger and the balance derived from it, and the invoice as a page and a PDF.

pub mod invoice;
pub mod ledger;
pub mod letter;
pub mod quote_view;
pub mod statement;
