//! The site's typeface (Source Sans Pro, SIL Open Font License) for letters, with DejaVu
//! Sans (Bitstream Vera licence) for the characters it lacks (Vietnamese, Greek, Cyrillic,
//! Latin Extended: patients' names): embedded as subsets, measured with the shaper krilla
//! draws with, text made printable and wrapped.

use std::sync::LazyLock;

use krilla::text::Font;
use unicode_normalization::UnicodeNormalization;

/// The site's typeface (Source Sans Pro, SIL Open Font License), embedded as a subset.
pub(super) struct Face {
    pub(super) font: Font,
    shaper: rustybuzz::Face<'static>,
}

static REGULAR_BYTES: &[u8] = include_bytes!("fonts/SourceSansPro-Regular.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("fonts/SourceSansPro-Bold.ttf");
pub(super) static REGULAR: LazyLock<Face> = LazyLock::new(|| Face::load(REGULAR_BYTES));
pub(super) static BOLD: LazyLock<Face> = LazyLock::new(|| Face::load(BOLD_BYTES));
static FALLBACK_BYTES: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static FALLBACK: LazyLock<Face> = LazyLock::new(|| Face::load(FALLBACK_BYTES));

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        Face {
            font: Font::new(bytes.into(), 0).expect("the bundled font parses"),
            shaper: rustybuzz::Face::from_slice(bytes, 0).expect("the bundled font parses"),
        }
    }

    pub(super) fn get(bold: bool) -> &'static Face {
        if bold { &BOLD } else { &REGULAR }
    }

    /// The width of `text` at `size`, shaped as krilla will draw it, run by run.
    pub(super) fn width(&'static self, text: &str, size: f32) -> f32 {
        self.runs(text)
            .iter()
            .map(|(face, run)| face.run_width(run, size))
            .sum()
    }

    /// `text` cut into runs each drawn in one face: this one, or the fallback for the
    /// characters this one lacks.
    pub(super) fn runs(&'static self, text: &str) -> Vec<(&'static Face, String)> {
        let mut runs: Vec<(&'static Face, String)> = Vec::new();
        for c in text.chars() {
            let face: &'static Face = if c == ' ' || self.has(c) {
                self
            } else {
                &FALLBACK
            };
            match runs.last_mut() {
                Some((last, run)) if std::ptr::eq(*last, face) => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }

    pub(super) fn run_width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / f32::from(self.shaper.units_per_em() as u16) * size
    }

    /// `text` with each character neither face has replaced by `?`: PDF/UA forbids drawing
    /// a missing glyph, and a name in another script must not stop the letter.
    pub(super) fn printable(&self, text: &str) -> String {
        // Composed first: "é" typed as "e" and a combining accent is one glyph here.
        text.nfc()
            .map(|c| {
                if c == '\n' {
                    c
                } else if c.is_whitespace() {
                    ' '
                } else if self.has(c) || FALLBACK.has(c) {
                    c
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Greedy wrapping to `width`; each line but the last keeps its trailing space so the
    /// text read back has a word break where the line breaks.
    pub(super) fn wrap(&'static self, text: &str, size: f32, width: f32) -> Vec<String> {
        // A line break someone typed (a clerk's explanation) stays one.
        let mut broken: Vec<String> = text
            .split('\n')
            .flat_map(|part| self.wrap_line(part, size, width))
            .collect();
        if broken.is_empty() {
            broken.push(String::new());
        }
        broken
    }

    fn wrap_line(&'static self, text: &str, size: f32, width: f32) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_composed_and_what_the_face_lacks_is_marked() {
        // "é" typed as "e" and a combining accent; a tab; a name in another script.
        assert_eq!(
            REGULAR.printable("Jose\u{301}\tMüller Nguyễn 李"),
            "José Müller Nguyễn ?"
        );
        let runs: Vec<String> = REGULAR
            .runs("Nguyễn Văn")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(runs, vec!["Nguy", "ễ", "n Văn"]);
    }

    #[test]
    fn typed_line_breaks_stay_and_long_text_wraps_on_words() {
        let lines = REGULAR.wrap("First line\nsecond line", 11.0, 400.0);
        assert_eq!(lines, vec!["First line", "second line"]);
        let wrapped = REGULAR.wrap(&"word ".repeat(40), 11.0, 200.0);
        assert!(
            wrapped.len() > 3
                && wrapped
                    .iter()
                    .all(|l| REGULAR.width(l.trim_end(), 11.0) <= 200.0)
        );
    }
}
