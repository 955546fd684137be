//! Lines over ordered x labels (years, fiscal years, months): how counts change over time.
//!
//! Why gaps: a missing or suppressed point is not zero, and joining its neighbours would invent a value,
//! so the line breaks there. A suppressed point is written "<5" near the axis in the series' colour.
//! Each series also gets its own dash pattern and marker shape, so the lines can be told apart without
//! colour.

use std::fmt::Write as _;

use crate::figure::{Figure, escape};
use crate::label::{fit, text_width};
use crate::palette::{self, GRID, TEXT_MUTED};
use crate::svg::{self, FONT, LegendEntry, WIDE, num};
use crate::{Datum, SUPPRESSED, Series, Text, format_number};

const PLOT_HEIGHT: f64 = 170.0;
const DASHES: [&str; 4] = ["", "7 4", "2 3", "9 3 2 3"];

/// Lines, one per series, over `x_labels`; a series with fewer values than labels is padded with
/// [`Datum::Missing`]. The y axis starts at zero (or below, for negative values).
pub fn line(id: &str, text: &Text, x_labels: &[String], series: &[Series]) -> Figure {
    let value = |s: &Series, i: usize| s.values.get(i).copied().unwrap_or(Datum::Missing);
    let mut headers = vec![text.label_header.clone()];
    headers.extend(series.iter().map(|s| s.label.clone()));
    let rows: Vec<Vec<String>> = x_labels
        .iter()
        .enumerate()
        .map(|(i, x)| std::iter::once(x.clone()).chain(series.iter().map(|s| value(s, i).display())).collect())
        .collect();
    if !x_labels.iter().enumerate().any(|(i, _)| series.iter().any(|s| value(s, i).is_present())) {
        return svg::empty(id, text, headers, rows);
    }

    let mut body = String::new();
    let entries: Vec<LegendEntry> = series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendEntry { colour: palette::series(i), label: s.label.clone(), dash: Some(DASHES[i % DASHES.len()]) })
        .collect();
    let legend_height = svg::legend(&mut body, &entries, 4.0, 4.0, WIDE - 8.0);

    // The y scale: nice round ticks covering every value and zero.
    let values = series.iter().flat_map(|s| (0..x_labels.len()).filter_map(|i| value(s, i).value()));
    let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ticks = nice_ticks(low, high);
    let (y_min, y_max) = (ticks[0], ticks[ticks.len() - 1]);
    let tick_labels: Vec<String> = ticks.iter().map(|&t| format_number(t)).collect();
    let axis_width = tick_labels.iter().map(|t| text_width(t, FONT)).fold(0.0, f64::max);

    // The x scale, thinned so labels never overlap: every k-th label, each shortened to its room.
    let n = x_labels.len();
    let widest_x = x_labels.iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
    let half_label = (widest_x / 2.0).min(40.0);
    let left = (4.0 + axis_width + 8.0).max(4.0 + half_label);
    let right = WIDE - 4.0 - half_label.max(6.0);
    let top = 4.0 + legend_height + 10.0;
    let bottom = top + PLOT_HEIGHT;
    let spacing = if n > 1 { (right - left) / (n - 1) as f64 } else { right - left };
    let step = (1..=n.max(1)).find(|k| widest_x.min(80.0) + 8.0 <= *k as f64 * spacing).unwrap_or(n.max(1));
    let x_of = |i: usize| if n > 1 { left + i as f64 * spacing } else { (left + right) / 2.0 };
    let y_of = |v: f64| bottom - (v - y_min) / (y_max - y_min) * PLOT_HEIGHT;

    for (tick, label) in ticks.iter().zip(&tick_labels) {
        let y = num(y_of(*tick));
        let _ = write!(
            body,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}"/><text x="{}" y="{}" text-anchor="end" fill="{TEXT_MUTED}">{}</text>"#,
            num(left),
            num(right),
            num(left - 6.0),
            num(y_of(*tick) + 4.5),
            escape(label)
        );
    }
    for (i, label) in x_labels.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let room = (step as f64 * spacing - 8.0).max(text_width("…", FONT) * 2.0);
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{TEXT_MUTED}">{}</text>"#,
            num(x_of(i)),
            num(bottom + 18.0),
            escape(&fit(label, room.min(80.0), FONT))
        );
    }

    for (s, one) in series.iter().enumerate() {
        let colour = palette::series(s);
        let dash = DASHES[s % DASHES.len()];
        let dash_attr = if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        // One subpath per run of drawable points: a gap wherever a value is missing or suppressed.
        let mut d = String::new();
        let mut run = 0;
        for i in 0..n {
            match value(one, i).value() {
                Some(v) => {
                    let _ = write!(d, "{}{} {}", if run == 0 { 'M' } else { 'L' }, num(x_of(i)), num(y_of(v)));
                    run += 1;
                }
                None => run = 0,
            }
        }
        if !d.is_empty() {
            let _ = write!(body, r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>"#);
        }
        for (i, x_label) in x_labels.iter().enumerate() {
            let datum = value(one, i);
            let tip = svg::tooltip(&format!("{} – {x_label}", one.label), datum);
            match datum.value() {
                Some(v) => {
                    let close = svg::open_mark(&mut body, None, &tip);
                    marker(&mut body, s, x_of(i), y_of(v), colour);
                    body.push_str(close);
                }
                None if datum == Datum::Suppressed => {
                    // Written just above the zero line, stacked when several series are suppressed.
                    let close = svg::open_mark(&mut body, None, &tip);
                    let y = y_of(0.0_f64.clamp(y_min, y_max)) - 5.0;
                    let _ = write!(
                        body,
                        r#"<text x="{}" y="{}" text-anchor="middle" fill="{colour}">{}</text>"#,
                        num(x_of(i)),
                        num(y - s as f64 * 14.0),
                        escape(SUPPRESSED)
                    );
                    body.push_str(close);
                }
                None => {}
            }
        }
    }

    let desc = series
        .iter()
        .take(3)
        .filter_map(|s| {
            let points: Vec<(usize, Datum)> = (0..n).map(|i| (i, value(s, i))).filter(|(_, d)| d.is_present()).collect();
            let (first, last) = (points.first()?, points.last()?);
            Some(if first.0 == last.0 {
                format!("{}: {} {}", s.label, x_labels[first.0], first.1.display())
            } else {
                format!("{}: {} {} → {} {}", s.label, x_labels[first.0], first.1.display(), x_labels[last.0], last.1.display())
            })
        })
        .collect::<Vec<_>>()
        .join("; ");
    let svg = svg::document(id, WIDE, bottom + 26.0, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}

/// A point marker whose shape follows the series: circle, square, diamond, triangle.
fn marker(out: &mut String, series: usize, x: f64, y: f64, colour: &str) {
    let _ = match series % 4 {
        0 => write!(out, r#"<circle cx="{}" cy="{}" r="3.5" fill="{colour}"/>"#, num(x), num(y)),
        1 => write!(out, r#"<rect x="{}" y="{}" width="7" height="7" fill="{colour}"/>"#, num(x - 3.5), num(y - 3.5)),
        2 => write!(out, r#"<path d="M{} {}l4.5 4.5-4.5 4.5-4.5-4.5z" fill="{colour}"/>"#, num(x), num(y - 4.5)),
        _ => write!(out, r#"<path d="M{} {}l4.5 8h-9z" fill="{colour}"/>"#, num(x), num(y - 4.5)),
    };
}

/// Round ticks from at or below `low` to at or above `high`, about five of them, steps of 1, 2 or 5 × 10ⁿ.
pub(crate) fn nice_ticks(low: f64, high: f64) -> Vec<f64> {
    let span = if high > low { high - low } else { 1.0 };
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|f| f * magnitude).find(|&s| s >= raw).unwrap_or(10.0 * magnitude);
    // Whole-number data gets whole-number ticks.
    let step = if step < 1.0 && low.fract() == 0.0 && high.fract() == 0.0 { 1.0 } else { step };
    let first = (low / step).floor() as i64;
    let last = (high / step).ceil().max(first as f64 + 1.0) as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::nice_ticks;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        assert_eq!(nice_ticks(0.0, 37.0), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(nice_ticks(0.0, 1.0), vec![0.0, 1.0]);
        assert_eq!(nice_ticks(0.0, 0.0), vec![0.0, 1.0]);
        assert_eq!(nice_ticks(-12.0, 30.0), vec![-20.0, 0.0, 20.0, 40.0]);
        assert_eq!(nice_ticks(0.0, 1234.0), vec![0.0, 500.0, 1000.0, 1500.0]);
    }
}
