//! The frame every chart shares: the `<svg>` root, its title and description, links, legends and the
//! empty state.
//!
//! Why in one place: the rules that make a chart safe and accessible (namespace, `role="img"`, ids
//! prefixed with the figure id, presentation attributes only, escaped text, checked links) are then
//! written once and every chart follows them.

use std::fmt::Write as _;

use crate::figure::{Figure, Table, escape};
use crate::label::{fit, text_width};
use crate::palette::{TEXT, TEXT_MUTED};
use crate::{Datum, Text};

/// Body text size in user units. With the narrow charts' 360-unit viewBox shown 340 px wide, 13 units
/// render at 12.3 px, the smallest size that stays legible on a phone.
pub(crate) const FONT: f64 = 13.0;
/// Width of the viewBox of the bar, line and stacked charts.
pub(crate) const WIDE: f64 = 360.0;

/// Wraps a chart's drawing in the `<svg>` root. `desc` is the short summary screen readers announce
/// after the title.
///
/// The root is `role="img"`, unless the drawing holds links: ARIA makes the children of an image
/// presentational, which would hide the links from screen readers, so a chart with links is a
/// `role="group"` (still named by its title and described by its summary) whose links stay announced.
pub(crate) fn document(id: &str, width: f64, height: f64, font_size: f64, title: &str, desc: &str, body: &str) -> String {
    let id = escape(id);
    let mut svg = String::with_capacity(body.len() + 512);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMidYMid meet" role="{role}" aria-labelledby="{id}-title" aria-describedby="{id}-desc" font-family="Sarabun, sans-serif" font-size="{fs}" fill="{TEXT}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"##,
        w = num(width),
        h = num(height.ceil()),
        fs = num(font_size),
        role = if body.contains("<a ") { "group" } else { "img" },
        title = escape(title),
        desc = escape(desc),
    );
    svg.push_str(body);
    svg.push_str("</svg>");
    svg
}

/// Assembles the figure from its parts.
pub(crate) fn figure(id: &str, text: &Text, svg: String, headers: Vec<String>, rows: Vec<Vec<String>>) -> Figure {
    Figure {
        id: id.to_owned(),
        svg,
        table: Table { caption: text.title.clone(), headers, rows },
        title: text.title.clone(),
        table_summary: text.table_summary.clone(),
    }
}

/// A chart with nothing to show: the `empty` text where the drawing would be, and the table's rows
/// (all "–", or none).
pub(crate) fn empty(id: &str, text: &Text, headers: Vec<String>, rows: Vec<Vec<String>>) -> Figure {
    let body = format!(
        r#"<text x="{x}" y="34" text-anchor="middle" fill="{TEXT_MUTED}">{}</text>"#,
        escape(&fit(&text.empty, WIDE - 16.0, FONT)),
        x = num(WIDE / 2.0),
    );
    let svg = document(id, WIDE, 56.0, FONT, &text.title, &text.empty, &body);
    figure(id, text, svg, headers, rows)
}

/// Opens an element that groups one mark (bar, slice, province) with its tooltip: `<a href>` when the
/// mark links somewhere (links are focusable and announced), else `<g>`. Returns the closing tag.
pub(crate) fn open_mark(out: &mut String, href: Option<&str>, tooltip: &str) -> &'static str {
    match href.and_then(safe_href) {
        Some(href) => {
            let _ = write!(out, r#"<a href="{}"><title>{}</title>"#, escape(href), escape(tooltip));
            "</a>"
        }
        None => {
            let _ = write!(out, "<g><title>{}</title>", escape(tooltip));
            "</g>"
        }
    }
}

/// The link target if it is safe to follow: relative addresses and `http`, `https` and `mailto`.
/// Anything else (`javascript:`, `data:`) is not linked, so a stored label cannot smuggle in a script.
pub(crate) fn safe_href(href: &str) -> Option<&str> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let scheme_end = href.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if href.as_bytes()[i] == b':' => {
            let scheme = href[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(href)
        }
        _ => Some(href),
    }
}

/// A coordinate or length as short text: at most one decimal, no trailing ".0".
pub(crate) fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// "label: value" for tooltips.
pub(crate) fn tooltip(label: &str, value: Datum) -> String {
    format!("{label}: {}", value.display())
}

/// The short description: the largest values first, "label: value; label: value; …", in the caller's
/// words and numbers only so it needs no translation.
pub(crate) fn summary<'a>(entries: impl IntoIterator<Item = (&'a str, Datum)>, limit: usize) -> String {
    let mut present: Vec<(&str, Datum)> = entries.into_iter().filter(|(_, d)| d.is_present()).collect();
    // Suppressed counts are below five, so they sort below any value of five or more.
    let key = |d: &Datum| d.value().unwrap_or(2.5);
    present.sort_by(|a, b| key(&b.1).total_cmp(&key(&a.1)));
    let total = present.len();
    let mut parts: Vec<String> = present.iter().take(limit).map(|(l, d)| format!("{l}: {}", d.display())).collect();
    if total > limit {
        parts.push("…".to_owned());
    }
    parts.join("; ")
}

/// One legend entry: a swatch colour and its label.
pub(crate) struct LegendEntry {
    pub colour: &'static str,
    pub label: String,
    /// A line chart's dash pattern: the entry then shows a short line instead of a square.
    pub dash: Option<&'static str>,
}

/// Lays out a legend in rows across `width`, starting at (`x`, `y`); writes it and returns its height.
/// Long labels are shortened; the table names every series in full.
pub(crate) fn legend(out: &mut String, entries: &[LegendEntry], x: f64, y: f64, width: f64) -> f64 {
    const SWATCH: f64 = 12.0;
    const GAP: f64 = 14.0;
    const ROW: f64 = 20.0;
    if entries.is_empty() {
        return 0.0;
    }
    let max_label = width - SWATCH - 6.0;
    let (mut cx, mut cy) = (x, y);
    for entry in entries {
        let label = fit(&entry.label, max_label, FONT);
        let w = SWATCH + 5.0 + text_width(&label, FONT) + if entry.dash.is_some() { 8.0 } else { 0.0 };
        if cx > x && cx + w > x + width {
            cx = x;
            cy += ROW;
        }
        match entry.dash {
            None => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{SWATCH}" height="{SWATCH}" fill="{}"/>"#,
                    num(cx),
                    num(cy + 2.0),
                    entry.colour
                );
            }
            Some(dash) => {
                let dash = if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
                let _ = write!(
                    out,
                    r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="2.5"{dash}/>"#,
                    num(cx),
                    num(cx + SWATCH + 8.0),
                    entry.colour,
                    y = num(cy + 8.0)
                );
            }
        }
        let label_x = cx + SWATCH + 5.0 + if entry.dash.is_some() { 8.0 } else { 0.0 };
        let _ = write!(out, r#"<text x="{}" y="{}">{}</text>"#, num(label_x), num(cy + 12.5), escape(&label));
        cx = label_x + text_width(&label, FONT) + GAP;
    }
    cy + ROW - y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_links_are_followed() {
        assert_eq!(safe_href("/th/provinces/10"), Some("/th/provinces/10"));
        assert_eq!(safe_href("https://example.org/a?b=1"), Some("https://example.org/a?b=1"));
        assert_eq!(safe_href("../x:y"), Some("../x:y"));
        assert_eq!(safe_href("JavaScript:alert(1)"), None);
        assert_eq!(safe_href(" data:text/html,x"), None);
        assert_eq!(safe_href(""), None);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(0.06), "0.1");
    }

    #[test]
    fn summary_lists_largest_first() {
        let s = summary([("a", Datum::Value(3.0)), ("b", Datum::Value(10.0)), ("c", Datum::Suppressed), ("d", Datum::Missing)], 2);
        assert_eq!(s, "b: 10; a: 3; …");
    }
}
