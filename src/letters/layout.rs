//! A letter laid out: every line placed on a page, and the structure (figure, headings,
//! paragraphs, table rows and cells) recorded against those lines, for `pdf.rs` to draw.

use super::face::{BOLD, Face, REGULAR};
use super::{Block, Letter, Table};

/// US Letter, in points; y grows downwards from the top.
pub(super) const WIDTH: f32 = 612.0;
pub(super) const HEIGHT: f32 = 792.0;
pub(super) const LEFT: f32 = 60.0;
pub(super) const TOP: f32 = 60.0;
pub(super) const BOTTOM: f32 = HEIGHT - 70.0;
pub(super) const TEXT_WIDTH: f32 = WIDTH - 2.0 * LEFT;
pub(super) const BODY: f32 = 11.0;
pub(super) const SMALL: f32 = 9.0;
/// The site's link blue (USWDS primary), for the practice's mark.
pub(super) const BRAND: (u8, u8, u8) = (0, 94, 162);

pub(super) enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        y: f32,
    },
    Logo {
        x: f32,
        y: f32,
    },
}

/// A structure element over the marks (by index) that make it up.
pub(super) enum Element {
    Figure(String, usize),
    Heading(u16, String, Vec<usize>),
    Paragraph(Vec<usize>),
    Table(String, Vec<Vec<(bool, Vec<usize>)>>),
}

#[derive(Default)]
pub(super) struct Layout {
    /// Each page's marks, by index into `marks`.
    pub(super) pages: Vec<Vec<usize>>,
    pub(super) marks: Vec<Mark>,
    pub(super) elements: Vec<Element>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
            ..Default::default()
        }
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn mark(&mut self, mark: Mark) -> usize {
        self.marks.push(mark);
        let index = self.marks.len() - 1;
        self.pages.last_mut().expect("a page").push(index);
        index
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, text: &str) -> usize {
        let text = Face::get(bold).printable(text);
        self.mark(Mark::Text {
            x,
            y: baseline,
            size,
            bold,
            text,
        })
    }

    /// Wrapped lines from the left margin; returns their marks.
    fn lines(&mut self, text: &str, size: f32, bold: bool) -> Vec<usize> {
        let leading = size * 1.4;
        let face = Face::get(bold);
        face.wrap(&face.printable(text), size, TEXT_WIDTH)
            .iter()
            .map(|line| {
                self.room_for(leading);
                self.y += leading;
                self.text(LEFT, self.y, size, bold, line)
            })
            .collect()
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                self.y += 10.0;
                self.room_for(40.0);
                let marks = self.lines(text, 14.0, true);
                self.elements.push(Element::Heading(2, text.clone(), marks));
                self.y += 2.0;
            }
            Block::Paragraph(text) => {
                let marks = self.lines(text, BODY, false);
                self.elements.push(Element::Paragraph(marks));
                self.y += 6.0;
            }
            Block::SmallPrint(text) => {
                let marks = self.lines(text, SMALL, false);
                self.elements.push(Element::Paragraph(marks));
                self.y += 4.0;
            }
            Block::Fact(label, value) => {
                let label = format!("{label}: ");
                let indent = BOLD.width(&label, BODY);
                self.room_for(BODY * 1.4);
                self.y += BODY * 1.4;
                let mut marks = vec![self.text(LEFT, self.y, BODY, true, &label)];
                let value = REGULAR.printable(value);
                for (i, line) in REGULAR
                    .wrap(&value, BODY, TEXT_WIDTH - indent)
                    .iter()
                    .enumerate()
                {
                    if i > 0 {
                        self.room_for(BODY * 1.4);
                        self.y += BODY * 1.4;
                    }
                    marks.push(self.text(LEFT + indent, self.y, BODY, false, line));
                }
                self.elements.push(Element::Paragraph(marks));
            }
            Block::Table(table) => self.table(table),
        }
    }

    fn table(&mut self, table: &Table) {
        const PAD: f32 = 10.0;
        let columns = table.header.len();
        let all_rows = || {
            std::iter::once(&table.header)
                .chain(&table.rows)
                .chain(&table.footer)
        };
        let numeric = |c: usize| table.numeric.get(c).copied().unwrap_or(false);
        // Numeric columns as wide as their widest cell; the others share what is left.
        let mut widths: Vec<f32> = (0..columns)
            .map(|c| {
                if numeric(c) {
                    all_rows()
                        .filter_map(|row| row.get(c))
                        .map(|cell| BOLD.width(cell, BODY) + PAD)
                        .fold(0.0, f32::max)
                } else {
                    0.0
                }
            })
            .collect();
        let fixed: f32 = widths.iter().sum();
        let flexible = (0..columns).filter(|c| !numeric(*c)).count().max(1) as f32;
        for (c, width) in widths.iter_mut().enumerate() {
            if !numeric(c) {
                *width = (TEXT_WIDTH - fixed) / flexible;
            }
        }
        let leading = BODY * 1.4;
        let mut rows = Vec::new();
        self.y += 10.0;
        let footer_at = 1 + table.rows.len();
        for (r, row) in all_rows().enumerate() {
            let header = r == 0;
            let bold = header || r >= footer_at;
            let face = Face::get(bold);
            let wrapped: Vec<Vec<String>> = (0..columns)
                .map(|c| {
                    let cell = face.printable(row.get(c).map_or("", String::as_str));
                    if numeric(c) {
                        vec![cell]
                    } else {
                        face.wrap(&cell, BODY, widths[c] - PAD)
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading;
            if r == footer_at {
                self.y += 4.0;
            }
            self.room_for(height + 8.0);
            if r == footer_at {
                self.mark(Mark::Rule { y: self.y });
            }
            let top = self.y;
            let mut cells = Vec::new();
            let mut x = LEFT;
            for (c, lines) in wrapped.iter().enumerate() {
                let marks = lines
                    .iter()
                    .enumerate()
                    .map(|(i, line)| {
                        let baseline = top + leading * (i as f32 + 1.0);
                        let at = if numeric(c) {
                            x + widths[c] - face.width(line, BODY)
                        } else {
                            x
                        };
                        self.text(at, baseline, BODY, bold, line)
                    })
                    .collect();
                cells.push((header, marks));
                x += widths[c];
            }
            self.y = top + height;
            if header {
                // Below the header's descenders, above the first row's capitals.
                self.mark(Mark::Rule { y: self.y + 4.0 });
                self.y += 8.0;
            }
            rows.push(cells);
        }
        self.elements
            .push(Element::Table(table.summary.clone(), rows));
        self.y += 10.0;
    }
}

pub(super) fn lay_out(letter: &Letter) -> Layout {
    let mut layout = Layout::new();
    // The letterhead: the practice's mark beside its name, address and contact lines.
    let logo = layout.mark(Mark::Logo { x: LEFT, y: TOP });
    layout
        .elements
        .push(Element::Figure(letter.letterhead.logo_alt.clone(), logo));
    layout.y = TOP + 18.0;
    let name = layout.text(LEFT + 42.0, layout.y, 16.0, true, &letter.letterhead.name);
    let mut head = vec![name];
    for line in &letter.letterhead.lines {
        layout.y += SMALL * 1.5;
        head.push(layout.text(LEFT + 42.0, layout.y, SMALL + 1.0, false, line));
    }
    layout.elements.push(Element::Paragraph(head));
    layout.y = layout.y.max(TOP + 36.0) + 24.0;
    let title = layout.lines(&letter.title, 20.0, true);
    layout
        .elements
        .push(Element::Heading(1, letter.title.clone(), title));
    layout.y += 8.0;
    for block in &letter.blocks {
        layout.block(block);
    }
    layout
}
