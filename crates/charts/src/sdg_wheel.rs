//! The SDG wheel: seventeen equal segments, one per Sustainable Development Goal, in the UN colours.
//!
//! Why equal segments: the wheel answers "which goals does this network work on, and which none?", not
//! "how much". A goal with nothing linked is drawn in light grey, so the gaps stand out; the counts are
//! written outside the ring and listed in the table. The middle says how many of 17 goals are covered.

use std::f64::consts::TAU;
use std::fmt::Write as _;

use crate::figure::{Figure, escape};
use crate::palette::{self, SDG_COLOURS, SDG_NONE, SDG_NONE_TEXT};
use crate::svg::{self, FONT, WIDE, num};
use crate::{Datum, Goal, Text};

const CX: f64 = WIDE / 2.0;
const CY: f64 = 176.0;
const OUTER: f64 = 128.0;
const INNER: f64 = 64.0;

/// The 17 goals as a ring, goal 1 just right of twelve o'clock, clockwise. Goals missing from `goals`
/// count as [`Datum::Missing`]; goals numbered outside 1–17 appear only in the table.
pub fn sdg_wheel(id: &str, text: &Text, goals: &[Goal]) -> Figure {
    let goal_label = |g: &Goal| if g.label.is_empty() { g.number.to_string() } else { format!("{}. {}", g.number, g.label) };
    let headers = vec![text.label_header.clone(), text.value_header.clone()];
    let rows: Vec<Vec<String>> = goals.iter().map(|g| vec![goal_label(g), g.value.display()]).collect();
    if !goals.iter().any(|g| g.value.is_present()) {
        return svg::empty(id, text, headers, rows);
    }

    let mut body = String::new();
    let step = TAU / 17.0;
    let mut covered = 0;
    for number in 1..=17u8 {
        let goal = goals.iter().find(|g| g.number == number);
        let value = goal.map_or(Datum::Missing, |g| g.value);
        let has_some = value == Datum::Suppressed || value.value().is_some_and(|v| v > 0.0);
        covered += usize::from(has_some);
        let (fill, ink) = if has_some {
            let colour = SDG_COLOURS[usize::from(number - 1)];
            (colour, palette::text_on(colour))
        } else {
            (SDG_NONE, SDG_NONE_TEXT)
        };
        let start = f64::from(number - 1) * step;
        let middle = start + step / 2.0;
        let tip = match goal {
            Some(g) => svg::tooltip(&goal_label(g), value),
            None => svg::tooltip(&number.to_string(), value),
        };
        let close = svg::open_mark(&mut body, goal.and_then(|g| g.href.as_deref()), &tip);
        let _ = write!(
            body,
            r##"<path id="{}-g{number}" d="{}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>"##,
            escape(id),
            segment(start, step)
        );
        let (nx, ny) = point((OUTER + INNER) / 2.0, middle);
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="17" font-weight="bold" fill="{ink}">{number}</text>"#,
            num(nx),
            num(ny + 6.0)
        );
        if value.is_present() && has_some {
            let (vx, vy) = point(OUTER + 17.0, middle);
            let _ = write!(body, r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#, num(vx), num(vy + 4.5), escape(&value.display()));
        }
        body.push_str(close);
    }
    let _ =
        write!(body, r#"<text x="{CX}" y="{}" text-anchor="middle" font-size="26" font-weight="bold">{covered}/17</text>"#, num(CY + 9.0));

    let top = svg::summary(goals.iter().map(|g| (g.label.as_str(), g.value)), 3);
    let desc = if top.is_empty() { format!("{covered}/17") } else { format!("{covered}/17; {top}") };
    let svg = svg::document(id, WIDE, CY * 2.0, FONT, &text.title, &desc, &body);
    svg::figure(id, text, svg, headers, rows)
}

/// A point at radius `r` and angle `a` (radians clockwise from twelve o'clock).
fn point(r: f64, a: f64) -> (f64, f64) {
    (CX + r * a.sin(), CY - r * a.cos())
}

/// One ring segment from `start` over `sweep` (less than half a turn).
fn segment(start: f64, sweep: f64) -> String {
    let (a, b) = (point(OUTER, start), point(OUTER, start + sweep));
    let (c, d) = (point(INNER, start + sweep), point(INNER, start));
    format!(
        "M{} {}A{OUTER} {OUTER} 0 0 1 {} {}L{} {}A{INNER} {INNER} 0 0 0 {} {}Z",
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
