//! Buddhist Era years and Thai date formatting.

use chrono::{Datelike, NaiveDate};

/// Years between the Common Era and the Buddhist Era as used in Thailand.
pub const BE_OFFSET: i32 = 543;

/// Abbreviated Thai month names as printed in government documents (ม.ค. … ธ.ค.).
pub const THAI_MONTHS_ABBR: [&str; 12] = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

/// Thai month names in full, January first.
pub const THAI_MONTHS: [&str; 12] =
    ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
const ENGLISH_MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ENGLISH_MONTHS_ABBR: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The Buddhist Era year of a Common Era year (2024 → 2567).
pub fn be_year(ce_year: i32) -> i32 {
    ce_year + BE_OFFSET
}

/// The Common Era year of a Buddhist Era year (2567 → 2024).
pub fn ce_year(be_year: i32) -> i32 {
    be_year - BE_OFFSET
}

/// A date as Thai readers write it: `5 ก.ค. 2567`.
pub fn format_date_th(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), THAI_MONTHS_ABBR[date.month0() as usize], be_year(date.year()))
}

/// A month and its Buddhist Era year in full: `กรกฎาคม 2567`.
pub fn format_month_th(date: NaiveDate) -> String {
    format!("{} {}", THAI_MONTHS[date.month0() as usize], be_year(date.year()))
}

/// A month and its Gregorian year in full: `July 2024`.
pub fn format_month_en(date: NaiveDate) -> String {
    format!("{} {}", ENGLISH_MONTHS[date.month0() as usize], date.year())
}

/// A date in English with the Gregorian year: `5 Jul 2024`.
pub fn format_date_en(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), ENGLISH_MONTHS_ABBR[date.month0() as usize], date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gender_equality_mou_date_reads_as_thai_readers_write_it() {
        let signed = NaiveDate::from_ymd_opt(2024, 7, 5).unwrap();
        assert_eq!(format_date_th(signed), "5 ก.ค. 2567");
        assert_eq!(format_date_en(signed), "5 Jul 2024");
    }

    #[test]
    fn era_conversion_round_trips() {
        for y in [1900, 2022, 2024, 2100] {
            assert_eq!(ce_year(be_year(y)), y);
        }
        assert_eq!(be_year(2022), 2565);
    }
}
