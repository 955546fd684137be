//! Finding the header row and knowing its columns. Thai spreadsheets often open with a merged title
//! row ("ทะเบียนภาคีเครือข่าย ปีงบประมาณ ๒๕๖๗"), a blank line or two, then the headers; and the same
//! column is headed "ชื่อหน่วยงาน", "ชื่อองค์กร", "Organisation name" or "Name". Headers are compared
//! in a normal form (Thai normalised, lower case, without spaces or punctuation), with and without
//! a trailing unit in brackets ("จำนวน (คน)"), against each field's synonyms.
//!
//! A person can overrule the headers with a [`Mapping`] (column → field, or ignore the column): the
//! upload page offers one select per column, and a command-line option could take the same mapping
//! written as `C=name_th,F=` ([`Mapping`]'s `FromStr`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

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

/// The header a template names a field by: its first Thai synonym, or its first English one
/// (capitalised); a field with no English synonym keeps its Thai one.
pub fn template_header(field: &Field, english: bool) -> String {
    let is_english = |s: &&&str| s.chars().any(|c| c.is_ascii_alphabetic()) && s.is_ascii();
    let found = if english { field.synonyms.iter().find(is_english) } else { field.synonyms.iter().find(|s| !is_english(s)) };
    let header = found.or(field.synonyms.first()).copied().unwrap_or(field.key);
    let mut chars = header.chars();
    match chars.next() {
        Some(first) if english => first.to_uppercase().chain(chars).collect(),
        _ => header.to_owned(),
    }
}

/// How a column came by its field (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// Its header names the field.
    Header,
    /// A person chose the field (or chose to ignore the column) against what the header says.
    Chosen,
    /// Its header names no field; the column is ignored.
    Unknown,
    /// Its field is already another column's; this one is ignored.
    Repeated,
    /// A running number (`ลำดับ`, `No.`), ignored silently.
    Ignored,
}

/// One column of the header row and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    /// The header as written (the column's letter when its header cell is blank).
    pub header: String,
    /// The field the column is read as; `None` when it is ignored.
    pub field: Option<&'static str>,
    pub matched: Matched,
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
    /// Every column with a header (or a field chosen for it), in order, and what became of it.
    pub all: Vec<Column>,
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
    find_with(sheet, fields, &Mapping::default()).ok().flatten()
}

/// Like [`find`], with the fields a person chose for some columns: a chosen field goes to its
/// column first, and a column whose header names the same field is then a repeat; the other
/// columns are matched by their headers.
pub fn find_with(sheet: &Sheet, fields: &[Field], mapping: &Mapping) -> Result<Option<Columns>, MappingError> {
    let chosen = mapping.resolve(fields)?;
    let Some(header_index) = sheet.rows.iter().take(SEARCH_ROWS).position(|r| known_in(fields, r) >= 2) else { return Ok(None) };
    let row = &sheet.rows[header_index];
    let mut columns = Columns {
        header_index,
        header_row: row.number,
        fields: Vec::new(),
        headers: Vec::new(),
        unknown: Vec::new(),
        repeated: Vec::new(),
        all: Vec::new(),
    };
    let width = row.cells.len().max(chosen.keys().next_back().map_or(0, |last| last + 1));
    let by_header = |i: usize| row.cell(i).text().and_then(|h| field_of(fields, &h)).map(|f| f.key);
    // A person's choice that differs from the header: such columns claim their fields first.
    let overrules = |i: usize| chosen.get(&i).filter(|choice| **choice != by_header(i)).copied();
    let claimed: Vec<&'static str> = (0..width).filter_map(|i| overrules(i).flatten()).collect();
    for i in 0..width {
        let header = row.cell(i).text();
        // A column without a header counts only when a person chose a field for it.
        let Some(shown) = header.clone().or_else(|| chosen.get(&i).copied().flatten().map(|_| column_letter(i))) else { continue };
        if header.is_some() {
            columns.headers.push((i, shown.clone()));
        }
        let (field, matched) = match (overrules(i), by_header(i)) {
            (Some(choice), _) => (choice, Matched::Chosen),
            (None, Some(key)) => (Some(key), Matched::Header),
            (None, None) if IGNORED.iter().any(|h| normal(h) == normal(&shown)) => (None, Matched::Ignored),
            (None, None) => (None, Matched::Unknown),
        };
        let repeat = field.is_some_and(|key| columns.column(key).is_some() || (matched != Matched::Chosen && claimed.contains(&key)));
        let column = match field {
            Some(_) if repeat => {
                columns.repeated.push(shown.clone());
                Column { index: i, header: shown, field: None, matched: Matched::Repeated }
            }
            Some(key) => {
                columns.fields.push((i, key));
                Column { index: i, header: shown, field: Some(key), matched }
            }
            None => {
                if matched == Matched::Unknown {
                    columns.unknown.push(shown.clone());
                }
                Column { index: i, header: shown, field: None, matched }
            }
        };
        columns.all.push(column);
    }
    Ok(Some(columns))
}

/// A spreadsheet column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A column's index from its letters (`A` → 0, `aa` → 26); `None` for anything else.
pub fn column_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let n = letters.to_ascii_uppercase().bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    Some(n - 1)
}

/// The fields a person chose for some columns, overruling their headers: column index → field
/// key, or `None` to ignore the column. Written (and parsed) with the columns' letters:
/// `B=name_th,C=,F=province` — `C=` ignores column C.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping(BTreeMap<usize, Option<String>>);

/// A mapping that names no field of the kind of sheet, or is not written as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("column {column}: no such field “{field}” (ไม่มีช่องข้อมูล “{field}”)")]
    UnknownField { column: String, field: String },
    #[error("“{0}” is not a column mapping such as C=name_th (ไม่ใช่การจับคู่คอลัมน์)")]
    Malformed(String),
}

impl Mapping {
    /// Column `index` is to be read as `field` (`None`: ignored).
    pub fn set(&mut self, index: usize, field: Option<&str>) {
        self.0.insert(index, field.map(str::to_owned));
    }

    /// The choice made for a column, if any.
    pub fn get(&self, index: usize) -> Option<Option<&str>> {
        self.0.get(&index).map(Option::as_deref)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each choice, in column order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Option<&str>)> {
        self.0.iter().map(|(i, f)| (*i, f.as_deref()))
    }

    /// The choices with each field key checked against the kind's fields.
    fn resolve(&self, fields: &[Field]) -> Result<BTreeMap<usize, Option<&'static str>>, MappingError> {
        self.0
            .iter()
            .map(|(i, choice)| match choice {
                None => Ok((*i, None)),
                Some(key) => fields
                    .iter()
                    .find(|f| f.key == key)
                    .map(|f| (*i, Some(f.key)))
                    .ok_or_else(|| MappingError::UnknownField { column: column_letter(*i), field: key.clone() }),
            })
            .collect()
    }
}

impl FromStr for Mapping {
    type Err = MappingError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut mapping = Mapping::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (column, field) = part.split_once('=').ok_or_else(|| MappingError::Malformed(part.to_owned()))?;
            let index = column_index(column.trim()).ok_or_else(|| MappingError::Malformed(part.to_owned()))?;
            let field = field.trim();
            mapping.set(index, (!field.is_empty()).then_some(field));
        }
        Ok(mapping)
    }
}

impl fmt::Display for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.iter().map(|(i, field)| format!("{}={}", column_letter(i), field.unwrap_or(""))).collect();
        f.write_str(&parts.join(","))
    }
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

    fn register() -> Sheet {
        Sheet {
            rows: vec![
                row(1, &["ลำดับ", "ชื่อหน่วยงาน", "จังหวัด", "โทรศัพท์", "ผู้เข้าร่วม"]),
                row(2, &["1", "เทศบาลนครขอนแก่น", "ขอนแก่น", "043", "12"]),
            ],
            source: "test".into(),
        }
    }

    #[test]
    fn a_chosen_field_overrules_the_header_and_takes_the_field_from_its_column() {
        let mut mapping = Mapping::default();
        mapping.set(3, Some("name_th"));
        mapping.set(2, None);
        let c = find_with(&register(), &FIELDS, &mapping).unwrap().expect("headers");
        assert_eq!(c.column("name_th"), Some(3), "the chosen column wins");
        assert_eq!(c.column("province"), None, "column C is ignored");
        assert_eq!(c.repeated, vec!["ชื่อหน่วยงาน".to_owned()], "the header that named the same field is now a repeat");
        let how: Vec<(usize, Option<&str>, Matched)> = c.all.iter().map(|x| (x.index, x.field, x.matched)).collect();
        assert_eq!(
            how,
            vec![
                (0, None, Matched::Ignored),
                (1, None, Matched::Repeated),
                (2, None, Matched::Chosen),
                (3, Some("name_th"), Matched::Chosen),
                (4, None, Matched::Unknown),
            ]
        );
        // Choosing what the header says already changes nothing.
        let mut same = Mapping::default();
        same.set(1, Some("name_th"));
        assert_eq!(find_with(&register(), &FIELDS, &same).unwrap(), find(&register(), &FIELDS));
    }

    #[test]
    fn a_mapping_is_written_with_column_letters_and_checked_against_the_fields() {
        let mapping: Mapping = "E=count_total, C= ,b=name_th".parse().unwrap();
        assert_eq!(mapping.to_string(), "B=name_th,C=,E=count_total");
        assert_eq!(mapping.get(2), Some(None));
        let c = find_with(&register(), &FIELDS, &mapping).unwrap().unwrap();
        assert_eq!(c.column("count_total"), Some(4));
        assert!(matches!("name_th".parse::<Mapping>(), Err(MappingError::Malformed(_))));
        let wrong: Mapping = "B=budget".parse().unwrap();
        assert!(matches!(find_with(&register(), &FIELDS, &wrong), Err(MappingError::UnknownField { .. })));
        assert_eq!(
            (column_letter(0), column_letter(25), column_letter(26), column_letter(701)),
            ("A".into(), "Z".into(), "AA".into(), "ZZ".into())
        );
        assert_eq!((column_index("A"), column_index("aa"), column_index("ZZ"), column_index("1")), (Some(0), Some(26), Some(701), None));
    }

    #[test]
    fn a_column_without_a_header_can_be_chosen_by_its_letter() {
        let mut sheet = register();
        sheet.rows[0].cells.push(Cell::Empty);
        sheet.rows[1].cells.push(Cell::Text("https://kkmuni.go.th".into()));
        let mapping: Mapping = "F=province".parse().unwrap();
        let c = find_with(&sheet, &FIELDS, &mapping).unwrap().unwrap();
        assert_eq!(c.column("province"), Some(5));
        assert_eq!(c.all.last().map(|x| x.header.as_str()), Some("F"));
        assert_eq!(c.repeated, vec!["จังหวัด".to_owned()]);
    }

    #[test]
    fn template_headers_are_each_field_s_first_thai_or_english_name() {
        assert_eq!(template_header(&FIELDS[0], false), "ชื่อหน่วยงาน");
        assert_eq!(template_header(&FIELDS[0], true), "Organisation name");
        assert_eq!(template_header(&FIELDS[2], true), "จำนวนผู้เข้าร่วม", "no English name: the Thai one");
    }

    #[test]
    fn a_title_alone_is_not_a_header_row() {
        let sheet =
            Sheet { rows: vec![row(1, &["ชื่อหน่วยงาน"]), row(2, &["เทศบาล"])], source: "test".into() };
        assert!(find(&sheet, &FIELDS).is_none());
    }
}
