//! Horizontal bars: the chart for comparing counts between named things (organisations per city,
//! activities per partner).
//!
//! Why horizontal: Thai labels are long and read left to right beside the bar; vertical bars would need
//! rotated text. Values are written at the bar ends, so no axis is needed.

use std::fmt::Write as _;

use crate::figure::{Figure, escape};
use crate::label::{fit, text_width};
use crate::palette::{BAR, GRID, TEXT_MUTED};
use crate::svg::{self, FONT, WIDE, num};
use crate::{Datum, Item, MISSING, SUPPRESSED, Text};

/// Height of one bar's row and of the bar in it.
pub(crate) const ROW: f64 = 28.0;
pub(crate) const BAR_HEIGHT: f64 = 18.0;
/// The widest the label column gets; longer labels are shortened.
pub(crate) const MAX_LABEL: f64 = 150.0;

/// Horizontal bars, labels left, values at the bar ends. A suppressed value is written "<5" where the
/// bar would start and no bar is drawn; a missing one is written "–".
pub fn bars(id: &str, text: &Text, items: &[Item]) -> Figure {
    let headers = vec![text.label_header.clone(), text.value_header.clone()];
    let rows: Vec<Vec<String>> = items.iter().map(|i| vec![i.label.clone(), i.value.display()]).collect();
    if !items.iter().any(|i| i.value.is_present()) {
        return svg::empty(id, text, headers, rows);
    }

    let layout = Layout::new(items.iter().map(|i| (i.label.as_str(), i.value)));
    let mut body = String::new();
    // The zero line, so that bars start visibly from somewhere.
    let zero = layout.x(0.0);
    let _ = write!(body, r#"<line x1="{z}" y1="0" x2="{z}" y2="{}" stroke="{GRID}"/>"#, num(layout.height), z = num(zero));
    for (row, item) in items.iter().enumerate() {
        let y = layout.top + row as f64 * ROW;
        let close = svg::open_mark(&mut body, item.href.as_deref(), &svg::tooltip(&item.label, item.value));
        layout.write_label(&mut body, &item.label, y);
        layout.write_bar(&mut body, item.value, y, BAR);
        body.push_str(close);
    }
    let desc = svg::summary(items.iter().map(|i| (i.label.as_str(), i.value)), 3);
    let svg = svg::document(id, WIDE, layout.height, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}

/// Where the label column ends and how values map to x, shared with the stacked bars.
pub(crate) struct Layout {
    pub label_width: f64,
    pub bar_start: f64,
    pub bar_end: f64,
    pub low: f64,
    pub high: f64,
    pub top: f64,
    pub height: f64,
}

impl Layout {
    /// Fits labels, bars and value texts into the chart's width for these rows.
    pub(crate) fn new<'a>(rows: impl Iterator<Item = (&'a str, Datum)> + Clone) -> Layout {
        let label_width = rows.clone().map(|(l, _)| text_width(l, FONT)).fold(0.0, f64::max).min(MAX_LABEL);
        let values = rows.clone().filter_map(|(_, d)| d.value());
        let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let high = if high == low { low + 1.0 } else { high };
        let value_width = rows.clone().map(|(_, d)| text_width(&d.display(), FONT)).fold(0.0, f64::max);
        let count = rows.count() as f64;
        let bar_start = 4.0 + label_width + 8.0;
        Layout { label_width, bar_start, bar_end: WIDE - 4.0 - value_width - 6.0, low, high, top: 4.0, height: 8.0 + count * ROW }
    }

    /// The x of a value.
    pub(crate) fn x(&self, v: f64) -> f64 {
        self.bar_start + (v - self.low) / (self.high - self.low) * (self.bar_end - self.bar_start)
    }

    /// The row's label, right-aligned against the bars and shortened to the label column.
    pub(crate) fn write_label(&self, out: &mut String, label: &str, y: f64) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            num(4.0 + self.label_width),
            num(y + ROW / 2.0 + 4.5),
            escape(&fit(label, self.label_width, FONT))
        );
    }

    /// One bar with its value at the end, or the "<5" / "–" sign where the bar would start.
    pub(crate) fn write_bar(&self, out: &mut String, value: Datum, y: f64, colour: &str) {
        let baseline = num(y + ROW / 2.0 + 4.5);
        let zero = self.x(0.0);
        match value.value() {
            Some(v) => {
                let (a, b) = if v >= 0.0 { (zero, self.x(v)) } else { (self.x(v), zero) };
                // A non-zero value is never drawn thinner than one unit, or it would look like zero.
                let width = if v == 0.0 { 0.0 } else { (b - a).max(1.0) };
                if width > 0.0 {
                    let _ = write!(
                        out,
                        r#"<rect x="{}" y="{}" width="{}" height="{BAR_HEIGHT}" fill="{colour}"/>"#,
                        num(a),
                        num(y + (ROW - BAR_HEIGHT) / 2.0),
                        num(width)
                    );
                }
                let _ = write!(out, r#"<text x="{}" y="{baseline}">{}</text>"#, num(zero.max(a + width) + 4.0), escape(&value.display()));
            }
            None => {
                let sign = if value == Datum::Suppressed { SUPPRESSED } else { MISSING };
                let _ = write!(out, r#"<text x="{}" y="{baseline}" fill="{TEXT_MUTED}">{}</text>"#, num(zero + 4.0), escape(sign));
            }
        }
    }
}
