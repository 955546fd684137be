//! What computed indicators are evaluated for.

use phakhi_domain::FiscalYear;

/// The period and place an indicator value is computed for; every aggregate of a formula takes them
/// as filters unless it names its own fiscal year or area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorScope {
    pub fiscal_year: Option<FiscalYear>,
    /// A DOPA code: the province, district or subdistrict and everything in it.
    pub area: Option<String>,
}

/// A computed indicator's value, with what the disclosure control needs to know about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorValue {
    /// `None` when a division by zero or an empty set of organisations leaves it undefined.
    pub value: Option<f64>,
    /// Whether a count of participants from 1 to 4 went into it: shown to the public, such a value
    /// could point to a person, so public views suppress it.
    pub uses_a_small_count: bool,
}
