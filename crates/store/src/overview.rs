//! The network at a glance: the figures the home page and the annual report open with.

use phakhi_domain::FiscalYear;
use serde::Serialize;

/// A code (sector, status, gender, target group, province …) and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub code: String,
    pub count: u64,
}

/// How much of one framework item's subtree the network's work reaches in a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The item's code, e.g. `5` for SDG 5.
    pub code: String,
    pub programmes: u64,
    pub activities: u64,
}

/// Activity in one province or one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityTally {
    /// A two-digit province code, or a month `YYYY-MM` in Thai time.
    pub key: String,
    pub activities: u64,
    pub participants: u64,
}

/// The figures of one fiscal year, for the whole register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub fiscal_year: FiscalYear,
    /// Fiscal years that have programmes or activities, newest first.
    pub fiscal_years_with_records: Vec<FiscalYear>,
    /// Active organisations by sector.
    pub organizations_by_sector: Vec<Tally>,
    pub networks: u64,
    pub agreements_by_status: Vec<Tally>,
    pub programmes: u64,
    pub activities: u64,
    pub participants: u64,
    pub participants_by_gender: Vec<Tally>,
    /// Target-group codes; `not_stated` for cells without one.
    pub participants_by_target_group: Vec<Tally>,
    /// Every SDG goal, in order, with the programmes and activities aligned to it or below it.
    pub sdg_goals: Vec<Coverage>,
    pub by_province: Vec<ActivityTally>,
    pub by_month: Vec<ActivityTally>,
}
