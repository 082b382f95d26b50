//! The invoice and the receipt as letters in the request's language (see
//! [`crate::letters`]): one content for each printable page and PDF.

use crate::config::Practice;
use crate::domain::money::Cents;
use crate::i18n::{Lang, Text};
use crate::letters::{Block, Letter, Letterhead, PdfError, Table, render};

/// Everything printed on an invoice.
#[derive(Debug, Clone)]
pub struct InvoiceDocument {
    pub practice: Practice,
    /// The site's address, for the language-help line.
    pub site_url: String,
    pub lang: Lang,
    pub number: String,
    pub issued_on: time::Date,
    pub reference: String,
    pub bill_to: String,
    /// Description, quantity, unit price, amount.
    pub lines: Vec<[String; 4]>,
    pub total: Cents,
    /// What was paid, waived or credited and what is still due, when known (the page
    /// shows them; the PDF sent with the invoice has nothing paid yet).
    pub settled: Option<(Cents, Cents)>,
}

/// The practice's payment instructions as configured (in its own words), or ones made
/// from its details in the reader's language.
pub fn how_to_pay(practice: &Practice) -> Text {
    let configured = practice.payment_instructions.trim();
    if !configured.is_empty() {
        return Text::new("invoice-how-to-pay-configured").arg("how", configured);
    }
    Text::new("invoice-how-to-pay")
        .arg("phone", &practice.phone)
        .arg("practice", &practice.name)
        .arg("address", &practice.address)
}

pub fn invoice(doc: &InvoiceDocument) -> Letter {
    let lang = doc.lang;
    let t = |id: &str| lang.t(id);
    Letter {
        lang,
        title: lang.t_with("invoice-title", &[("number", &doc.number)]),
        letterhead: Letterhead::of(&doc.practice, lang),
        blocks: vec![
            Block::Fact(t("invoice-date"), lang.long_date(doc.issued_on)),
            Block::Fact(t("invoice-reference"), doc.reference.clone()),
            Block::Fact(t("invoice-bill-to"), doc.bill_to.clone()),
            Block::Table(Table {
                summary: t("invoice-charges"),
                header: [
                    "invoice-item",
                    "invoice-quantity",
                    "invoice-unit",
                    "invoice-amount",
                ]
                .map(t)
                .to_vec(),
                rows: doc.lines.iter().map(|line| line.to_vec()).collect(),
                footer: footer(doc),
                numeric: vec![false, true, true, true],
            }),
            Block::Heading(t("invoice-how-to-pay-heading")),
            Block::Paragraph(how_to_pay(&doc.practice).render(lang)),
            Block::SmallPrint(t("invoice-law")),
            Block::language_help(&doc.practice, &doc.site_url, lang),
        ],
    }
}

/// One entry of a request's account, for its receipt.
pub struct ReceiptLine {
    pub on: time::Date,
    pub kind: super::ledger::EntryKind,
    pub amount: Cents,
}

/// The receipt of everything paid, waived or refunded on a request, with what is still
/// due, in the request's language.
pub struct ReceiptDocument {
    pub practice: Practice,
    pub site_url: String,
    pub lang: Lang,
    pub reference: String,
    pub invoice_number: String,
    pub bill_to: String,
    pub today: time::Date,
    pub lines: Vec<ReceiptLine>,
    pub total: Cents,
    pub balance: Cents,
}

pub fn receipt(doc: &ReceiptDocument) -> Letter {
    let lang = doc.lang;
    let t = |id: &str| lang.t(id);
    let row = |id: &str, amount: Cents| vec![lang.t(id), String::new(), amount.to_string()];
    Letter {
        lang,
        title: lang.t_with("receipt-title", &[("reference", &doc.reference)]),
        letterhead: Letterhead::of(&doc.practice, lang),
        blocks: vec![
            Block::Fact(t("letter-date"), lang.long_date(doc.today)),
            Block::Fact(t("invoice-reference"), doc.reference.clone()),
            Block::Fact(t("receipt-invoice"), doc.invoice_number.clone()),
            Block::Fact(t("invoice-bill-to"), doc.bill_to.clone()),
            Block::Table(Table {
                summary: t("receipt-caption"),
                header: ["letter-date", "receipt-what", "invoice-amount"]
                    .map(t)
                    .to_vec(),
                rows: doc
                    .lines
                    .iter()
                    .map(|l| {
                        vec![
                            lang.long_date(l.on),
                            lang.label(l.kind),
                            l.amount.to_string(),
                        ]
                    })
                    .collect(),
                footer: vec![
                    row("receipt-invoice-total", doc.total),
                    row(
                        "invoice-paid",
                        Cents::new(doc.total.get() - doc.balance.get()),
                    ),
                    row("invoice-balance", doc.balance),
                ],
                numeric: vec![false, false, true],
            }),
            Block::language_help(&doc.practice, &doc.site_url, lang),
        ],
    }
}

fn footer(doc: &InvoiceDocument) -> Vec<Vec<String>> {
    let row = |id: &str, amount: Cents| {
        vec![
            doc.lang.t(id),
            String::new(),
            String::new(),
            amount.to_string(),
        ]
    };
    let mut rows = vec![row("invoice-total", doc.total)];
    if let Some((paid, balance)) = doc.settled {
        rows.push(row("invoice-paid", paid));
        rows.push(row("invoice-balance", balance));
    }
    rows
}

pub fn render_invoice(doc: &InvoiceDocument) -> Result<Vec<u8>, PdfError> {
    render(&invoice(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample(lang: Lang) -> InvoiceDocument {
        let mut practice =
            crate::config::Config::for_tests("", std::path::Path::new("/tmp")).practice;
        practice.name = "Shoreline Orthopaedic & Neurosurgery Group".into();
        InvoiceDocument {
            practice,
            site_url: "https://records.example.org".into(),
            lang,
            number: "INV-2026-000001".into(),
            issued_on: time::macros::date!(2026 - 11 - 22),
            reference: "RP-2026-000001".into(),
            bill_to: "José Müller Nguyễn 李".into(),
            lines: vec![
                [
                    "Copies of documents, 500 pages at most (US mail)".into(),
                    "12".into(),
                    "$0.65".into(),
                    "$7.80".into(),
                ],
                [
                    "X-ray images".into(),
                    "1".into(),
                    "$5.00".into(),
                    "$5.00".into(),
                ],
            ],
            total: Cents::new(1280),
            settled: None,
        }
    }

    #[test]
    fn renders_a_tagged_pdf_in_each_language() {
        for lang in [Lang::En, Lang::Es] {
            let bytes = render_invoice(&sample(lang)).expect("a PDF");
            // Kept for looking at: `pdftoppm -png target/invoice-sample-es.pdf`.
            let _ = std::fs::write(
                format!(
                    "{}/target/invoice-sample-{}.pdf",
                    env!("CARGO_MANIFEST_DIR"),
                    lang.code()
                ),
                &bytes,
            );
            assert!(bytes.starts_with(b"%PDF-"));
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("/StructTreeRoot"));
            assert!(
                text.contains(&format!("/Lang ({})", lang.code()))
                    || text.contains(&format!("/Lang({})", lang.code()))
            );
        }
    }
}
