//! The Thai government fiscal year (ปีงบประมาณ), 1 October – 30 September, named by its BE end year.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{be_year, ce_year};

/// Earliest and latest fiscal years phakhi accepts (BE). Wide enough for historical records and
/// long-term plans, narrow enough to catch a Gregorian year typed where a BE year was meant
/// (2024 is not a plausible BE fiscal year; 2567 is).
const MIN_BE: i32 = 2500;
const MAX_BE: i32 = 2700;

/// A Thai fiscal year, identified by its Buddhist Era label (e.g. 2567 = 1 Oct 2023 – 30 Sep 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

/// Why a number is not a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiscalYearError {
    /// Outside 2500–2700 BE; most often a Gregorian year typed by mistake.
    OutOfRange(i32),
}

impl std::fmt::Display for FiscalYearError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OutOfRange(y) => {
                write!(f, "fiscal year {y} is not a Buddhist Era year between {MIN_BE} and {MAX_BE}")
            }
        }
    }
}

impl std::error::Error for FiscalYearError {}

impl FiscalYear {
    /// The fiscal year with this Buddhist Era label.
    pub fn from_be(be: i32) -> Result<Self, FiscalYearError> {
        if (MIN_BE..=MAX_BE).contains(&be) { Ok(Self(be)) } else { Err(FiscalYearError::OutOfRange(be)) }
    }

    /// The fiscal year a date falls in: October to December belong to the next year's budget.
    pub fn containing(date: NaiveDate) -> Self {
        let ending_ce = if date.month() >= 10 { date.year() + 1 } else { date.year() };
        Self(be_year(ending_ce))
    }

    /// The Buddhist Era label, e.g. 2567.
    pub fn be(self) -> i32 {
        self.0
    }

    /// First day: 1 October of the previous Common Era year.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(ce_year(self.0) - 1, 10, 1).expect("1 October always exists")
    }

    /// Last day: 30 September of the ending Common Era year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(ce_year(self.0), 9, 30).expect("30 September always exists")
    }

    /// True when the date lies inside this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::containing(date) == self
    }

    /// `ปีงบประมาณ 2567`
    pub fn label_th(self) -> String {
        format!("ปีงบประมาณ {}", self.0)
    }

    /// `FY 2567 (Oct 2023 – Sep 2024)`: English readers get the BE label and the Gregorian span.
    pub fn label_en(self) -> String {
        format!("FY {} (Oct {} – Sep {})", self.0, ce_year(self.0) - 1, ce_year(self.0))
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = FiscalYearError;
    fn try_from(be: i32) -> Result<Self, Self::Error> {
        Self::from_be(be)
    }
}

impl From<FiscalYear> for i32 {
    fn from(fy: FiscalYear) -> i32 {
        fy.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn smart_gender_youth_cohort_falls_in_fiscal_year_2567() {
        // Report 001: 23 Feb 2024, "ประจำปีงบประมาณ 2567".
        assert_eq!(FiscalYear::containing(d(2024, 2, 23)).be(), 2567);
    }

    #[test]
    fn october_starts_the_next_fiscal_year() {
        assert_eq!(FiscalYear::containing(d(2023, 9, 30)).be(), 2566);
        assert_eq!(FiscalYear::containing(d(2023, 10, 1)).be(), 2567);
        // Forum no. 3 (25 Oct 2022) is in fiscal year 2566.
        assert_eq!(FiscalYear::containing(d(2022, 10, 25)).be(), 2566);
    }

    #[test]
    fn bounds_and_labels() {
        let fy = FiscalYear::from_be(2567).unwrap();
        assert_eq!(fy.first_day(), d(2023, 10, 1));
        assert_eq!(fy.last_day(), d(2024, 9, 30));
        assert!(fy.contains(d(2024, 9, 30)));
        assert!(!fy.contains(d(2024, 10, 1)));
        assert_eq!(fy.label_th(), "ปีงบประมาณ 2567");
        assert_eq!(fy.label_en(), "FY 2567 (Oct 2023 – Sep 2024)");
    }

    #[test]
    fn a_gregorian_year_is_rejected() {
        assert_eq!(FiscalYear::from_be(2024), Err(FiscalYearError::OutOfRange(2024)));
    }

    #[test]
    fn every_day_belongs_to_exactly_the_fiscal_year_whose_bounds_contain_it() {
        let mut day = d(2019, 1, 1);
        while day < d(2026, 1, 1) {
            let fy = FiscalYear::containing(day);
            assert!(fy.first_day() <= day && day <= fy.last_day(), "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
