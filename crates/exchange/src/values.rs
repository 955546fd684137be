//! Values as Thai offices type them: Thai digits (๐–๙), thousands separators, Buddhist Era years,
//! dates as `d/m/yyyy`, ISO `yyyy-mm-dd`, `15 ม.ค. 2567` or `15 มกราคม พ.ศ. 2567`, Excel date serials,
//! and times as `9:30` or `09.30 น.`.
//!
//! Years: a year above 2400 is Buddhist Era (2567 → 2024); a two-digit year is a Buddhist Era year of
//! the 2500s (`67` → 2567 → 2024), as Thai forms abbreviate it.

use chrono::{Days, NaiveDate, NaiveTime};
use phakhi_thai::normalize::normalize;

use crate::sheet::Cell;

/// A value that could not be read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    pub message_th: String,
    pub message_en: String,
}

impl ValueError {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        Self { message_th: th.into(), message_en: en.into() }
    }
}

/// Text with Thai digits as Arabic ones, invisible characters removed, spaces collapsed.
pub fn clean(text: &str) -> String {
    normalize(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words of unit that may follow a number (คน, บาท …).
const UNITS: [&str; 8] = ["คน", "ราย", "บาท", "ชั่วโมง", "ชม.", "ชม", "persons", "people"];

/// A number as written: `1,234.50`, `๑๒`, `45 คน`; `None` when blank.
pub fn number(text: &str) -> Result<Option<f64>, ValueError> {
    let mut t = clean(text);
    for unit in UNITS {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim().to_owned();
        }
    }
    let t: String = t.chars().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| ValueError::new(format!("“{text}” ไม่ใช่ตัวเลข"), format!("“{text}” is not a number")))
}

/// A count of people: a whole number from 0; blank or `-` (as Thai tables write zero) is `None`.
pub fn count(cell: &Cell) -> Result<Option<u32>, ValueError> {
    let n = match cell {
        Cell::Number(n) => Some(*n),
        _ => match cell.text() {
            None => None,
            Some(t) if matches!(t.as_str(), "-" | "–" | "—") => None,
            Some(t) => number(&t)?,
        },
    };
    match n {
        None => Ok(None),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(Some(n as u32)),
        Some(n) => Err(ValueError::new(
            format!("จำนวนคนต้องเป็นจำนวนเต็มไม่ติดลบ (พบ {n})"),
            format!("A count of people is a whole number from 0 (found {n})"),
        )),
    }
}

/// A number from a cell: numeric cells as they are, text as [`number`].
pub fn cell_number(cell: &Cell) -> Result<Option<f64>, ValueError> {
    match cell {
        Cell::Number(n) => Ok(Some(*n)),
        _ => cell.text().map_or(Ok(None), |t| number(&t)),
    }
}

const MONTHS_EN: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month a word names: Thai full names and abbreviations (with or without dots), English names.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(',').to_lowercase();
    let bare = |s: &str| s.replace('.', "");
    let w_bare = bare(&w);
    for (i, (full, abbr)) in phakhi_thai::THAI_MONTHS.iter().zip(phakhi_thai::THAI_MONTHS_ABBR.iter()).enumerate() {
        if w == *full || w == *abbr || w_bare == bare(abbr) {
            return Some(i as u32 + 1);
        }
    }
    MONTHS_EN
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(&w[..3]) && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|i| i as u32 + 1)
}

/// A year as written, as a Gregorian year.
fn year(y: i32) -> i32 {
    match y {
        0..=99 => y + 2500 - 543,
        y if y > 2400 => y - 543,
        y => y,
    }
}

fn ymd(y: i32, m: u32, d: u32, text: &str) -> Result<NaiveDate, ValueError> {
    NaiveDate::from_ymd_opt(year(y), m, d)
        .ok_or_else(|| ValueError::new(format!("ไม่มีวันที่ “{text}” ในปฏิทิน"), format!("“{text}” is not a date in the calendar")))
}

fn unreadable_date(text: &str) -> ValueError {
    ValueError::new(
        format!("อ่านวันที่ “{text}” ไม่ได้ (ใช้ เช่น 15/1/2567, 15 ม.ค. 2567 หรือ 2024-01-15)"),
        format!("Cannot read the date “{text}” (write e.g. 15/1/2567, 15 ม.ค. 2567 or 2024-01-15)"),
    )
}

/// An Excel date serial (days since 1899-12-30). A serial whose year is above 2400 was typed as a
/// Buddhist Era year into a Gregorian cell, and is read as that year.
pub fn excel_date(serial: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = base.checked_add_days(Days::new(serial.floor().max(0.0) as u64))?;
    if date.format("%Y").to_string().parse::<i32>().ok()? > 2400 {
        use chrono::Datelike;
        return NaiveDate::from_ymd_opt(date.year() - 543, date.month(), date.day());
    }
    Some(date)
}

/// A date from a cell: Excel dates and serials, or text (see [`date`]).
pub fn cell_date(cell: &Cell) -> Result<Option<NaiveDate>, ValueError> {
    match cell {
        Cell::Date(serial) => excel_date(*serial).map(Some).ok_or_else(|| unreadable_date(&serial.to_string())),
        Cell::Number(n) if (1.0..2_958_466.0).contains(n) && *n >= 10_000.0 => {
            excel_date(*n).map(Some).ok_or_else(|| unreadable_date(&n.to_string()))
        }
        _ => cell.text().map_or(Ok(None), |t| date(&t).map(Some)),
    }
}

/// A date written as text.
pub fn date(text: &str) -> Result<NaiveDate, ValueError> {
    let t = clean(text);
    // A date-time keeps its date.
    let t = t.split('T').next().unwrap_or(&t).to_owned();
    let words: Vec<String> = t
        .replace(',', " ")
        .split_whitespace()
        .filter(|w| !matches!(*w, "วันที่" | "พ.ศ." | "พ.ศ" | "ค.ศ." | "ค.ศ" | "พศ" | "คศ"))
        .map(str::to_owned)
        .collect();
    let num = |s: &str| s.parse::<i32>().ok();
    match words.as_slice() {
        [one] => {
            let parts: Vec<Option<i32>> = one.split(['/', '-', '.']).map(num).collect();
            match parts.as_slice() {
                [Some(y), Some(m), Some(d)] if *y > 999 => return ymd(*y, *m as u32, *d as u32, text),
                [Some(d), Some(m), Some(y)] => return ymd(*y, *m as u32, *d as u32, text),
                _ => {}
            }
            // 15-ม.ค.-67, 15-Jan-2024
            if let Some((d, rest)) = one.split_once(['-', '/'])
                && let Some((m, y)) = rest.rsplit_once(['-', '/'])
                && let (Some(d), Some(m), Some(y)) = (num(d), month(m), num(y))
            {
                return ymd(y, m, d as u32, text);
            }
            Err(unreadable_date(text))
        }
        // 15 ม.ค. 2567, 15 มกราคม 2567, 15 January 2024, January 15 2024
        [a, b, c] => match (num(a), month(b), num(c), month(a), num(b)) {
            (Some(d), Some(m), Some(y), _, _) => ymd(y, m, d as u32, text),
            (_, _, Some(y), Some(m), Some(d)) => ymd(y, m, d as u32, text),
            _ => Err(unreadable_date(text)),
        },
        _ => Err(unreadable_date(text)),
    }
}

/// A time of day: `9:30`, `09.30 น.`, `9 น.`, an Excel fraction of a day.
pub fn cell_time(cell: &Cell) -> Result<Option<NaiveTime>, ValueError> {
    if let Cell::Number(f) | Cell::Date(f) = cell
        && (0.0..1.0).contains(&f.fract())
        && *f < 1.0
    {
        let secs = (f * 86_400.0).round() as u32;
        return Ok(NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0));
    }
    let Some(t) = cell.text() else { return Ok(None) };
    let c = clean(&t);
    let c = c.trim_end_matches("น.").trim_end_matches('น').trim();
    let (h, m) = c.split_once([':', '.']).unwrap_or((c, "0"));
    match (h.trim().parse::<u32>(), m.trim().parse::<u32>()) {
        (Ok(h), Ok(m)) => NaiveTime::from_hms_opt(h, m, 0).map(Some),
        _ => None,
    }
    .ok_or_else(|| {
        ValueError::new(format!("อ่านเวลา “{t}” ไม่ได้ (ใช้ เช่น 9:30 หรือ 09.30 น.)"), format!("Cannot read the time “{t}” (write e.g. 9:30)"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn numbers_with_thai_digits_commas_and_units() {
        assert_eq!(number("1,234.50").unwrap(), Some(1234.5));
        assert_eq!(number("๑๒๓").unwrap(), Some(123.0));
        assert_eq!(number("๔๕ คน").unwrap(), Some(45.0));
        assert_eq!(number("  ").unwrap(), None);
        assert!(number("สิบ").is_err());
    }

    #[test]
    fn counts_are_whole_and_a_dash_is_blank() {
        assert_eq!(count(&Cell::Text("๑,๒๐๐".into())).unwrap(), Some(1200));
        assert_eq!(count(&Cell::Text("-".into())).unwrap(), None);
        assert_eq!(count(&Cell::Number(12.0)).unwrap(), Some(12));
        assert!(count(&Cell::Text("2.5".into())).is_err());
        assert!(count(&Cell::Text("-3".into())).is_err());
    }

    #[test]
    fn dates_in_buddhist_era_and_gregorian() {
        assert_eq!(date("15/1/2567").unwrap(), d(2024, 1, 15));
        assert_eq!(date("15/01/2024").unwrap(), d(2024, 1, 15));
        assert_eq!(date("๑๕/๑/๒๕๖๗").unwrap(), d(2024, 1, 15));
        assert_eq!(date("2024-01-15").unwrap(), d(2024, 1, 15));
        assert_eq!(date("2567-01-15").unwrap(), d(2024, 1, 15));
        assert_eq!(date("2024-01-15T09:00:00").unwrap(), d(2024, 1, 15));
        assert_eq!(date("15-1-67").unwrap(), d(2024, 1, 15));
    }

    #[test]
    fn thai_month_names_and_abbreviations() {
        assert_eq!(date("15 ม.ค. 2567").unwrap(), d(2024, 1, 15));
        assert_eq!(date("15 มค 67").unwrap(), d(2024, 1, 15));
        assert_eq!(date("วันที่ 3 ธันวาคม พ.ศ. 2566").unwrap(), d(2023, 12, 3));
        assert_eq!(date("1 ก.ย. 2566").unwrap(), d(2023, 9, 1));
        assert_eq!(date("15 January 2024").unwrap(), d(2024, 1, 15));
        assert_eq!(date("15-Jan-2024").unwrap(), d(2024, 1, 15));
        assert_eq!(date("15-ม.ค.-67").unwrap(), d(2024, 1, 15));
    }

    #[test]
    fn impossible_or_unreadable_dates_are_refused() {
        assert!(date("31/2/2567").is_err());
        assert!(date("เมื่อวาน").is_err());
        assert!(date("15 ม.ค.").is_err());
    }

    #[test]
    fn excel_serials_and_buddhist_era_typed_in_a_date_cell() {
        assert_eq!(excel_date(45306.0), Some(d(2024, 1, 15)));
        // 15/1/2567 typed into a Gregorian date cell: year 2567's serial.
        let serial = (d(2567, 1, 15) - d(1899, 12, 30)).num_days() as f64;
        assert_eq!(excel_date(serial), Some(d(2024, 1, 15)));
        assert_eq!(cell_date(&Cell::Date(45306.375)).unwrap(), Some(d(2024, 1, 15)));
    }

    #[test]
    fn times() {
        let t = |h, m| Some(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(cell_time(&Cell::Text("09.30 น.".into())).unwrap(), t(9, 30));
        assert_eq!(cell_time(&Cell::Text("13:00".into())).unwrap(), t(13, 0));
        assert_eq!(cell_time(&Cell::Number(0.5)).unwrap(), t(12, 0));
        assert!(cell_time(&Cell::Text("บ่าย".into())).is_err());
    }
}
