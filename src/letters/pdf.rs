//! The PDF of a [`Letter`], drawn from its layout (`layout.rs`): each line inside its own
//! marked content, rules and page numbers as artifacts, and the structure tree built from
//! the identifiers the drawing returned.

use std::num::NonZeroU16;

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
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use super::face::{Face, REGULAR};
use super::layout::{BRAND, Element, HEIGHT, LEFT, Layout, Mark, SMALL, WIDTH, lay_out};
use super::{Letter, PdfError};

pub fn render(letter: &Letter) -> Result<Vec<u8>, PdfError> {
    draw(letter, lay_out(letter))
}

fn draw(letter: &Letter, layout: Layout) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|_| PdfError("the PDF/UA configuration was refused".into()))?;
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
    // Only the kind of refusal: krilla's own report can quote the letter's text.
    document.finish().map_err(|e| {
        PdfError(match e {
            krilla::error::KrillaError::Validation(problems) => {
                format!(
                    "PDF/UA-1 validation refused it ({} problems)",
                    problems.len()
                )
            }
            _ => "krilla could not write it".into(),
        })
    })
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

/// One line, run by run: the letter's face, and the fallback where it lacks a character.
fn text(surface: &mut Surface, x: f32, baseline: f32, size: f32, bold: bool, line: &str) {
    let mut x = x;
    for (face, run) in Face::get(bold).runs(line) {
        surface.draw_text(
            Point::from_xy(x, baseline),
            face.font.clone(),
            size,
            &run,
            false,
            TextDirection::Auto,
        );
        x += face.run_width(&run, size);
    }
}
