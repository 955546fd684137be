//! A donut: the parts of one whole (partners by type, budget by source), with the total in the middle.
//!
//! Why a list under the ring: slices are hard to compare and their labels do not fit around a ring on a
//! phone, so each part is also a legend row with its value and share. A part's slice and row are one
//! link, so each part is one stop for the keyboard. Suppressed, zero and missing parts have a row but no
//! slice (their swatch is hollow).

use std::f64::consts::{PI, TAU};
use std::fmt::Write as _;

use crate::figure::{Figure, escape};
use crate::label::{fit, text_width};
use crate::palette::{self, TEXT_MUTED};
use crate::svg::{self, FONT, WIDE, num};
use crate::{Item, Text, format_number};

const CX: f64 = WIDE / 2.0;
const CY: f64 = 104.0;
const OUTER: f64 = 96.0;
const INNER: f64 = 60.0;
const ROW: f64 = 22.0;

/// A donut of the items' values (only positive values get a slice), the total of the shown values and
/// `centre_label` in the middle, and one legend row per item. Colours repeat after six parts: group
/// small parts into an "other" item beyond that.
pub fn donut(id: &str, text: &Text, items: &[Item], centre_label: &str) -> Figure {
    let total: f64 = items.iter().filter_map(|i| i.value.value()).filter(|v| *v > 0.0).sum();
    let share = |v: f64| if total > 0.0 { format!("{}%", format_number(v / total * 100.0)) } else { String::new() };
    let headers = vec![text.label_header.clone(), text.value_header.clone(), "%".to_owned()];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| vec![i.label.clone(), i.value.display(), i.value.value().filter(|v| *v > 0.0).map(share).unwrap_or_default()])
        .collect();
    if !items.iter().any(|i| i.value.is_present()) {
        return svg::empty(id, text, headers, rows);
    }

    let mut body = String::new();
    let mut angle = 0.0;
    let legend_top = CY + OUTER + 14.0;
    for (index, item) in items.iter().enumerate() {
        let colour = palette::series(index);
        let positive = item.value.value().filter(|v| *v > 0.0);
        let shown = match positive {
            Some(v) => format!("{} ({})", item.value.display(), share(v)),
            None => item.value.display(),
        };
        let close = svg::open_mark(&mut body, item.href.as_deref(), &svg::tooltip(&item.label, item.value));
        if let Some(v) = positive {
            let sweep = v / total * TAU;
            let _ = write!(
                body,
                r##"<path d="{}" fill="{colour}" stroke="#ffffff" stroke-width="1.5" fill-rule="evenodd"/>"##,
                slice(angle, sweep)
            );
            angle += sweep;
        }
        // The legend row: swatch (hollow when there is no slice), label, value and share.
        let y = legend_top + index as f64 * ROW;
        let swatch = match positive {
            Some(_) => format!(r#"fill="{colour}""#),
            None => format!(r##"fill="#ffffff" stroke="{TEXT_MUTED}""##),
        };
        let value_width = text_width(&shown, FONT);
        let label_room = WIDE - 8.0 - value_width - 12.0 - 26.0;
        let _ = write!(
            body,
            r#"<rect x="8.5" y="{}" width="12" height="12" {swatch}/><text x="26" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text>"#,
            num(y + 2.5),
            num(y + 13.0),
            escape(&fit(&item.label, label_room, FONT)),
            num(WIDE - 8.0),
            num(y + 13.0),
            escape(&shown)
        );
        body.push_str(close);
    }

    // The total and what it counts, in the hole.
    let _ = write!(
        body,
        r#"<text x="{CX}" y="{}" text-anchor="middle" font-size="24" font-weight="bold">{}</text><text x="{CX}" y="{}" text-anchor="middle" fill="{TEXT_MUTED}">{}</text>"#,
        num(CY + 4.0),
        escape(&format_number(total)),
        num(CY + 24.0),
        escape(&fit(centre_label, INNER * 1.7, FONT))
    );

    let mut desc = format!("{} {centre_label}", format_number(total));
    let top = svg::summary(items.iter().map(|i| (i.label.as_str(), i.value)), 3);
    if !top.is_empty() {
        desc = format!("{desc}; {top}");
    }
    let height = legend_top + items.len() as f64 * ROW + 6.0;
    let svg = svg::document(id, WIDE, height, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}

/// The path of a ring slice from `start` (radians clockwise from twelve o'clock) over `sweep`. A full
/// ring cannot be one arc (its ends coincide), so it is drawn as two half rings with a hole.
fn slice(start: f64, sweep: f64) -> String {
    let point = |r: f64, a: f64| (CX + r * a.sin(), CY - r * a.cos());
    if sweep >= TAU - 1e-9 {
        let (top_o, bottom_o) = (point(OUTER, 0.0), point(OUTER, PI));
        let (top_i, bottom_i) = (point(INNER, 0.0), point(INNER, PI));
        return format!(
            "M{} {}A{OUTER} {OUTER} 0 1 1 {} {}A{OUTER} {OUTER} 0 1 1 {} {}ZM{} {}A{INNER} {INNER} 0 1 0 {} {}A{INNER} {INNER} 0 1 0 {} {}Z",
            num(top_o.0),
            num(top_o.1),
            num(bottom_o.0),
            num(bottom_o.1),
            num(top_o.0),
            num(top_o.1),
            num(top_i.0),
            num(top_i.1),
            num(bottom_i.0),
            num(bottom_i.1),
            num(top_i.0),
            num(top_i.1),
        );
    }
    let end = start + sweep;
    let large = u8::from(sweep > PI);
    let (a, b) = (point(OUTER, start), point(OUTER, end));
    let (c, d) = (point(INNER, end), point(INNER, start));
    format!(
        "M{} {}A{OUTER} {OUTER} 0 {large} 1 {} {}L{} {}A{INNER} {INNER} 0 {large} 0 {} {}Z",
        num(a.0),
        num(a.1),
        num(b.0),
        num(b.1),
        num(c.0),
        num(c.1),
        num(d.0),
        num(d.1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Datum;

    #[test]
    fn a_quarter_slice_starts_at_twelve_and_ends_at_three() {
        let d = slice(0.0, TAU / 4.0);
        assert!(d.starts_with(&format!("M{} {}", num(CX), num(CY - OUTER))), "{d}");
        assert!(d.contains(&format!("0 0 1 {} {}", num(CX + OUTER), num(CY))), "{d}");
    }

    #[test]
    fn suppressed_parts_get_no_slice() {
        let items = [
            Item { label: "a".into(), value: Datum::Value(3.0), href: None },
            Item { label: "b".into(), value: Datum::Suppressed, href: None },
        ];
        let fig = donut("d", &Text::default(), &items, "n");
        assert_eq!(fig.svg.matches("<path").count(), 1);
        assert_eq!(fig.table.rows[1], vec!["b", "<5", ""]);
    }
}
