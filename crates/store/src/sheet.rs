//! Records read from a spreadsheet, ready to be matched and written by [`Store::apply_sheet`].
//!
//! A spreadsheet names things the way people do: an organisation by its Thai name, a programme by its
//! title. The `phakhi-exchange` crate turns cells into these records (values normalised, areas
//! resolved to DOPA codes); the store resolves names to records and matches each row to what is
//! already stored by its *natural key*, inside the one transaction that writes the whole sheet:
//!
//! * an organisation by its Thai name and area code;
//! * an activity by its Thai title, start day (Thailand time) and lead organisation.
//!
//! A cell left empty never erases a stored value: a matched record is updated only with what the sheet
//! says, and a row that says nothing new leaves it untouched (re-importing a file changes nothing).
//!
//! [`Store::apply_sheet`]: crate::Store::apply_sheet

use chrono::{DateTime, Utc};
use phakhi_domain::activity::{ActivityKind, AttendanceMode};
use phakhi_domain::organization::{OrganizationStatus, Sector};
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::validation::Violation;
use uuid::Uuid;

/// What to do with a sheet once every row has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetMode {
    /// Check and match every row, then roll everything back: nothing is written.
    DryRun,
    /// Write every row, or nothing when any row is invalid.
    AllOrNothing,
    /// Write the valid rows; report the invalid ones.
    ValidRowsOnly,
}

/// One row of a sheet: where it is (1-based, as the user sees it) and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub row: u32,
    pub record: SheetRecord,
}

/// What a row describes.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetRecord {
    Organization(OrganizationRow),
    Activity(ActivityRow),
}

/// An organisation as a sheet gives it; `None` is an empty or absent cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationRow {
    pub name_th: String,
    pub name_en: Option<String>,
    pub abbreviation: Option<String>,
    /// Needed to create an organisation; optional to update one.
    pub sector: Option<Sector>,
    /// The Thai (or English) name, or abbreviation, of the organisation this one is part of.
    pub parent: Option<String>,
    pub area_code: Option<String>,
    pub website: Option<String>,
    pub status: Option<OrganizationStatus>,
    pub description_th: Option<String>,
    pub description_en: Option<String>,
}

/// An activity as a sheet gives it, with the organisations and programme named, not identified.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    /// Needed to create an activity; optional to update one.
    pub kind: Option<ActivityKind>,
    pub title_th: String,
    pub title_en: Option<String>,
    pub description_th: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue_th: Option<String>,
    pub area_code: Option<String>,
    pub hours: Option<f64>,
    /// On site when a new activity's sheet does not say.
    pub mode: Option<AttendanceMode>,
    /// Lead organisation by Thai or English name or abbreviation.
    pub lead_organization: Option<String>,
    pub partner_organizations: Vec<String>,
    /// Programme by its Thai title.
    pub programme: Option<String>,
    /// Target-group codes; empty keeps what is stored.
    pub target_groups: Vec<String>,
    /// Participation cells; `None` keeps what is stored, `Some` replaces it.
    pub participation: Option<Vec<ParticipationCell>>,
    pub volunteer_hours: Option<f64>,
}

/// What happens (or would happen) to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
    Error,
}

/// The outcome of one row: its action, the record it matched or made, and its problems (JSON Pointers
/// into the row's record, e.g. `/area_code`, `/lead_organization`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    pub row: u32,
    pub action: RowAction,
    pub id: Option<Uuid>,
    pub problems: Vec<Violation>,
}

/// What became of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetReport {
    pub rows: Vec<RowOutcome>,
    /// Whether anything was committed.
    pub written: bool,
}

impl SheetReport {
    /// How many rows have this action.
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}
