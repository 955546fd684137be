//! A report as data: a cover and sections of blocks (paragraphs, facts, tables, charts), every text
//! already in the report's language. The template (`templates/report.typ`) lays it out; the report
//! kinds (`network`, `plan`, `activity`) only fill it in.

use chrono::NaiveDate;
use phakhi_charts::Figure;
use phakhi_domain::FiscalYear;
use phakhi_domain::disclosure::Shown;
use phakhi_domain::vocabulary::Vocabulary;
use serde::Serialize;

use crate::ReportError;
use crate::world::ReportWorld;

/// The language a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Th,
    En,
}

impl Lang {
    /// The text for this language.
    pub fn t(self, th: &str, en: &str) -> String {
        match self {
            Lang::Th => th.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// A record's text in this language; Thai when there is no English.
    pub fn pick<'a>(self, th: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => th,
        }
    }

    /// An optional pair of texts, as [`Lang::pick`]; none when both are empty.
    pub fn pick_opt(self, th: Option<&str>, en: Option<&str>) -> Option<String> {
        let text = match (self, th, en) {
            (Lang::En, _, Some(en)) if !en.trim().is_empty() => en,
            (_, Some(th), _) => th,
            (_, None, Some(en)) => en,
            _ => return None,
        };
        Some(text.to_owned()).filter(|t| !t.trim().is_empty())
    }

    pub fn label<V: Vocabulary>(self, v: V) -> &'static str {
        match self {
            Lang::Th => v.label_th(),
            Lang::En => v.label_en(),
        }
    }

    /// `5 ก.ค. 2567` (Buddhist Era) or `5 Jul 2024`.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Lang::Th => phakhi_thai::format_date_th(date),
            Lang::En => phakhi_thai::format_date_en(date),
        }
    }

    /// `ปีงบประมาณ พ.ศ. 2567`, as a Thai report's cover names it, or `FY 2567 (Oct 2023 – Sep 2024)`.
    pub fn fiscal_year(self, year: FiscalYear) -> String {
        match self {
            Lang::Th => format!("ปีงบประมาณ พ.ศ. {}", year.be()),
            Lang::En => year.label_en(),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }
}

/// How a report is written: its language, its digits and the day it is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    /// Thai digits (๐–๙) in the text; the charts keep Arabic digits.
    pub thai_numerals: bool,
    /// The date the cover gives; passed in rather than read from the clock so a report can be made again.
    pub issued_on: NaiveDate,
}

/// A count of people as it may be published: a number, or "<5".
pub fn shown(s: Shown) -> String {
    match s {
        Shown::Count(n) => phakhi_charts::format_number(n as f64),
        Shown::Suppressed => phakhi_charts::SUPPRESSED.to_owned(),
    }
}

/// A number as the reports write it: `1,234`.
pub fn number(n: u64) -> String {
    phakhi_charts::format_number(n as f64)
}

#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// What the document is, e.g. "รายงานประจำปี".
    pub kind: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The fiscal year or period, e.g. "ปีงบประมาณ พ.ศ. 2567".
    pub period: String,
    /// Lines at the foot of the cover (who keeps it, when it was issued).
    pub lines: Vec<String>,
}

/// One numbered section of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(heading: String) -> Self {
        Self { heading, blocks: Vec::new() }
    }

    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }
}

/// What a section holds.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    /// Label–value pairs.
    Facts {
        rows: Vec<[String; 2]>,
    },
    /// A table; `numeric` says which columns hold numbers (right-aligned); `widths` are the columns'
    /// shares of the width left over by the columns of width 0, which are as wide as their content.
    Table {
        caption: Option<String>,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        numeric: Vec<bool>,
        widths: Vec<u8>,
    },
    /// A chart's SVG (registered with [`Report::chart`]) at `width` per cent of the text width.
    Chart {
        path: String,
        caption: String,
        width: u8,
    },
    Subheading {
        text: String,
    },
    /// Small print: sources, what was suppressed and why.
    Note {
        text: String,
    },
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { text: text.into() }
    }

    pub fn note(text: impl Into<String>) -> Self {
        Block::Note { text: text.into() }
    }

    /// A table whose first column names the rows and whose other columns are numbers.
    pub fn counts(caption: Option<String>, headers: Vec<String>, rows: Vec<Vec<String>>) -> Self {
        let widths: Vec<u8> = (0..headers.len()).map(|i| u8::from(i == 0)).collect();
        Block::columns(caption, headers, rows, &widths)
    }

    /// A table whose columns take these shares of the width; a column of width 0 is as wide as its
    /// content and, when it is not the first, holds numbers (set right-aligned).
    pub fn columns(caption: Option<String>, headers: Vec<String>, rows: Vec<Vec<String>>, widths: &[u8]) -> Self {
        let numeric = widths.iter().enumerate().map(|(i, w)| i > 0 && *w == 0).collect();
        Block::Table { caption, headers, rows, numeric, widths: widths.to_vec() }
    }

    /// The table a chart carries, with the same caption (its numbers are already suppressed).
    pub fn chart_table(figure: &Figure) -> Self {
        let t = &figure.table;
        Block::counts(Some(t.caption.clone()), t.headers.clone(), t.rows.clone())
    }
}

/// The data document the template reads.
#[derive(Debug, Serialize)]
struct Data<'a> {
    lang: &'static str,
    thai_numerals: bool,
    labels: Labels,
    cover: &'a Cover,
    sections: &'a [Section],
}

/// The few words the template itself sets.
#[derive(Debug, Serialize)]
struct Labels {
    contents: String,
    table: String,
    figure: String,
}

impl Labels {
    fn new(lang: Lang) -> Self {
        Self {
            contents: lang.t("สารบัญ", "Contents"), table: lang.t("ตารางที่", "Table"), figure: lang.t("ภาพที่", "Figure")
        }
    }
}

/// A report being put together: its sections and the charts they show.
#[derive(Debug)]
pub struct Report {
    options: Options,
    cover: Cover,
    sections: Vec<Section>,
    charts: Vec<(String, Vec<u8>)>,
}

impl Report {
    pub fn new(options: Options, cover: Cover) -> Self {
        Self { options, cover, sections: Vec::new(), charts: Vec::new() }
    }

    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    pub fn push(&mut self, section: Section) {
        self.sections.push(section);
    }

    /// Registers a chart's SVG and returns the block that shows it.
    pub fn chart(&mut self, figure: &Figure, width: u8) -> Block {
        let path = format!("/charts/{}.svg", figure.id);
        self.charts.push((path.clone(), figure.svg.clone().into_bytes()));
        Block::Chart { path, caption: figure.title.clone(), width }
    }

    /// Typesets the report as PDF, on a thread for blocking work: typesetting takes a noticeable
    /// fraction of a second of CPU, which must not hold up the server's other requests.
    pub async fn pdf(self) -> Result<Vec<u8>, ReportError> {
        tokio::task::spawn_blocking(move || self.typeset())
            .await
            .map_err(|e| ReportError::Typeset(format!("the typesetting task failed: {e}")))?
    }

    fn typeset(self) -> Result<Vec<u8>, ReportError> {
        let data = Data {
            lang: self.options.lang.code(),
            thai_numerals: self.options.thai_numerals,
            labels: Labels::new(self.options.lang),
            cover: &self.cover,
            sections: &self.sections,
        };
        let json = serde_json::to_vec(&data).map_err(|e| ReportError::Typeset(format!("the report's data: {e}")))?;
        ReportWorld::new(json, self.charts).pdf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options { lang: Lang::Th, thai_numerals: false, issued_on: NaiveDate::from_ymd_opt(2024, 7, 5).expect("a date") }
    }

    /// Record text is shown, never run: typst markup and code in a name cannot change the report.
    #[tokio::test]
    async fn typst_markup_in_the_data_is_only_text() {
        let hostile = r#"#panic("evaluated") *bold* _em_ [link] $x$ <label> @ref // comment \ "quote""#;
        let cover =
            Cover { kind: hostile.into(), title: hostile.into(), subtitle: Some(hostile.into()), period: hostile.into(), lines: vec![] };
        let mut report = Report::new(options(), cover);
        report.push(
            Section::new(hostile.into())
                .with(Block::paragraph(hostile))
                .with(Block::Facts { rows: vec![[hostile.into(), hostile.into()]] })
                .with(Block::counts(
                    Some(hostile.into()),
                    vec![hostile.into(), hostile.into()],
                    vec![vec![hostile.into(), hostile.into()]],
                )),
        );
        let pdf = report.pdf().await.expect("the report typesets");
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn thai_reports_name_the_fiscal_year_in_the_buddhist_era_and_english_ones_give_the_span() {
        let year = FiscalYear::from_be(2567).expect("a fiscal year");
        assert_eq!(Lang::Th.fiscal_year(year), "ปีงบประมาณ พ.ศ. 2567");
        assert_eq!(Lang::En.fiscal_year(year), "FY 2567 (Oct 2023 – Sep 2024)");
        assert_eq!(Lang::Th.date(NaiveDate::from_ymd_opt(2024, 7, 5).expect("a date")), "5 ก.ค. 2567");
    }

    #[test]
    fn english_falls_back_to_thai_when_a_record_has_none() {
        assert_eq!(Lang::En.pick("ไทย", None), "ไทย");
        assert_eq!(Lang::En.pick("ไทย", Some(" ")), "ไทย");
        assert_eq!(Lang::En.pick_opt(Some("ไทย"), Some("English")).as_deref(), Some("English"));
        assert_eq!(Lang::Th.pick_opt(None, Some("English")).as_deref(), Some("English"));
        assert_eq!(Lang::Th.pick_opt(Some(" "), None), None);
    }
}
