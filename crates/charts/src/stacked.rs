//! Stacked horizontal bars: how a total per category splits by series (e.g. activities per city by
//! status).
//!
//! Why this shape: each category keeps one bar and one label, like [`crate::bars`], so the two read the
//! same way; the legend above names the layers, and a segment wide enough carries its own number.
//! A suppressed layer has no width: it is written as "<5" in the layer's colour after the bar's total.

use std::fmt::Write as _;

use crate::bars::{BAR_HEIGHT, Layout, ROW};
use crate::figure::{Figure, escape};
use crate::label::text_width;
use crate::palette::{self, GRID};
use crate::svg::{self, FONT, LegendEntry, WIDE, num};
use crate::{Datum, SUPPRESSED, Series, Text, format_number};

/// One bar per category, stacked by series in the order given, with a legend. Negative values are not
/// stackable and are drawn as zero (the table shows them).
pub fn stacked_bars(id: &str, text: &Text, categories: &[String], series: &[Series]) -> Figure {
    let value = |s: &Series, c: usize| s.values.get(c).copied().unwrap_or(Datum::Missing);
    let mut headers = vec![text.label_header.clone()];
    headers.extend(series.iter().map(|s| s.label.clone()));
    let rows: Vec<Vec<String>> = categories
        .iter()
        .enumerate()
        .map(|(c, label)| std::iter::once(label.clone()).chain(series.iter().map(|s| value(s, c).display())).collect())
        .collect();
    let present = categories.iter().enumerate().any(|(c, _)| series.iter().any(|s| value(s, c).is_present()));
    if !present {
        return svg::empty(id, text, headers, rows);
    }

    // Per category: the sum of drawable values (the bar's length) and the suppressed layers.
    let totals: Vec<(Option<f64>, Vec<usize>)> = (0..categories.len())
        .map(|c| {
            let values: Vec<f64> = series.iter().filter_map(|s| value(s, c).value()).map(|v| v.max(0.0)).collect();
            let total = (!values.is_empty()).then(|| values.iter().sum());
            let suppressed = (0..series.len()).filter(|&s| value(&series[s], c) == Datum::Suppressed).collect();
            (total, suppressed)
        })
        .collect();
    let end_text_width = |total: &Option<f64>, suppressed: &Vec<usize>| {
        total.map_or(0.0, |t| text_width(&format_number(t), FONT) + 6.0) + suppressed.len() as f64 * (text_width(SUPPRESSED, FONT) + 6.0)
    };
    let rows_for_layout = categories.iter().zip(&totals).map(|(l, (t, _))| (l.as_str(), t.map_or(Datum::Missing, Datum::Value)));
    let mut layout = Layout::new(rows_for_layout);
    let widest_end = totals.iter().map(|(t, s)| end_text_width(t, s)).fold(0.0, f64::max);
    layout.bar_end = (WIDE - 4.0 - widest_end).max(layout.bar_start + 40.0);

    let mut body = String::new();
    let entries: Vec<LegendEntry> =
        series.iter().enumerate().map(|(i, s)| LegendEntry { colour: palette::series(i), label: s.label.clone(), dash: None }).collect();
    let legend_height = svg::legend(&mut body, &entries, 4.0, 4.0, WIDE - 8.0);
    layout.top = 4.0 + legend_height + 4.0;
    layout.height = layout.top + categories.len() as f64 * ROW + 4.0;
    let zero = layout.x(0.0);
    let _ =
        write!(body, r#"<line x1="{z}" y1="{}" x2="{z}" y2="{}" stroke="{GRID}"/>"#, num(layout.top), num(layout.height), z = num(zero));

    for (c, category) in categories.iter().enumerate() {
        let y = layout.top + c as f64 * ROW;
        let bar_y = y + (ROW - BAR_HEIGHT) / 2.0;
        let baseline = num(y + ROW / 2.0 + 4.5);
        let close = svg::open_mark(&mut body, None, category);
        layout.write_label(&mut body, category, y);
        let mut x = zero;
        for (s, one) in series.iter().enumerate() {
            let Some(v) = value(one, c).value() else { continue };
            let width = if v > 0.0 { (layout.x(v) - zero).max(1.0) } else { 0.0 };
            if width == 0.0 {
                continue;
            }
            let colour = palette::series(s);
            let tip = svg::tooltip(&format!("{category} – {}", one.label), value(one, c));
            let close_segment = svg::open_mark(&mut body, None, &tip);
            // A white edge keeps neighbouring layers apart for readers who cannot tell the colours apart.
            let _ = write!(
                body,
                r##"<rect x="{}" y="{}" width="{}" height="{BAR_HEIGHT}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##,
                num(x),
                num(bar_y),
                num(width)
            );
            let label = format_number(v);
            if text_width(&label, FONT) + 6.0 <= width {
                let _ = write!(
                    body,
                    r#"<text x="{}" y="{baseline}" text-anchor="middle" fill="{}">{}</text>"#,
                    num(x + width / 2.0),
                    palette::text_on(colour),
                    escape(&label)
                );
            }
            body.push_str(close_segment);
            x += width;
        }
        let (total, suppressed) = &totals[c];
        let mut end = x + 4.0;
        if let Some(total) = total {
            let label = format_number(*total);
            let _ = write!(body, r#"<text x="{}" y="{baseline}">{}</text>"#, num(end), escape(&label));
            end += text_width(&label, FONT) + 6.0;
        }
        for &s in suppressed {
            let tip = svg::tooltip(&format!("{category} – {}", series[s].label), Datum::Suppressed);
            let close_mark = svg::open_mark(&mut body, None, &tip);
            let _ = write!(body, r#"<text x="{}" y="{baseline}" fill="{}">{}</text>"#, num(end), palette::series(s), escape(SUPPRESSED));
            body.push_str(close_mark);
            end += text_width(SUPPRESSED, FONT) + 6.0;
        }
        body.push_str(close);
    }

    let desc = svg::summary(categories.iter().zip(&totals).map(|(l, (t, _))| (l.as_str(), t.map_or(Datum::Missing, Datum::Value))), 3);
    let svg = svg::document(id, WIDE, layout.height, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}
