//! From store figures to the chart module's input, in the page's language. Counts of people pass
//! through disclosure control first, so a chart never draws a count from 1 to 4.

use phakhi_charts::{Datum, Text};
use phakhi_domain::disclosure::Shown;

use crate::i18n::Lang;

/// The texts of a chart: its title, and the headers of its table alternative.
pub fn text(lang: Lang, title: String, label_header: &str, value_header: &str) -> Text {
    Text {
        title,
        table_summary: lang.t("chart-table-summary"),
        label_header: lang.t(label_header),
        value_header: lang.t(value_header),
        empty: lang.t("chart-empty"),
    }
}

pub fn datum(s: Shown) -> Datum {
    match s {
        Shown::Count(n) => Datum::Value(n as f64),
        Shown::Suppressed => Datum::Suppressed,
    }
}

pub fn count(n: u64) -> Datum {
    Datum::Value(n as f64)
}
