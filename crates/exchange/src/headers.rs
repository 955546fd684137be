//! Finding the header row and knowing its columns. Thai spreadsheets often open with a merged title
//! row ("ทะเบียนภาคีเครือข่าย ปีงบประมาณ ๒๕๖๗"), a blank line or two, then the headers; and the same
//! column is headed "ชื่อหน่วยงาน", "ชื่อองค์กร", "Organisation name" or "Name". Headers are compared
//! in a normal form (Thai normalised, lower case, without spaces or punctuation), with and without
//! a trailing unit in brackets ("จำนวน (คน)"), against each field's synonyms.

use crate::sheet::{Row, Sheet};

/// A column a kind of sheet understands, with the headers it goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Stable key, used in messages and docs (e.g. `name_th`).
    pub key: &'static str,
    /// Headers it is known by, Thai and English (compared in normal form).
    pub synonyms: &'static [&'static str],
}

/// Headers recognised and ignored (running numbers).
const IGNORED: [&str; 6] = ["ลำดับ", "ลำดับที่", "ที่", "no", "#", "order"];

/// A header in the form headers are compared in.
pub fn normal(header: &str) -> String {
    phakhi_thai::normalize::normalize(header)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | '-' | '_' | ':' | '*' | '"' | '\'' | '/' | '(' | ')' | '[' | ']' | '#'))
        .collect()
}

/// The header with a bracketed part removed ("จำนวนผู้เข้าร่วม (คน)" → "จำนวนผู้เข้าร่วม").
fn without_brackets(header: &str) -> Option<String> {
    let open = header.find(['(', '['])?;
    let close = header[open..].find([')', ']']).map_or(header.len(), |c| open + c + 1);
    let rest = format!("{}{}", &header[..open], &header[close..]);
    (!rest.trim().is_empty()).then_some(rest)
}

/// The field a header names, if any.
pub fn field_of<'f>(fields: &'f [Field], header: &str) -> Option<&'f Field> {
    let find = |h: &str| {
        let n = normal(h);
        if n.is_empty() {
            return None;
        }
        fields.iter().find(|f| f.key == n || f.synonyms.iter().any(|s| normal(s) == n))
    };
    find(header).or_else(|| without_brackets(header).and_then(|h| find(&h)))
}

/// Where the headers are and what each column is.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Index of the header row in [`Sheet::rows`].
    pub header_index: usize,
    /// The header row's number in the sheet.
    pub header_row: u32,
    /// Column index → field key, for the columns understood.
    pub fields: Vec<(usize, &'static str)>,
    /// Column index → header as written, for every non-empty header.
    pub headers: Vec<(usize, String)>,
    /// Headers not understood (their columns are ignored).
    pub unknown: Vec<String>,
    /// Headers naming a field another column already names (the later ones are ignored).
    pub repeated: Vec<String>,
}

impl Columns {
    /// The column of a field.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.fields.iter().find(|(_, k)| *k == key).map(|(i, _)| *i)
    }

    /// The header of a field as the sheet writes it (the key when the sheet lacks it).
    pub fn header(&self, key: &str) -> String {
        self.column(key).and_then(|c| self.headers.iter().find(|(i, _)| *i == c)).map_or_else(|| key.to_owned(), |(_, h)| h.clone())
    }
}

/// How many rows from the top are searched for headers.
const SEARCH_ROWS: usize = 30;

fn known_in(fields: &[Field], row: &Row) -> usize {
    let mut seen = Vec::new();
    for cell in &row.cells {
        if let Some(f) = cell.text().and_then(|h| field_of(fields, &h))
            && !seen.contains(&f.key)
        {
            seen.push(f.key);
        }
    }
    seen.len()
}

/// The first row (of the first 30) in which at least two cells name different known fields.
pub fn find(sheet: &Sheet, fields: &[Field]) -> Option<Columns> {
    let header_index = sheet.rows.iter().take(SEARCH_ROWS).position(|r| known_in(fields, r) >= 2)?;
    let row = &sheet.rows[header_index];
    let mut columns = Columns {
        header_index,
        header_row: row.number,
        fields: Vec::new(),
        headers: Vec::new(),
        unknown: Vec::new(),
        repeated: Vec::new(),
    };
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(header) = cell.text() else { continue };
        columns.headers.push((i, header.clone()));
        match field_of(fields, &header) {
            Some(f) if columns.column(f.key).is_some() => columns.repeated.push(header),
            Some(f) => columns.fields.push((i, f.key)),
            None if IGNORED.iter().any(|h| normal(h) == normal(&header)) => {}
            None => columns.unknown.push(header),
        }
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{Cell, Row};

    const FIELDS: [Field; 3] = [
        Field {
            key: "name_th", synonyms: &["ชื่อหน่วยงาน", "ชื่อองค์กร", "Organisation name", "Name"]
        },
        Field { key: "province", synonyms: &["จังหวัด", "Province"] },
        Field { key: "count_total", synonyms: &["จำนวนผู้เข้าร่วม"] },
    ];

    fn row(number: u32, cells: &[&str]) -> Row {
        Row { number, cells: cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).into()) }).collect() }
    }

    #[test]
    fn headers_match_leniently() {
        assert_eq!(field_of(&FIELDS, " ชื่อ องค์กร ").map(|f| f.key), Some("name_th"));
        assert_eq!(field_of(&FIELDS, "ORGANISATION  NAME:").map(|f| f.key), Some("name_th"));
        assert_eq!(field_of(&FIELDS, "จำนวนผู้เข้าร่วม (คน)").map(|f| f.key), Some("count_total"));
        assert_eq!(field_of(&FIELDS, "province").map(|f| f.key), Some("province"));
        assert_eq!(field_of(&FIELDS, "โทรศัพท์"), None);
    }

    #[test]
    fn the_header_row_is_found_below_a_title_and_blank_rows() {
        let sheet = Sheet {
            rows: vec![
                row(1, &["ทะเบียนภาคีเครือข่าย ปีงบประมาณ ๒๕๖๗", "", ""]),
                row(2, &["", "", ""]),
                row(4, &["ลำดับ", "ชื่อหน่วยงาน", "จังหวัด", "โทรศัพท์", "ชื่อองค์กร"]),
                row(5, &["1", "เทศบาลนครขอนแก่น", "ขอนแก่น", "043"]),
            ],
            source: "test".into(),
        };
        let c = find(&sheet, &FIELDS).expect("headers");
        assert_eq!((c.header_index, c.header_row), (2, 4));
        assert_eq!(c.column("name_th"), Some(1));
        assert_eq!(c.column("province"), Some(2));
        assert_eq!(c.unknown, vec!["โทรศัพท์".to_owned()]);
        assert_eq!(c.repeated, vec!["ชื่อองค์กร".to_owned()]);
        assert_eq!(c.header("province"), "จังหวัด");
    }

    #[test]
    fn a_title_alone_is_not_a_header_row() {
        let sheet =
            Sheet { rows: vec![row(1, &["ชื่อหน่วยงาน"]), row(2, &["เทศบาล"])], source: "test".into() };
        assert!(find(&sheet, &FIELDS).is_none());
    }
}
