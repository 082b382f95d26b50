//! Charts drawn on the server as SVG, no script: vertical bars (stacked when there are
//! several series) and lines, with reference lines for targets. Each chart has a title and
//! an accessible name; the page puts a table of the same numbers under it.

use std::fmt::Write;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// One series: its name (for the legend), colour and a value per category.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'static str,
    pub values: Vec<f64>,
}

/// What a chart is called: its element id, title and a sentence describing it (its
/// accessible name and description).
pub struct Named<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// A horizontal line at `value`, labelled (a target or a deadline).
pub struct Reference<'a> {
    pub value: f64,
    pub label: &'a str,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round number at or above `max`, so the axis reads well.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|ceiling| *ceiling >= max)
        .unwrap_or(10.0 * magnitude)
}

struct Frame {
    top_value: f64,
    categories: usize,
}

impl Frame {
    fn plot_width(&self) -> f64 {
        WIDTH - LEFT - RIGHT
    }
    fn y(&self, value: f64) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        TOP + plot - plot * (value / self.top_value).clamp(0.0, 1.0)
    }
    fn slot(&self) -> f64 {
        self.plot_width() / self.categories.max(1) as f64
    }
    fn x_center(&self, index: usize) -> f64 {
        LEFT + self.slot() * (index as f64 + 0.5)
    }
}

fn open(svg: &mut String, named: &Named) {
    let Named {
        id,
        title,
        description,
    } = named;
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
}

/// Axes, grid and category labels (every `label_every`th, for crowded axes).
fn axes(svg: &mut String, frame: &Frame, categories: &[String], unit: &str) {
    for step in 0..=4 {
        let value = frame.top_value * f64::from(step) / 4.0;
        let y = frame.y(value);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#dfe1e2"/><text x="{}" y="{:.1}" text-anchor="end" font-size="13" fill="#3d4551">{}{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            format_value(value),
            unit
        );
    }
    let label_every = categories.len().div_ceil(9).max(1);
    for (i, label) in categories.iter().enumerate() {
        if i % label_every == 0 {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" text-anchor="middle" font-size="13" fill="#3d4551">{}</text>"##,
                frame.x_center(i),
                HEIGHT - BOTTOM + 16.0,
                escape(label)
            );
        }
    }
}

fn format_value(value: f64) -> String {
    if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn references(svg: &mut String, frame: &Frame, refs: &[Reference]) {
    for r in refs {
        let y = frame.y(r.value);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#b50909" stroke-dasharray="6 4"/><text x="{}" y="{:.1}" text-anchor="end" font-size="13" fill="#b50909">{}</text>"##,
            WIDTH - RIGHT,
            WIDTH - RIGHT - 2.0,
            y - 4.0,
            escape(r.label)
        );
    }
}

fn legend(svg: &mut String, series: &[Series]) {
    if series.len() < 2 {
        return;
    }
    let mut x = LEFT;
    for s in series {
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{}" font-size="13" fill="#1b1b1b">{}</text>"##,
            HEIGHT - 16.0,
            s.color,
            x + 14.0,
            HEIGHT - 7.0,
            escape(s.name)
        );
        x += 26.0 + 7.5 * s.name.len() as f64;
    }
}

/// Vertical bars, stacked when there are several series. `alert` marks categories drawn in
/// the warning colour instead (past a deadline).
pub fn bars(
    named: &Named,
    categories: &[String],
    series: &[Series],
    refs: &[Reference],
    alert: &[bool],
) -> String {
    let totals: Vec<f64> = (0..categories.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let highest = totals
        .iter()
        .copied()
        .chain(refs.iter().map(|r| r.value))
        .fold(0.0, f64::max);
    // Counts: whole numbers on every grid line.
    let top_value = if highest <= 40.0 {
        ((highest / 4.0).ceil() * 4.0).max(4.0)
    } else {
        nice_ceiling(highest)
    };
    let frame = Frame {
        top_value,
        categories: categories.len(),
    };
    let mut svg = String::new();
    open(&mut svg, named);
    axes(&mut svg, &frame, categories, "");
    let width = (frame.slot() * 0.7).max(1.0);
    for i in 0..categories.len() {
        let mut base = 0.0;
        for s in series {
            let value = s.values.get(i).copied().unwrap_or(0.0);
            if value <= 0.0 {
                continue;
            }
            let color = if alert.get(i).copied().unwrap_or(false) {
                "#b50909"
            } else {
                s.color
            };
            let (top, bottom) = (frame.y(base + value), frame.y(base));
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{top:.1}" width="{width:.1}" height="{:.1}" fill="{color}"/>"#,
                frame.x_center(i) - width / 2.0,
                (bottom - top).max(0.5)
            );
            base += value;
        }
    }
    references(&mut svg, &frame, refs);
    legend(&mut svg, series);
    svg.push_str("</svg>");
    svg
}

/// Lines with a dot at each value (`None`: no value that category); the axis runs to at
/// least `floor_top` (100 for a percentage).
pub fn lines(
    named: &Named,
    categories: &[String],
    series: &[(Series, Vec<bool>)],
    refs: &[Reference],
    floor_top: f64,
    unit: &str,
) -> String {
    let highest = series
        .iter()
        .flat_map(|(s, _)| s.values.iter().copied())
        .chain(refs.iter().map(|r| r.value))
        .fold(floor_top, f64::max);
    let frame = Frame {
        top_value: nice_ceiling(highest),
        categories: categories.len(),
    };
    let mut svg = String::new();
    open(&mut svg, named);
    axes(&mut svg, &frame, categories, unit);
    references(&mut svg, &frame, refs);
    for (s, present) in series {
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .filter(|(i, _)| present.get(*i).copied().unwrap_or(false))
            .map(|(i, v)| format!("{:.1},{:.1}", frame.x_center(i), frame.y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            points.join(" "),
            s.color
        );
        for point in &points {
            let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                svg,
                r#"<circle cx="{x}" cy="{y}" r="3.5" fill="{}"/>"#,
                s.color
            );
        }
    }
    let plain: Vec<Series> = series
        .iter()
        .map(|(s, _)| Series {
            name: s.name,
            color: s.color,
            values: Vec::new(),
        })
        .collect();
    legend(&mut svg, &plain);
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stacked_bar_chart_draws_each_part_and_escapes_its_labels() {
        let svg = bars(
            &Named {
                id: "t",
                title: "Requests <per> week",
                description: "desc",
            },
            &["a".into(), "b".into()],
            &[
                Series {
                    name: "Patient",
                    color: "#005ea2",
                    values: vec![2.0, 0.0],
                },
                Series {
                    name: "Provider",
                    color: "#00a398",
                    values: vec![1.0, 3.0],
                },
            ],
            &[],
            &[false, true],
        );
        // Three bar parts (the zero one left out) and two legend swatches.
        assert_eq!(svg.matches("<rect x=").count(), 5);
        assert!(svg.contains("Requests &lt;per&gt; week"));
        assert!(svg.contains("#b50909"), "the alerted category");
        assert!(svg.contains(r#"role="img""#));
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(23.0), 25.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }
}
