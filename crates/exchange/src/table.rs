//! Lists out: one table of records — headers and typed cells in the reader's language — written as an
//! XLSX workbook or a CSV file that Excel on Thai Windows opens as it is.
//!
//! The web pages fill a [`Table`] with what a list shows (already translated: the headers, vocabulary
//! labels, Buddhist Era dates as text); this module knows only how each kind of file wants it:
//!
//! * XLSX: a bold, filled header row, frozen, with an autofilter; dates as real date cells shown in the
//!   Buddhist Era in a Thai file (Excel's Thai calendar number format); numbers as numbers; columns
//!   as wide as their longest text, counting only the characters that take space (Thai vowels and tone
//!   marks above and below a consonant do not); one sheet named after the entity.
//! * CSV: RFC 4180 (the `csv` crate), UTF-8 with a byte-order mark — without it Excel reads UTF-8 as
//!   the Windows code page and Thai text turns to mojibake; dates as the text the page shows.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// Which language a file is written for: it decides how XLSX date cells are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Dates in the Buddhist Era, Thai month names (Excel's Thai calendar, locale th-TH).
    Thai,
    /// Dates as ISO 8601 (`2024-07-05`), which every English reader and program understands.
    English,
}

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A day: a date cell in XLSX, `text` (as the page shows it, e.g. `5 ก.ค. 2567`) in CSV.
    Date {
        date: NaiveDate,
        text: String,
    },
    /// A moment in Thai time: a date-and-time cell in XLSX, `text` in CSV.
    DateTime {
        at: NaiveDateTime,
        text: String,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// Text, or an empty cell when there is none.
    pub fn optional(s: Option<impl Into<String>>) -> Self {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    pub fn number(n: impl Into<f64>) -> Self {
        Cell::Number(n.into())
    }

    /// What the cell says as text: in CSV, and for measuring a column.
    fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date { text, .. } | Cell::DateTime { text, .. } => text.clone(),
        }
    }
}

/// The records of one list: the sheet's name, the header row and the rows, all in one language.
#[derive(Debug, Clone)]
pub struct Table {
    /// The entity, in the file's language (`ภาคี`, `Partners`); made a valid sheet name when written.
    pub name: String,
    pub language: Language,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("writing the XLSX workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing the CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("a date outside Excel's range (1900–9999): {0}")]
    DateOutOfRange(NaiveDate),
}

/// UTF-8's byte-order mark, which tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Excel's widest column, in characters.
const MAX_COLUMN_WIDTH: usize = 80;

impl Table {
    pub fn new(name: impl Into<String>, language: Language, headers: Vec<String>) -> Self {
        Table { name: name.into(), language, headers, rows: Vec::new() }
    }

    /// The table as CSV: BOM, header row, then one line per row (RFC 4180 quoting, CRLF line ends).
    pub fn write_csv(&self) -> Result<Vec<u8>, WriteError> {
        let mut out = BOM.to_vec();
        {
            let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
            writer.write_record(&self.headers)?;
            for row in &self.rows {
                writer.write_record(row.iter().map(Cell::display))?;
            }
            writer.flush().map_err(csv::Error::from)?;
        }
        Ok(out)
    }

    /// The table as an XLSX workbook of one sheet.
    pub fn write_xlsx(&self) -> Result<Vec<u8>, WriteError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&self.name))?;
        let header = Format::new().set_bold().set_background_color(Color::RGB(0xD9E2F3)).set_border_bottom(FormatBorder::Thin);
        let (date, date_time) = date_formats(self.language);
        for (col, text) in (0u16..).zip(&self.headers) {
            sheet.write_string_with_format(0, col, text, &header)?;
        }
        for (row, cells) in (1u32..).zip(&self.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(row, col, s)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, *n)?;
                    }
                    Cell::Date { date: d, .. } => {
                        sheet.write_datetime_with_format(row, col, excel_date(*d)?, &date)?;
                    }
                    Cell::DateTime { at, .. } => {
                        let value = excel_date(at.date())?.and_hms(at.hour() as u16, at.minute() as u8, at.second())?;
                        sheet.write_datetime_with_format(row, col, value, &date_time)?;
                    }
                }
            }
        }
        for (col, width) in (0u16..).zip(self.column_widths()) {
            sheet.set_column_width(col, width as f64)?;
        }
        let last_row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let last_col = u16::try_from(self.headers.len().saturating_sub(1)).unwrap_or(u16::MAX);
        sheet.set_freeze_panes(1, 0)?;
        if !self.headers.is_empty() {
            sheet.autofilter(0, 0, last_row, last_col)?;
        }
        Ok(workbook.save_to_buffer()?)
    }

    /// Each column as wide as its widest cell in spacing characters, plus room for the filter button.
    fn column_widths(&self) -> Vec<usize> {
        let measure = |s: &str| phakhi_charts::visual_len(s);
        self.headers
            .iter()
            .enumerate()
            .map(|(col, h)| {
                let cells = self.rows.iter().filter_map(|r| r.get(col)).map(|c| match c {
                    // A date cell shows Excel's format, not our text: `5 ก.ค. 2567` and `2024-07-05`
                    // are both about 11 wide, a date and time 17.
                    Cell::Date { .. } => 12,
                    Cell::DateTime { .. } => 17,
                    other => measure(&other.display()),
                });
                (measure(h) + 3).max(cells.max().unwrap_or(0) + 1).clamp(6, MAX_COLUMN_WIDTH)
            })
            .collect()
    }
}

/// The date and date-time formats of a file: Excel's Thai Buddhist calendar (calendar type 07,
/// locale 041E) for Thai readers, ISO 8601 for English ones.
fn date_formats(language: Language) -> (Format, Format) {
    match language {
        Language::Thai => {
            (Format::new().set_num_format("[$-107041E]d mmm yyyy"), Format::new().set_num_format("[$-107041E]d mmm yyyy hh:mm"))
        }
        Language::English => (Format::new().set_num_format("yyyy-mm-dd"), Format::new().set_num_format("yyyy-mm-dd hh:mm")),
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, WriteError> {
    let out_of_range = || WriteError::DateOutOfRange(d);
    let year = u16::try_from(d.year()).map_err(|_| out_of_range())?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).map_err(|_| out_of_range())
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[ ] : * ? / \`, not blank.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { ' ' } else { c }).take(31).collect();
    let trimmed = cleaned.trim().trim_matches('\'');
    if trimmed.is_empty() { "Sheet1".to_owned() } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn sample(language: Language) -> Table {
        let mut t = Table::new("ภาคี/เครือข่าย", language, vec!["ชื่อ".into(), "จำนวน".into(), "วันที่".into(), "หมายเหตุ".into()]);
        let day = NaiveDate::from_ymd_opt(2024, 7, 5).unwrap();
        t.rows.push(vec![
            Cell::text("เทศบาลนครขอนแก่น"),
            Cell::number(1250),
            Cell::Date { date: day, text: "5 ก.ค. 2567".into() },
            Cell::text("มี \"เครื่องหมาย\", จุลภาค\nและบรรทัดใหม่"),
        ]);
        t.rows.push(vec![Cell::text("มหาวิทยาลัยขอนแก่น"), Cell::Empty, Cell::Empty, Cell::Empty]);
        t
    }

    fn read_back(bytes: Vec<u8>) -> (Vec<String>, calamine::Range<Data>) {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("the workbook opens");
        let names = book.sheet_names();
        let range = book.worksheet_range(&names[0]).expect("the sheet reads");
        (names, range)
    }

    #[test]
    fn xlsx_has_the_header_thai_text_numbers_and_dates_as_typed_cells() {
        let (names, range) = read_back(sample(Language::Thai).write_xlsx().unwrap());
        assert_eq!(names, ["ภาคี เครือข่าย"], "the sheet is named after the entity, without '/'");
        assert_eq!(range.get((0, 0)), Some(&Data::String("ชื่อ".into())));
        assert_eq!(range.get((0, 3)), Some(&Data::String("หมายเหตุ".into())));
        assert_eq!(range.get((1, 0)), Some(&Data::String("เทศบาลนครขอนแก่น".into())), "Thai text intact");
        assert_eq!(range.get((1, 1)), Some(&Data::Float(1250.0)), "a number is a number cell");
        match range.get((1, 2)) {
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45478.0, "5 July 2024 as Excel's serial"),
            other => panic!("a date is a date cell, got {other:?}"),
        }
        assert_eq!(range.get((2, 1)), Some(&Data::Empty));
    }

    /// The frozen row, the autofilter and the Thai calendar format are in the sheet's XML.
    #[test]
    fn xlsx_freezes_the_header_filters_it_and_shows_thai_dates_in_the_buddhist_era() {
        let bytes = sample(Language::Thai).write_xlsx().unwrap();
        let mut zip = rust_xlsxwriter_zip(bytes);
        let sheet = zip("xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
        assert!(sheet.contains(r#"<autoFilter ref="A1:D3"/>"#), "{sheet}");
        assert!(zip("xl/styles.xml").contains("[$-107041E]d mmm yyyy"));
    }

    /// Reads one member of the workbook's zip as text, through calamine's own zip reader.
    fn rust_xlsxwriter_zip(bytes: Vec<u8>) -> impl FnMut(&str) -> String {
        move |name: &str| {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).expect("an XLSX is a zip");
            let mut file = archive.by_name(name).expect("the member exists");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            text
        }
    }

    #[test]
    fn column_widths_count_only_characters_that_take_space() {
        let mut t = Table::new("x", Language::Thai, vec!["ก".into()]);
        // 18 code points, of which 3 (ิ ั ่) sit above a consonant: 15 spacing characters.
        let name = "มหาวิทยาลัยขอนแก่น";
        assert_eq!(name.chars().count(), 18);
        t.rows.push(vec![Cell::text(name)]);
        assert_eq!(t.column_widths(), [16]);
    }

    #[test]
    fn csv_starts_with_the_bom_and_round_trips() {
        let table = sample(Language::Thai);
        let bytes = table.write_csv().unwrap();
        assert!(bytes.starts_with(BOM));
        let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["ชื่อ", "จำนวน", "วันที่", "หมายเหตุ"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].iter().collect::<Vec<_>>(), ["เทศบาลนครขอนแก่น", "1250", "5 ก.ค. 2567", "มี \"เครื่องหมาย\", จุลภาค\nและบรรทัดใหม่"]);
        assert_eq!(rows[1].iter().collect::<Vec<_>>(), ["มหาวิทยาลัยขอนแก่น", "", "", ""]);
    }

    #[test]
    fn english_files_show_dates_as_iso() {
        let mut zip = rust_xlsxwriter_zip(sample(Language::English).write_xlsx().unwrap());
        assert!(zip("xl/styles.xml").contains("yyyy-mm-dd"));
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g"), "a b  c d e f g");
        assert_eq!(sheet_name(&"ก".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("///"), "Sheet1");
    }
}
