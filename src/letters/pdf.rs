//! The PDF of a [`Letter`], laid out in two passes: first every line is placed on a page and the
//! structure (figure, headings, paragraphs, table rows and cells) recorded against those
//! lines; then the pages are drawn, each line inside its own marked content, and the
//! structure tree built from the identifiers the drawing returned.

use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::{Block, Letter, PdfError, Table};

/// US Letter, in points; y grows downwards from the top.
const WIDTH: f32 = 612.0;
const HEIGHT: f32 = 792.0;
const LEFT: f32 = 60.0;
const TOP: f32 = 60.0;
const BOTTOM: f32 = HEIGHT - 70.0;
const TEXT_WIDTH: f32 = WIDTH - 2.0 * LEFT;
const BODY: f32 = 11.0;
const SMALL: f32 = 9.0;
/// The site's link blue (USWDS primary), for the practice's mark.
const BRAND: (u8, u8, u8) = (0, 94, 162);

/// The site's typeface (Source Sans Pro, SIL Open Font License), embedded as a subset.
struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
}

static REGULAR_BYTES: &[u8] = include_bytes!("fonts/SourceSansPro-Regular.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("fonts/SourceSansPro-Bold.ttf");
static REGULAR: LazyLock<Face> = LazyLock::new(|| Face::load(REGULAR_BYTES));
static BOLD: LazyLock<Face> = LazyLock::new(|| Face::load(BOLD_BYTES));

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        Face {
            font: Font::new(bytes.into(), 0).expect("the bundled font parses"),
            shaper: rustybuzz::Face::from_slice(bytes, 0).expect("the bundled font parses"),
        }
    }

    fn get(bold: bool) -> &'static Face {
        if bold { &BOLD } else { &REGULAR }
    }

    /// The width of `text` at `size`, shaped as krilla will draw it.
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / f32::from(self.shaper.units_per_em() as u16) * size
    }

    /// `text` with each character the typeface lacks replaced by `?`: PDF/UA forbids
    /// drawing a missing glyph, and a name in another script must not stop the letter.
    fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                if c.is_whitespace() || self.shaper.glyph_index(c).is_some() {
                    c
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Greedy wrapping to `width`; each line but the last keeps its trailing space so the
    /// text read back has a word break where the line breaks.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&candidate, size) > width {
                lines.push(std::mem::take(&mut line) + " ");
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

enum Mark {
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
enum Element {
    Figure(String, usize),
    Heading(u16, String, Vec<usize>),
    Paragraph(Vec<usize>),
    Table(String, Vec<Vec<(bool, Vec<usize>)>>),
}

#[derive(Default)]
struct Layout {
    /// Each page's marks, by index into `marks`.
    pages: Vec<Vec<usize>>,
    marks: Vec<Mark>,
    elements: Vec<Element>,
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

pub fn render(letter: &Letter) -> Result<Vec<u8>, PdfError> {
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
    draw(letter, layout)
}

fn draw(letter: &Letter, layout: Layout) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    });
    let mut ids: Vec<Option<Identifier>> = vec![None; layout.marks.len()];
    let count = layout.pages.len();
    for (number, page_marks) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).expect("a page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for &index in page_marks {
            ids[index] = draw_mark(&mut surface, &layout.marks[index]);
        }
        if count > 1 {
            // "2 / 3": a page number is an artifact, not part of the text.
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::PageNumber,
            )));
            let label = format!("{} / {count}", number + 1);
            let x = WIDTH - LEFT - REGULAR.width(&label, SMALL);
            text(&mut surface, x, HEIGHT - 40.0, SMALL, false, &label);
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
    }

    let leaf = |index: usize| ids[index].expect("every text mark is drawn");
    let group = |tag: TagKind, marks: &[usize]| {
        let mut group = TagGroup::new(tag);
        for &m in marks {
            group.push(leaf(m));
        }
        group
    };
    let mut tree = TagTree::new().with_lang(Some(letter.lang.code().to_owned()));
    for element in &layout.elements {
        tree.push(match element {
            Element::Figure(alt, mark) => group(Tag::Figure(Some(alt.clone())).into(), &[*mark]),
            Element::Heading(level, title, marks) => group(
                Tag::Hn(
                    NonZeroU16::new(*level).expect("a heading level"),
                    Some(title.clone()),
                )
                .into(),
                marks,
            ),
            Element::Paragraph(marks) => group(Tag::P.into(), marks),
            Element::Table(summary, rows) => {
                let mut table = TagGroup::new(Tag::Table.with_summary(Some(summary.clone())));
                for row in rows {
                    let mut tr = TagGroup::new(Tag::TR);
                    for (header, marks) in row {
                        let tag = if *header {
                            Tag::TH(TableHeaderScope::Column).into()
                        } else {
                            Tag::TD.into()
                        };
                        tr.push(group(tag, marks));
                    }
                    table.push(tr);
                }
                table
            }
        });
    }
    document.set_tag_tree(tree);
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        letter.title.clone(),
        XyzDestination::new(0, Point::from_xy(0.0, 0.0)),
    ));
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(letter.title.clone())
            .language(letter.lang.code().to_owned())
            .authors(vec![letter.letterhead.name.clone()])
            .creator("records-portal".to_owned()),
    );
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn draw_mark(surface: &mut Surface, mark: &Mark) -> Option<Identifier> {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            bold,
            text: line,
        } => {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            text(surface, *x, *y, *size, *bold, line);
            surface.end_tagged();
            Some(id)
        }
        Mark::Rule { y } => {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
            let mut path = PathBuilder::new();
            path.move_to(LEFT, *y);
            path.line_to(WIDTH - LEFT, *y);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(113, 118, 122).into(),
                width: 0.75,
                ..Default::default()
            }));
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
            surface.set_stroke(None);
            surface.end_tagged();
            None
        }
        Mark::Logo { x, y } => {
            // A blue square with a white cross: the site's mark, drawn, not an image.
            let id = surface.start_tagged(ContentTag::Other);
            let fill = |surface: &mut Surface, (r, g, b): (u8, u8, u8)| {
                surface.set_fill(Some(Fill {
                    paint: rgb::Color::new(r, g, b).into(),
                    ..Default::default()
                }));
            };
            fill(surface, BRAND);
            rect(surface, *x, *y, 30.0, 30.0);
            fill(surface, (255, 255, 255));
            rect(surface, x + 12.0, y + 6.0, 6.0, 18.0);
            rect(surface, x + 6.0, y + 12.0, 18.0, 6.0);
            surface.set_fill(None);
            surface.end_tagged();
            Some(id)
        }
    }
}

fn rect(surface: &mut Surface, x: f32, y: f32, w: f32, h: f32) {
    let mut path = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        path.push_rect(r);
    }
    if let Some(path) = path.finish() {
        surface.draw_path(&path);
    }
}

fn text(surface: &mut Surface, x: f32, baseline: f32, size: f32, bold: bool, line: &str) {
    surface.draw_text(
        Point::from_xy(x, baseline),
        Face::get(bold).font.clone(),
        size,
        line,
        false,
        TextDirection::Auto,
    );
}
