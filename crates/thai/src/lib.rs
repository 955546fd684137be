//! Thai language and calendar rules that every other layer relies on.
//!
//! * Years are counted in the Buddhist Era (พ.ศ.): BE = CE + 543.
//! * Government budgets run on the fiscal year (ปีงบประมาณ) from 1 October to 30 September and are named
//!   after the Buddhist Era year in which they *end*: fiscal year 2567 is 1 Oct 2023 – 30 Sep 2024.
//! * Thai text is normalised ([`normalize`]) so that invisible and spelling variants compare equal.
//!
//! This crate is pure (no I/O) so every other layer can use it.

mod calendar;
mod fiscal_year;
pub mod normalize;
pub mod segment;

pub use calendar::{
    BE_OFFSET, THAI_MONTHS, THAI_MONTHS_ABBR, be_year, ce_year, format_date_en, format_date_th, format_month_en, format_month_th,
};
pub use fiscal_year::{FiscalYear, FiscalYearError};
