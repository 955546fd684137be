//! Charts and the province map as server-rendered SVG, each with a table that carries the same data.
//!
//! Why server-rendered SVG: the same markup serves the web pages (no JavaScript, works behind a strict
//! Content-Security-Policy) and the PDF reports (typst reads standalone SVG). Every figure therefore is
//! self-contained XML: `xmlns` set, presentation attributes only (no `style` attribute, no CSS, no
//! script, nothing fetched from elsewhere), sized by its `viewBox` so it shrinks to a 360 px phone.
//!
//! Why a table beside every chart: a picture is not accessible on its own. [`Figure::to_html`] puts the
//! table in a `<details>` under the chart, so screen-reader users and anyone who wants exact numbers
//! get them, and the SVG carries a `<title>` and a short `<desc>`.
//!
//! Privacy: a count below five can identify people, so the caller passes it as [`Datum::Suppressed`];
//! it is shown as "<5" and never drawn as a bar, slice or line point of any size, which would leak it.
//!
//! All text is the caller's, in the page's language ([`Text`]); this crate adds only numbers and
//! language-neutral signs ("<5", "–", "%").

mod bars;
mod donut;
mod figure;
mod label;
mod line;
mod number;
mod palette;
mod province_map;
mod sdg_wheel;
mod stacked;
mod svg;

pub use bars::bars;
pub use donut::donut;
pub use figure::{Figure, Table};
pub use label::{truncate, visual_len};
pub use line::line;
pub use number::format_number;
pub use palette::{SDG_COLOURS, contrast_ratio};
pub use province_map::{ATTRIBUTION, province_codes, province_map};
pub use sdg_wheel::sdg_wheel;
pub use stacked::stacked_bars;

/// A value in a chart: a number, a count hidden to protect privacy (shown as "<5"), or nothing recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Datum {
    /// A recorded number.
    Value(f64),
    /// A count between 1 and 4 that must not be shown exactly; rendered as "<5" and never drawn to scale.
    Suppressed,
    /// Nothing recorded; rendered as "–" in tables and as a gap in charts.
    Missing,
}

impl Datum {
    /// The number, if there is one to draw. Non-finite numbers count as missing, so a NaN from a
    /// division by zero upstream cannot break the drawing.
    pub fn value(self) -> Option<f64> {
        match self {
            Datum::Value(v) if v.is_finite() => Some(v),
            _ => None,
        }
    }

    /// How the datum reads in a table or a label: "1,234", "<5" or "–".
    pub fn display(self) -> String {
        match self {
            Datum::Value(v) if v.is_finite() => format_number(v),
            Datum::Suppressed => SUPPRESSED.to_owned(),
            _ => MISSING.to_owned(),
        }
    }

    /// Whether the datum shows something (a number or "<5"); all-missing data is an empty chart.
    fn is_present(self) -> bool {
        self.value().is_some() || self == Datum::Suppressed
    }
}

/// The sign for a suppressed count.
pub const SUPPRESSED: &str = "<5";
/// The sign for a missing value (an en dash).
pub const MISSING: &str = "–";

/// One bar of [`bars`] or one slice of [`donut`].
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Shown beside the bar (shortened if long) and in full in the tooltip and the table.
    pub label: String,
    /// The value.
    pub value: Datum,
    /// Where the bar or slice links to; only relative, `http(s):` and `mailto:` addresses are linked.
    pub href: Option<String>,
}

/// One stack layer of [`stacked_bars`] or one line of [`line`]: one value per category or x label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend and as a table column header.
    pub label: String,
    /// One value per category; a shorter list is padded with [`Datum::Missing`].
    pub values: Vec<Datum>,
}

/// Text the caller supplies in the page's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    /// The chart's title: the SVG `<title>`, the `<figcaption>` and the table's `<caption>`.
    pub title: String,
    /// The `<summary>` that opens the table, e.g. "ดูข้อมูลเป็นตาราง" / "Show as table".
    pub table_summary: String,
    /// Header of the table's first column (what the rows are: province, goal, year…).
    pub label_header: String,
    /// Header of the value column (what is counted).
    pub value_header: String,
    /// Shown in place of the chart when there is no data.
    pub empty: String,
}

/// One goal of [`sdg_wheel`].
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// 1 to 17; other numbers are listed in the table but not drawn.
    pub number: u8,
    /// The goal's short name, without its number (the number is added).
    pub label: String,
    /// How much is linked to the goal; 0 or missing draws the segment grey.
    pub value: Datum,
    /// Where the segment links to.
    pub href: Option<String>,
}

/// One province of [`province_map`].
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// 2-digit DOPA province code, e.g. "10" Bangkok, "40" Khon Kaen, "50" Chiang Mai (see [`province_codes`]).
    pub code: String,
    /// The province's name in the page's language.
    pub label: String,
    /// The value.
    pub value: Datum,
    /// Where the province links to.
    pub href: Option<String>,
}
