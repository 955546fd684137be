//! Records read from a spreadsheet, ready to be matched and written by [`Store::apply_sheet`].
//!
//! A spreadsheet names things the way people do: an organisation by its Thai name, a programme by its
//! title. The `phakhi-exchange` crate turns cells into these records (values normalised, areas
//! resolved to DOPA codes); the store resolves names to records and matches each row to what is
//! already stored by its *natural key*, inside the one transaction that writes the whole sheet:
//!
//! * an organisation by its Thai name and area code;
//! * an activity by its Thai title, start day (Thailand time) and lead organisation;
//! * a programme by its Thai title, fiscal year and lead organisation;
//! * a network member by the network's Thai name and the organisation;
//! * an agreement party by the agreement's Thai title and the organisation;
//! * a participation cell by its activity (Thai title, start day, and the lead organisation when the
//!   sheet names it) and its gender, age band, target group and nationality. The rows of one activity
//!   are its participation: they replace the cells stored for it, as the activity's form does.
//!
//! A cell left empty never erases a stored value: a matched record is updated only with what the sheet
//! says, and a row that says nothing new leaves it untouched (re-importing a file changes nothing).
//!
//! [`Store::apply_sheet`]: crate::Store::apply_sheet

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::FiscalYear;
use phakhi_domain::activity::{ActivityKind, AttendanceMode};
use phakhi_domain::agreement::PartyRole;
use phakhi_domain::money::Baht;
use phakhi_domain::network::MemberRole;
use phakhi_domain::organization::{OrganizationStatus, Sector};
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::programme::ProgrammeStatus;
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
    Programme(ProgrammeRow),
    NetworkMember(NetworkMemberRow),
    AgreementParty(AgreementPartyRow),
    Participation(ParticipationRow),
}

/// One participation cell of an activity, as a sheet in long form gives it (one row per combination
/// of gender, age band, target group and nationality, the layout of most attendance summaries).
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipationRow {
    /// The activity's Thai title.
    pub activity: String,
    /// The day the activity starts, in Thailand.
    pub day: NaiveDate,
    /// The activity's lead organisation by Thai or English name or abbreviation; when absent, the
    /// title and day must be enough to tell the activity.
    pub lead_organization: Option<String>,
    pub cell: ParticipationCell,
}

impl ParticipationRow {
    /// Why a row that is itself fine is not written: `other`, a row of the same activity, has an
    /// error, and an activity's rows are written together (they replace its stored cells).
    pub fn held_back(other: u32) -> Violation {
        Violation {
            field: String::new(),
            code: "activity_incomplete".into(),
            message_th: format!("แถวที่ {other} ของกิจกรรมเดียวกันผิดพลาด จึงไม่บันทึกแถวใดของกิจกรรมนี้"),
            message_en: format!("Row {other} of the same activity has an error, so none of this activity's rows is written"),
        }
    }
}

/// A programme as a sheet gives it, organisations named.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeRow {
    pub title_th: String,
    pub title_en: Option<String>,
    pub description_th: Option<String>,
    pub fiscal_year: FiscalYear,
    pub budget_baht: Option<Baht>,
    pub budget_source: Option<String>,
    /// Lead organisation by Thai or English name or abbreviation.
    pub lead_organization: String,
    pub partner_organizations: Vec<String>,
    /// Target-group codes; empty keeps what is stored.
    pub target_groups: Vec<String>,
    pub area_code: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Active when a new programme's sheet does not say.
    pub status: Option<ProgrammeStatus>,
}

/// An organisation's membership of a network, both named.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkMemberRow {
    /// The network's Thai (or English) name; the network must exist.
    pub network: String,
    pub organization: String,
    /// Member when a new membership's sheet does not say.
    pub role: Option<MemberRole>,
    pub represented_by: Option<String>,
    pub joined_on: Option<NaiveDate>,
}

/// An organisation's part in an agreement, both named.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementPartyRow {
    /// The agreement's Thai (or English) title; the agreement must exist.
    pub agreement: String,
    pub organization: String,
    /// Signatory when a new party's sheet does not say.
    pub role: Option<PartyRole>,
    pub signed_by: Option<String>,
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
