//! Participation sheets, written in bulk.
//!
//! A participation sheet has a row per cell of an activity: how many people came, of one gender, age
//! band, target group and nationality. The rows of one activity are its participation, so they
//! replace the cells stored for it, as the activity's form does: a cell that a corrected sheet leaves
//! out is gone, and importing the same sheet again changes nothing. An activity is written whole or
//! not at all: when one of its rows is wrong, none is written, since writing the others would drop the
//! wrong row's stored cell.
//!
//! A province collects these sheets for a year at a time, a million rows at national scale, so nothing
//! here goes row by row as the other kinds of sheet do (they are hundreds of rows): activities are
//! found a thousand (title, day) pairs per statement, cells are read and replaced 500 activities per
//! statement, and the audit entries are written together.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use phakhi_domain::access::Owners;
use phakhi_domain::participation::{Cells, ParticipationCell};
use phakhi_domain::{OrganizationId, ProgrammeId, Validate, Violation, Violations};
use serde::Serialize;
use uuid::Uuid;

use super::{allow, organization_named};
use crate::accounts::Actor;
use crate::sheet::{ParticipationRow, RowAction, RowOutcome};
use crate::sql::audit::{self, Change};
use crate::sql::{Tx, access, activities, target_groups};
use crate::{StoreError, StoreResult};

/// The rows a sheet gives for one activity, and what was found for it.
struct Activity<'a> {
    title: &'a str,
    day: NaiveDate,
    lead: Option<&'a str>,
    /// The lead organisation named, once found.
    lead_id: Option<Uuid>,
    rows: Vec<(u32, &'a ParticipationCell)>,
    /// Problems of the activity as a whole: its lead or itself not found, or not told apart.
    problems: Vec<Violation>,
    /// Problems of single rows.
    row_problems: HashMap<u32, Vec<Violation>>,
    /// The activities of its title and day (after matching, exactly one unless it failed).
    candidates: Vec<activities::Titled>,
}

impl Activity<'_> {
    fn failed(&self) -> bool {
        !self.problems.is_empty() || !self.row_problems.is_empty()
    }

    /// Every row an error: its own problems and the activity's, or, for a row with none of its own,
    /// the reason it is not written either.
    fn refused(mut self) -> Vec<RowOutcome> {
        let first_wrong = self.row_problems.keys().min().copied();
        self.rows
            .iter()
            .map(|(row, _)| {
                let mut problems = self.problems.clone();
                problems.extend(self.row_problems.remove(row).unwrap_or_default());
                if problems.is_empty() {
                    problems.push(ParticipationRow::held_back(first_wrong.unwrap_or_default()));
                }
                RowOutcome { row: *row, action: RowAction::Error, id: None, problems }
            })
            .collect()
    }
}

/// What the audit log keeps of a participation change: the cells before and after.
#[derive(Serialize)]
struct Participation<'a> {
    participation: &'a [ParticipationCell],
}

/// Checks and matches every row, then replaces the participation of the activities whose cells
/// change, in the caller's transaction. Errors that are no row's fault (the database failing, the
/// actor lacking the right) are the sheet's.
pub async fn apply(tx: &mut impl Tx, actor: &Actor, rows: &[(u32, &ParticipationRow)]) -> StoreResult<Vec<RowOutcome>> {
    let started = Instant::now();
    let mut found = by_activity(rows);
    check_leads(tx, &mut found).await?;
    check_cells(tx, &mut found).await?;
    match_activities(tx, &mut found).await?;
    let matching = started.elapsed();

    let matched: Vec<Uuid> = found.iter().filter(|a| !a.failed()).map(|a| a.candidates[0].id).collect();
    let mut stored = activities::participation_of(tx, &matched).await?;
    let reading = started.elapsed() - matching;
    let mut outcomes = Vec::with_capacity(rows.len());
    let mut changes: Vec<(Uuid, Vec<ParticipationCell>, Vec<ParticipationCell>)> = Vec::new();
    let mut owners: Vec<Owners> = Vec::new();
    let mut owners_of: HashMap<(Option<Uuid>, Option<Uuid>), Owners> = HashMap::new();
    for activity in found {
        if activity.failed() {
            outcomes.extend(activity.refused());
            continue;
        }
        let target = &activity.candidates[0];
        let before = stored.remove(&target.id).unwrap_or_default();
        let after: Vec<ParticipationCell> = activity.rows.iter().map(|(_, c)| (*c).clone()).collect();
        for (row, cell) in &activity.rows {
            let action = match before.iter().find(|b| same_combination(b, cell)) {
                None => RowAction::Create,
                Some(b) if b.count != cell.count => RowAction::Update,
                Some(_) => RowAction::Unchanged,
            };
            outcomes.push(RowOutcome { row: *row, action, id: Some(target.id), problems: Vec::new() });
        }
        if same_cells(&before, &after) {
            continue;
        }
        let key = (target.lead_organization_id, target.programme_id);
        let owners_of_activity = match owners_of.get(&key) {
            Some(o) => o.clone(),
            None => {
                let o = access::activity_led(tx, key.0.map(OrganizationId), key.1.map(ProgrammeId)).await?;
                owners_of.insert(key, o.clone());
                o
            }
        };
        allow(&actor.principal, &owners_of_activity)?;
        owners.push(owners_of_activity);
        changes.push((target.id, before, after));
    }
    let comparing = started.elapsed() - matching - reading;
    let cells: Vec<(Uuid, &[ParticipationCell], &[ParticipationCell])> =
        changes.iter().map(|(id, before, after)| (*id, before.as_slice(), after.as_slice())).collect();
    activities::replace_participation(tx, &cells).await?;
    let writing = started.elapsed() - matching - reading - comparing;
    let audits = owners.into_iter().zip(&changes).map(|(owners, (id, before, after))| {
        (owners, Change::updated("activity", *id, &Participation { participation: before }, &Participation { participation: after }))
    });
    audit::record_many(tx, actor, audits).await?;
    tracing::info!(
        rows = rows.len(),
        activities_changed = changes.len(),
        matching_s = matching.as_secs_f64(),
        reading_s = reading.as_secs_f64(),
        comparing_s = comparing.as_secs_f64(),
        writing_s = writing.as_secs_f64(),
        auditing_s = (started.elapsed() - matching - reading - comparing - writing).as_secs_f64(),
        "participation sheet applied"
    );
    Ok(outcomes)
}

/// The rows gathered by the activity they name, in the order the sheet first names each.
fn by_activity<'a>(rows: &[(u32, &'a ParticipationRow)]) -> Vec<Activity<'a>> {
    let mut found: Vec<Activity<'a>> = Vec::new();
    let mut index: HashMap<(&str, NaiveDate, Option<&str>), usize> = HashMap::new();
    for (row, r) in rows {
        let key = (r.activity.as_str(), r.day, r.lead_organization.as_deref());
        let i = *index.entry(key).or_insert_with(|| {
            found.push(Activity {
                title: key.0,
                day: key.1,
                lead: key.2,
                lead_id: None,
                rows: Vec::new(),
                problems: Vec::new(),
                row_problems: HashMap::new(),
                candidates: Vec::new(),
            });
            found.len() - 1
        });
        found[i].rows.push((*row, &r.cell));
    }
    found
}

/// Each lead organisation named is looked up once (a province's sheet names a few hundred).
async fn check_leads(tx: &mut impl Tx, found: &mut [Activity<'_>]) -> StoreResult<()> {
    let mut leads: HashMap<&str, Result<OrganizationId, Violations>> = HashMap::new();
    for activity in found.iter_mut() {
        let Some(name) = activity.lead else { continue };
        if !leads.contains_key(name) {
            let lead = match organization_named(tx, "/lead_organization", name).await {
                Ok(id) => Ok(id),
                Err(StoreError::Invalid(v)) => Err(v),
                Err(e) => return Err(e),
            };
            leads.insert(name, lead);
        }
        match &leads[name] {
            Ok(id) => activity.lead_id = Some(id.0),
            Err(v) => activity.problems.extend(v.as_slice().iter().cloned()),
        }
    }
    Ok(())
}

/// The cells a row gives: a known target group, a well-formed nationality, each combination once.
async fn check_cells(tx: &mut impl Tx, found: &mut [Activity<'_>]) -> StoreResult<()> {
    let known: HashSet<String> = target_groups::list(tx).await?.into_iter().map(|g| g.code).collect();
    for activity in found.iter_mut() {
        let cells: Vec<ParticipationCell> = activity.rows.iter().map(|(_, c)| (*c).clone()).collect();
        for v in Cells(&cells).validate().into_vec() {
            // "/3/nationality" is the fourth row's nationality.
            let rest = v.field.trim_start_matches('/');
            let (i, field) = rest.split_once('/').map_or((rest, String::new()), |(i, f)| (i, format!("/{f}")));
            let Some((row, _)) = i.parse::<usize>().ok().and_then(|i| activity.rows.get(i)) else { continue };
            activity.row_problems.entry(*row).or_default().push(Violation { field, ..v });
        }
        for (row, cell) in &activity.rows {
            if let Some(code) = &cell.target_group
                && !known.contains(code)
            {
                activity.row_problems.entry(*row).or_default().push(Violation {
                    field: "/target_group".into(),
                    code: "unknown_target_group".into(),
                    message_th: format!("ไม่พบกลุ่มเป้าหมาย “{code}”"),
                    message_en: format!("Unknown target group “{code}”"),
                });
            }
        }
    }
    Ok(())
}

/// Finds each activity by title and day, then, when the sheet names a lead, among those it leads.
/// After this an activity that has not failed has exactly one candidate: the one to write.
async fn match_activities(tx: &mut impl Tx, found: &mut [Activity<'_>]) -> StoreResult<()> {
    let wanted: Vec<usize> = (0..found.len()).filter(|i| found[*i].problems.is_empty()).collect();
    let keys: Vec<(&str, NaiveDate)> = wanted.iter().map(|i| (found[*i].title, found[*i].day)).collect();
    let mut by_key: HashMap<usize, Vec<activities::Titled>> = HashMap::new();
    for t in activities::titled_on(tx, &keys).await? {
        by_key.entry(wanted[t.key as usize]).or_default().push(t);
    }
    // Two spellings of the same activity (its lead by name, then by abbreviation) would each replace
    // the other's cells: the second is refused.
    let mut first_row_of: HashMap<Uuid, u32> = HashMap::new();
    for (i, activity) in found.iter_mut().enumerate() {
        if !activity.problems.is_empty() {
            continue;
        }
        let lead = activity.lead_id;
        let candidates: Vec<activities::Titled> =
            by_key.remove(&i).unwrap_or_default().into_iter().filter(|t| lead.is_none() || t.lead_organization_id == lead).collect();
        match candidates.len() {
            1 => {
                let first_row = activity.rows[0].0;
                match first_row_of.get(&candidates[0].id) {
                    Some(earlier) => activity.problems.push(Violation {
                        field: "/activity".into(),
                        code: "activity_named_twice".into(),
                        message_th: format!("แถวที่ {earlier} ระบุกิจกรรมเดียวกันนี้ไว้แล้วด้วยชื่อหรือหน่วยงานที่เขียนต่างกัน"),
                        message_en: format!("Row {earlier} already names this activity, with its name or lead written differently"),
                    }),
                    None => {
                        first_row_of.insert(candidates[0].id, first_row);
                        activity.candidates = candidates;
                    }
                }
            }
            0 => activity.problems.push(Violation {
                field: "/activity".into(),
                code: "unknown_activity".into(),
                message_th: format!(
                    "ไม่พบกิจกรรม “{}” วันที่ {}{} (นำเข้ากิจกรรมก่อน)",
                    activity.title,
                    phakhi_thai::format_date_th(activity.day),
                    activity.lead.map(|l| format!(" ของ{l}")).unwrap_or_default()
                ),
                message_en: format!(
                    "No activity “{}” on {}{} (import the activities first)",
                    activity.title,
                    phakhi_thai::format_date_en(activity.day),
                    activity.lead.map(|l| format!(" led by {l}")).unwrap_or_default()
                ),
            }),
            n => activity.problems.push(Violation {
                field: "/activity".into(),
                code: "ambiguous_activity".into(),
                message_th: format!("มีกิจกรรม “{}” ในวันเดียวกัน {n} รายการ ระบุหน่วยงานหลักเพื่อแยกให้ออก", activity.title),
                message_en: format!(
                    "{n} activities are titled “{}” on that day: name the lead organisation to tell them apart",
                    activity.title
                ),
            }),
        }
    }
    Ok(())
}

fn same_combination(a: &ParticipationCell, b: &ParticipationCell) -> bool {
    (a.gender, a.age_band, &a.target_group, &a.nationality) == (b.gender, b.age_band, &b.target_group, &b.nationality)
}

/// The same cells, in whatever order.
fn same_cells(a: &[ParticipationCell], b: &[ParticipationCell]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| same_combination(x, y) && x.count == y.count))
}
