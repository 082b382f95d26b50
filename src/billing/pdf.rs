//! The invoice as a one-page PDF, drawn with the standard Helvetica fonts so nothing is
//! embedded and every reader shows it. Pure and synchronous: callers run it on a blocking
//! thread.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// Everything printed on an invoice.
#[derive(Debug, Clone)]
pub struct InvoiceDocument {
    pub practice_name: String,
    pub practice_address: String,
    pub practice_phone: String,
    pub practice_email: String,
    pub number: String,
    pub issued_on: String,
    pub reference: String,
    pub bill_to: String,
    /// Description, quantity, unit price, amount.
    pub lines: Vec<[String; 4]>,
    pub total: String,
    pub how_to_pay: String,
}

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");
/// US Letter, in points.
const WIDTH: f32 = 612.0;
const HEIGHT: f32 = 792.0;
const LEFT: f32 = 56.0;

pub fn render(doc: &InvoiceDocument) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, pages, page, regular, bold, content_id) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
    p.parent(pages);
    p.contents(content_id);
    let mut resources = p.resources();
    let mut fonts = resources.fonts();
    fonts.pair(REGULAR, regular);
    fonts.pair(BOLD, bold);
    fonts.finish();
    resources.finish();
    p.finish();
    for (id, base) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let content = draw(doc);
    pdf.stream(content_id, &content);
    pdf.finish()
}

struct Writer {
    content: Content,
    y: f32,
}

impl Writer {
    fn text(&mut self, font: Name, size: f32, x: f32, text: &str) {
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, self.y)
            .show(Str(&win_ansi(text)))
            .end_text();
    }

    fn line(&mut self, font: Name, size: f32, text: &str) {
        self.text(font, size, LEFT, text);
        self.y -= size * 1.45;
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A rule under the line of text just written at `self.y`: below its descenders, well
    /// above the next line's capitals.
    fn rule_under(&mut self) {
        self.content
            .move_to(LEFT, self.y - 6.0)
            .line_to(WIDTH - LEFT, self.y - 6.0)
            .stroke();
    }
}

fn draw(doc: &InvoiceDocument) -> Vec<u8> {
    let mut w = Writer {
        content: Content::new(),
        y: HEIGHT - 64.0,
    };
    w.line(BOLD, 16.0, &doc.practice_name);
    w.line(REGULAR, 10.0, &doc.practice_address);
    w.line(
        REGULAR,
        10.0,
        &format!("{}  |  {}", doc.practice_phone, doc.practice_email),
    );
    w.gap(18.0);
    w.line(BOLD, 20.0, "Invoice");
    w.line(REGULAR, 11.0, &format!("Invoice number: {}", doc.number));
    w.line(REGULAR, 11.0, &format!("Date: {}", doc.issued_on));
    w.line(
        REGULAR,
        11.0,
        &format!("Request reference: {}", doc.reference),
    );
    w.line(REGULAR, 11.0, &format!("Bill to: {}", doc.bill_to));
    w.gap(14.0);

    let columns = [LEFT, 330.0, 400.0, 480.0];
    for (x, heading) in columns.iter().zip(["Item", "Quantity", "Unit", "Amount"]) {
        w.text(BOLD, 10.0, *x, heading);
    }
    w.rule_under();
    w.gap(22.0);
    for (i, row) in doc.lines.iter().enumerate() {
        if i > 0 {
            w.gap(15.0);
        }
        for (x, cell) in columns.iter().zip(row) {
            w.text(REGULAR, 10.0, *x, cell);
        }
    }
    w.rule_under();
    w.gap(22.0);
    w.text(BOLD, 11.0, columns[2], "Total");
    w.text(BOLD, 11.0, columns[3], &doc.total);
    w.gap(30.0);

    w.line(BOLD, 12.0, "How to pay");
    for line in wrap(&doc.how_to_pay, 95) {
        w.line(REGULAR, 10.0, &line);
    }
    w.gap(10.0);
    for line in wrap(
        "Connecticut law (CGS 20-7c) sets these fees; the per-page fee includes research, handling and first-class postage. \
         Records are released once the invoice is paid.",
        95,
    ) {
        w.line(REGULAR, 9.0, &line);
    }
    w.content.finish().to_vec()
}

/// Helvetica's WinAnsi encoding covers Latin-1; anything else prints as `?` rather than
/// as garbage.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            n @ (0x20..=0x7e | 0xa0..=0xff) => n as u8,
            _ => b'?',
        })
        .collect()
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> InvoiceDocument {
        InvoiceDocument {
            practice_name: "Shoreline Orthopaedic & Neurosurgery Group".into(),
            practice_address: "100 Harbor Street, New Haven, CT 06511".into(),
            practice_phone: "(203) 555-0142".into(),
            practice_email: "records@example.org".into(),
            number: "INV-2026-000001".into(),
            issued_on: "2026-11-22".into(),
            reference: "RP-2026-000001".into(),
            bill_to: "José Müller (paid)".into(),
            lines: vec![[
                "Documents".into(),
                "12".into(),
                "$0.65".into(),
                "$6.50".into(),
            ]],
            total: "$6.50".into(),
            how_to_pay: "Pay by check.".into(),
        }
    }

    #[test]
    fn renders_a_pdf_with_the_numbers_in_it() {
        let bytes = render(&sample());
        // Kept for looking at (`pdftoppm -png target/invoice-sample.pdf`).
        let _ = std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/target/invoice-sample.pdf"),
            &bytes,
        );
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("INV-2026-000001"));
        assert!(text.contains("$6.50"));
        assert!(text.trim_end().ends_with("%%EOF"));
    }

    #[test]
    fn text_outside_latin_1_is_replaced_not_garbled() {
        assert_eq!(win_ansi("Zoë 李"), b"Zo\xeb ?".to_vec());
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
    }
}
