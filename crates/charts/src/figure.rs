//! The figure a page shows: the SVG, its caption and the same data as a table.
//!
//! Why one type for both: the picture and the table must never disagree, so every chart function
//! builds them from the same input in one pass and hands them back together.

use std::fmt::Write as _;

/// The data of a chart as rows and columns, for the table under the chart and for exports.
/// Cells are plain text; [`Figure::to_html`] escapes them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The table's caption (the chart's title).
    pub caption: String,
    /// Column headers; the first names the row labels.
    pub headers: Vec<String>,
    /// Rows; the first cell of each row is its label (a row header).
    pub rows: Vec<Vec<String>>,
}

/// A chart: standalone SVG plus its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The id of the `<figure>`; every id inside the SVG starts with it, so several figures can share a page.
    pub id: String,
    /// Self-contained SVG document (usable as a file on its own, e.g. in a typst report).
    pub svg: String,
    /// The same data as a table.
    pub table: Table,
    /// The chart's title, shown as the `<figcaption>`.
    pub title: String,
    /// The label of the `<summary>` that opens the table.
    pub table_summary: String,
}

impl Figure {
    /// The figure as an HTML fragment: `<figure class="chart" id="…">`, the SVG, a `<figcaption>` with the
    /// title and the table in a `<details>` (left out when the chart had nothing to tabulate).
    pub fn to_html(&self) -> String {
        let mut html = String::with_capacity(self.svg.len() + 256 + self.table.rows.len() * 64);
        let _ = write!(html, r#"<figure class="chart" id="{}">"#, escape(&self.id));
        html.push_str(&self.svg);
        let _ = write!(html, "<figcaption>{}</figcaption>", escape(&self.title));
        if !self.table.rows.is_empty() {
            let _ = write!(html, "<details><summary>{}</summary>", escape(&self.table_summary));
            html.push_str(&self.table.to_html());
            html.push_str("</details>");
        }
        html.push_str("</figure>");
        html
    }
}

impl Table {
    /// The table as HTML with a `<caption>`, column headers (`scope="col"`) and row headers (`scope="row"`).
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        let _ = write!(html, "<table><caption>{}</caption><thead><tr>", escape(&self.caption));
        for header in &self.headers {
            let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(header));
        }
        html.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(html, r#"<th scope="row">{}</th>"#, escape(cell));
                } else {
                    let _ = write!(html, "<td>{}</td>", escape(cell));
                }
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
        html
    }
}

/// Escapes text for XML and HTML, in element content and in quoted attributes alike.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids would make the SVG unreadable as a file; drop them.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<b>&"'"#), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("ขอนแก่น\u{0}"), "ขอนแก่น");
    }

    #[test]
    fn table_has_headers_with_scope() {
        let table = Table {
            caption: "c".into(), headers: vec!["จังหวัด".into(), "n".into()], rows: vec![vec!["<b>".into(), "<5".into()]]
        };
        let html = table.to_html();
        assert!(html.contains(r#"<th scope="col">จังหวัด</th>"#));
        assert!(html.contains(r#"<th scope="row">&lt;b&gt;</th><td>&lt;5</td>"#));
    }
}
