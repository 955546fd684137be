//! Cells from a file: the first worksheet of an XLSX (or XLS/ODS) workbook through calamine, or a CSV
//! file in any of the encodings of [`crate::encoding`]. Each row keeps the number the user sees in
//! Excel (1-based, counting title and blank rows), so every message can point at it.

use std::path::Path;

use std::io::Cursor;

use calamine::{Data, Reader, Sheets, open_workbook_from_rs};

use crate::encoding::decode;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date or date-time: days since 1899-12-30 (the fraction is the time of day).
    Date(f64),
}

impl Cell {
    /// The cell as text (numbers without a needless `.0`), trimmed; `None` when blank.
    pub fn text(&self) -> Option<String> {
        let s = match self {
            Cell::Empty => return None,
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
        };
        if s.is_empty() { None } else { Some(s) }
    }

    pub fn is_blank(&self) -> bool {
        self.text().is_none()
    }
}

/// A row of cells with its number in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// The rows of a sheet, and what the file was.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub rows: Vec<Row>,
    /// `xlsx` (with the worksheet's name) or `csv` (with its encoding).
    pub source: String,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot read the workbook {path}: {detail}")]
    Workbook { path: String, detail: String },
    #[error("the workbook {path} has no worksheet with anything in it")]
    NoWorksheet { path: String },
    #[error("cannot read the CSV file {path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("{path}: unknown file type (use .xlsx, .xls, .ods or .csv)")]
    UnknownType { path: String },
    #[error("{path} is empty")]
    Empty { path: String },
}

/// The kinds of file that can be read, by their lowercase extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Xlsx,
    Xls,
    Xlsb,
    Ods,
    Csv,
}

impl FileType {
    /// The extensions read, as a file chooser's `accept` list would give them.
    pub const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "txt", "tsv"];

    /// The type a file name's extension says, in any case.
    pub fn of(name: &str) -> Option<Self> {
        let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)?;
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Self::Xlsx),
            "xls" => Some(Self::Xls),
            "xlsb" => Some(Self::Xlsb),
            "ods" => Some(Self::Ods),
            "csv" | "txt" | "tsv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// Reads a file by its extension.
pub fn read(path: &Path) -> Result<Sheet, ReadError> {
    let shown = path.display().to_string();
    if FileType::of(&shown).is_none() {
        return Err(ReadError::UnknownType { path: shown });
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io { path: shown.clone(), source })?;
    read_bytes(&shown, &bytes)
}

/// Reads a file's contents, its type told by `name`'s extension (an upload's original file name).
/// A file holding no cell with anything in it is [`ReadError::Empty`].
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Sheet, ReadError> {
    let file_type = FileType::of(name).ok_or_else(|| ReadError::UnknownType { path: name.to_owned() })?;
    if bytes.is_empty() {
        return Err(ReadError::Empty { path: name.to_owned() });
    }
    let sheet = match file_type {
        FileType::Csv => read_csv(bytes).map_err(|source| ReadError::Csv { path: name.to_owned(), source })?,
        workbook => {
            let book = open_workbook(workbook, bytes).map_err(|detail| ReadError::Workbook { path: name.to_owned(), detail })?;
            first_worksheet(name, book)?
        }
    };
    if sheet.rows.iter().all(Row::is_blank) {
        return Err(ReadError::Empty { path: name.to_owned() });
    }
    Ok(sheet)
}

/// Opens a workbook of this type from memory.
fn open_workbook(file_type: FileType, bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>, String> {
    let cursor = Cursor::new(bytes);
    match file_type {
        FileType::Xls => open_workbook_from_rs(cursor).map(Sheets::Xls).map_err(|e: calamine::XlsError| e.to_string()),
        FileType::Xlsb => open_workbook_from_rs(cursor).map(Sheets::Xlsb).map_err(|e: calamine::XlsbError| e.to_string()),
        FileType::Ods => open_workbook_from_rs(cursor).map(Sheets::Ods).map_err(|e: calamine::OdsError| e.to_string()),
        // A CSV file is not a workbook: read as one, it fails with calamine's explanation.
        FileType::Xlsx | FileType::Csv => open_workbook_from_rs(cursor).map(Sheets::Xlsx).map_err(|e: calamine::XlsxError| e.to_string()),
    }
}

/// The first worksheet of a workbook that holds anything.
fn first_worksheet(shown: &str, mut book: Sheets<Cursor<&[u8]>>) -> Result<Sheet, ReadError> {
    let failed = |detail: String| ReadError::Workbook { path: shown.to_owned(), detail };
    // The first worksheet that holds anything (a workbook may open with an empty cover sheet).
    let mut found = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| failed(e.to_string()))?;
        if !range.is_empty() {
            found = Some((name, range));
            break;
        }
    }
    let (name, range) = found.ok_or_else(|| ReadError::NoWorksheet { path: shown.to_owned() })?;
    // A range starts at its first used cell, not at A1: its offset gives the rows' real numbers.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut out = vec![Cell::Empty; first_col as usize];
            out.extend(cells.iter().map(cell_of));
            Row { number: first_row + i as u32 + 1, cells: out }
        })
        .collect();
    Ok(Sheet { rows, source: format!("xlsx ({name})") })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                Cell::Date(dt.as_f64())
            } else {
                Cell::Number(dt.as_f64())
            }
        }
    }
}

/// Reads CSV bytes in any supported encoding; a semicolon or tab separator is recognised when the
/// first line has more of them than commas.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, csv::Error> {
    let (text, encoding) = decode(bytes);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let delimiter = [b'\t', b';'].into_iter().find(|d| count(*d as char) > count(',')).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The csv reader skips empty lines: a row's number is counted from where its record starts, less
    // the line breaks inside earlier cells (a cell spanning lines is still one row in Excel).
    let mut newlines_inside = 0u64;
    let (mut counted_to, mut line) = (0usize, 1u64);
    for record in reader.records() {
        let record = record?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(text.len());
        // The position may point at the empty lines skipped before the record.
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start].iter().filter(|b| **b == b'\n').count() as u64;
        counted_to = start;
        let number = line.saturating_sub(newlines_inside);
        newlines_inside += record.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
        let cells = record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_owned()) }).collect();
        rows.push(Row { number: number as u32, cells });
    }
    Ok(Sheet { rows, source: format!("csv ({})", encoding.label()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_numbers_across_blank_lines_and_multiline_cells() {
        let sheet = read_csv("ทะเบียนภาคี\n\nชื่อ,จังหวัด\n\"สอง\nบรรทัด\",ขอนแก่น\n,\nสาม,เชียงใหม่\n".as_bytes()).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 5, 6]);
        assert!(sheet.rows[3].is_blank());
        assert_eq!(sheet.rows[4].cell(0).text().as_deref(), Some("สาม"));
    }

    #[test]
    fn semicolons_are_recognised() {
        let sheet = read_csv("a;b;c\n1;2;3\n".as_bytes()).unwrap();
        assert_eq!(sheet.rows[1].cells.len(), 3);
    }

    #[test]
    fn files_are_read_from_their_bytes_by_the_name_s_extension() {
        let sheet = read_bytes("ทะเบียน.CSV", "ชื่อ,จังหวัด\nก,ข\n".as_bytes()).unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert!(matches!(read_bytes("ทะเบียน.docx", b"PK"), Err(ReadError::UnknownType { .. })));
        assert!(matches!(read_bytes("ว่าง.csv", b""), Err(ReadError::Empty { .. })));
        assert!(matches!(read_bytes("ว่าง.csv", b",,\n\n , \n"), Err(ReadError::Empty { .. })));
        assert!(matches!(read_bytes("เสีย.xlsx", b"not a workbook"), Err(ReadError::Workbook { .. })));
    }

    #[test]
    fn an_uploaded_workbook_is_read_like_a_file() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(1, 1, "ชื่อหน่วยงาน").unwrap();
        ws.write_number(2, 1, 7.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let sheet = read_bytes("upload.xlsx", &bytes).unwrap();
        assert_eq!(sheet.rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(sheet.rows[0].cell(1).text().as_deref(), Some("ชื่อหน่วยงาน"));
    }

    #[test]
    fn numbers_read_as_text_lose_a_needless_fraction() {
        assert_eq!(Cell::Number(40.0).text().as_deref(), Some("40"));
        assert_eq!(Cell::Number(2.5).text().as_deref(), Some("2.5"));
    }
}
