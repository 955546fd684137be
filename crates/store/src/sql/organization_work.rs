//! SQL for each organisation's own work of each fiscal year, kept summed as records are written
//! (decision 45).
//!
//! A share's condition judges every organisation of its set by its own work in the period: the
//! report-002 indicator sums, for each of the country's 3,181 government agencies, the hours of the
//! human-rights trainings it led or partnered that year. Read from the activities, that is some
//! 60,000 records and their alignments, 1.3–1.7 s at national scale. `organization_work` holds, for
//! each organisation, fiscal year, SDG goal (`all` for any alignment or none) and kind of activity,
//! how many activities the organisation led or partnered and their hours and volunteer hours; such a
//! condition reads one row per organisation.
//!
//! The rows are not kept by adding differences: hours are fractions, and a sum that has had a value
//! added and taken away again need not equal the sum of what is there. Instead every write that
//! changes an activity recomputes, from the records, the rows of each organisation and year the
//! activity counted in before or counts in now (a few dozen activities each); a new activity is only
//! added. So the table always equals what [`rebuild`] (and the migration that created it) computes,
//! up to the order in which each row's hours were added.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use super::activities::fiscal_year_bounds;
use super::checks::{self, CHUNK};
use super::figures::{GOAL_OF, fiscal_year_of};
use super::query::Select;
use super::{Dialect, Sql, Tx};
use crate::StoreResult;
use crate::error::Context;

/// The goal code of the rows that count an organisation's work whatever it is aligned to.
pub(super) const ANY_GOAL: &str = "all";

/// The `WITH` clause naming `placed`: each activity once for its lead and once for each partner
/// other than the lead (`work`), and once more for each SDG goal it is aligned to (at the goal or
/// anywhere below it). `lead` and `partner` narrow the two sides (conditions over `a`, and `w` for
/// the partners, each beginning with `AND`; empty for every record). The goals are looked up for the
/// activities of `work` by the alignments' index (`IN`): joined, SQLite read all 600,000 activities'
/// alignments to find those of one organisation's year (63 ms, against 6 ms).
fn with_placed(dialect: Dialect, lead: &str, partner: &str) -> String {
    let fiscal_year = fiscal_year_of(dialect, "a.starts_at");
    format!(
        "WITH RECURSIVE {GOAL_OF}, \
         work AS ( \
             SELECT a.id, a.lead_organization_id AS organization_id, {fiscal_year} AS fiscal_year, a.kind, a.hours, a.volunteer_hours \
             FROM activities a WHERE a.lead_organization_id IS NOT NULL {lead} \
             UNION ALL SELECT a.id, w.organization_id, {fiscal_year}, a.kind, a.hours, a.volunteer_hours \
             FROM activity_partners w JOIN activities a ON a.id = w.activity_id \
             WHERE (a.lead_organization_id IS NULL OR a.lead_organization_id <> w.organization_id) {partner}), \
         aligned_goal AS ( \
             SELECT DISTINCT al.subject_id AS id, g.code FROM alignments al JOIN goal_of g ON g.item_id = al.item_id \
             WHERE al.subject_kind = 'activity' AND al.subject_id IN (SELECT id FROM work)), \
         placed AS ( \
             SELECT organization_id, fiscal_year, '{ANY_GOAL}' AS goal, kind, hours, volunteer_hours FROM work \
             UNION ALL SELECT w.organization_id, w.fiscal_year, ag.code, w.kind, w.hours, w.volunteer_hours \
             FROM work w JOIN aligned_goal ag ON ag.id = w.id)"
    )
}

/// The rows `placed` sums to, before their grouping ([`GROUPED`]).
const INSERTED: &str = "INSERT INTO organization_work (organization_id, fiscal_year, goal, kind, activities, hours, volunteer_hours) \
                        SELECT organization_id, fiscal_year, goal, kind, COUNT(*), COALESCE(SUM(hours), 0), COALESCE(SUM(volunteer_hours), 0) \
                        FROM placed";

/// How [`INSERTED`] groups `placed` into rows.
const GROUPED: &str = "GROUP BY organization_id, fiscal_year, goal, kind";

/// The rows of `placed` (a [`with_placed`] clause) written into the table, a row already there for a
/// key changed by `set` (`excluded` is the new row). `WHERE true`: SQLite reads `ON CONFLICT` after
/// `INSERT … SELECT` only when the select has a `WHERE` clause.
fn upsert(placed: &str, set: &str) -> String {
    format!("{placed} {INSERTED} WHERE true {GROUPED} ON CONFLICT (organization_id, fiscal_year, goal, kind) DO UPDATE SET {set}")
}

/// The statement that fills an empty `organization_work` from every record: [`rebuild`], and the
/// backfill of migration 0018, which holds this exact text (a unit test checks it).
pub fn rebuild_sql(dialect: Dialect) -> String {
    format!("{} {INSERTED} {GROUPED}", with_placed(dialect, "", ""))
}

/// Recomputes every organisation's work from the records (after a restore, or when the SDG tree changed).
pub async fn rebuild(tx: &mut impl Tx) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM organization_work")).await.context("clearing the organisations' work")?;
    let dialect = tx.dialect();
    tx.execute(Sql::new(rebuild_sql(dialect))).await.context("summing the organisations' work")?;
    Ok(())
}

/// An organisation and a fiscal year (BE): whose rows a write recomputes.
pub(super) type OrganizationYear = (Uuid, i64);

/// The organisations and years the activities count in: their leads' and partners', in the years
/// they start in.
pub(super) async fn counted_in(tx: &mut impl Tx, activities: &BTreeSet<Uuid>) -> StoreResult<BTreeSet<OrganizationYear>> {
    let ids: Vec<Uuid> = activities.iter().copied().collect();
    let fiscal_year = fiscal_year_of(tx.dialect(), "a.starts_at");
    let mut found = BTreeSet::new();
    for chunk in ids.chunks(CHUNK) {
        let (leads, partners) = (checks::placeholders(1, chunk.len()), checks::placeholders(chunk.len() + 1, chunk.len()));
        let sql = Sql::new(format!(
            "SELECT a.lead_organization_id, CAST({fiscal_year} AS BIGINT) FROM activities a \
             WHERE a.id IN ({leads}) AND a.lead_organization_id IS NOT NULL \
             UNION SELECT w.organization_id, CAST({fiscal_year} AS BIGINT) FROM activity_partners w JOIN activities a ON a.id = w.activity_id \
             WHERE a.id IN ({partners})"
        ));
        let sql = chunk.iter().chain(chunk).fold(sql, |sql, id| sql.bind(*id));
        let rows: Vec<(Uuid, i64)> = tx.fetch_all(sql).await.context("reading whose work activities are")?;
        found.extend(rows);
    }
    Ok(found)
}

/// Brings the organisations' work up to date after a write: recomputes the rows of the organisations
/// and years the changed activities counted in before the write (`before`) and count in now, and adds
/// the activities the write created.
pub(super) async fn follow(
    tx: &mut impl Tx,
    before: BTreeSet<OrganizationYear>,
    changed: &BTreeSet<Uuid>,
    created: &BTreeSet<Uuid>,
) -> StoreResult<()> {
    let mut recomputed = counted_in(tx, changed).await?;
    recomputed.extend(before);
    if tx.dialect() == Dialect::Postgres {
        let mut touched = counted_in(tx, created).await?;
        touched.extend(recomputed.iter().copied());
        lock(tx, &touched).await?;
    }
    recompute(tx, &recomputed).await?;
    add(tx, created).await
}

/// Recomputes the rows of these organisations and years from the records, a year at a time.
async fn recompute(tx: &mut impl Tx, pairs: &BTreeSet<OrganizationYear>) -> StoreResult<()> {
    let mut by_year: BTreeMap<i64, Vec<Uuid>> = BTreeMap::new();
    for (organization, year) in pairs {
        by_year.entry(*year).or_default().push(*organization);
    }
    let dialect = tx.dialect();
    for (year, organizations) in by_year {
        let Some((start, end)) = i32::try_from(year).ok().and_then(|y| phakhi_domain::FiscalYear::from_be(y).ok()).map(fiscal_year_bounds)
        else {
            continue; // no activity starts in a year the domain cannot name
        };
        // Organisations in key order: two writes never wait for each other's rows in opposite orders.
        for chunk in organizations.chunks(CHUNK) {
            let n = chunk.len();
            let delete = Sql::new(format!(
                "DELETE FROM organization_work WHERE fiscal_year = $1 AND organization_id IN ({})",
                checks::placeholders(2, n)
            ));
            let delete = chunk.iter().fold(delete.bind(year), |sql, id| sql.bind(*id));
            tx.execute(delete).await.context("clearing organisations' work of a year")?;
            let lead = format!("AND a.lead_organization_id IN ({}) AND a.starts_at >= $1 AND a.starts_at < $2", checks::placeholders(3, n));
            let partner =
                format!("AND w.organization_id IN ({}) AND a.starts_at >= $1 AND a.starts_at < $2", checks::placeholders(3 + n, n));
            // A row another transaction added for a new activity since the `DELETE` read the table
            // is replaced: this statement reads the records as they are now, that activity among them.
            let insert = Sql::new(upsert(
                &with_placed(dialect, &lead, &partner),
                "activities = excluded.activities, hours = excluded.hours, volunteer_hours = excluded.volunteer_hours",
            ));
            let insert = chunk.iter().chain(chunk).fold(insert.bind(start).bind(end), |sql, id| sql.bind(*id));
            tx.execute(insert).await.context("summing organisations' work of a year")?;
        }
    }
    Ok(())
}

/// Waits, on PostgreSQL, until no other transaction is writing any of these organisations' years,
/// and keeps others from doing so until this one ends. Several processes write at once there, each
/// statement reading what is committed when it starts: two transactions recomputing one
/// organisation's year side by side could each delete the rows the other had not yet written, and
/// leave rows summed from what one of them did not see (the concurrency test saw both that and a
/// deadlock). Locks are taken in key order, before any row of the table is touched, so two such
/// transactions never wait for each other. SQLite has one writer at a time.
async fn lock(tx: &mut impl Tx, pairs: &BTreeSet<OrganizationYear>) -> StoreResult<()> {
    let keys: BTreeSet<i64> = pairs.iter().map(|(organization, year)| lock_key(*organization, *year)).collect();
    let keys: Vec<i64> = keys.into_iter().collect();
    for chunk in keys.chunks(CHUNK) {
        let values = (1..=chunk.len()).map(|i| format!("(CAST(${i} AS INTEGER))")).collect::<Vec<_>>().join(", ");
        let sql = Sql::new(format!("SELECT pg_advisory_xact_lock({LOCK_CLASS}, k) FROM (VALUES {values}) AS t(k) ORDER BY k"));
        tx.execute(chunk.iter().fold(sql, |sql, key| sql.bind(*key))).await.context("waiting for organisations' work")?;
    }
    Ok(())
}

/// The first of the two keys of the advisory locks on organisations' years (the space of two-key
/// locks is apart from the migrator's one-key lock).
const LOCK_CLASS: i32 = 4518;

/// The second key: a hash of the organisation and year, the same in every process. Two pairs with the
/// same hash only wait for each other needlessly.
fn lock_key(organization: Uuid, year: i64) -> i64 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in organization.as_bytes().iter().chain(year.to_le_bytes().iter()) {
        hash = (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193);
    }
    i64::from(hash as i32)
}

/// Adds the work of activities just created to their organisations' rows. Only adding, never taking
/// away: a row is then the sum of its activities in another order, which is all a recomputed row is
/// too. A bulk load adds each batch this way; recomputing instead would read every organisation's
/// year again for each batch (a generated national load spreads each batch over all of them).
async fn add(tx: &mut impl Tx, activities: &BTreeSet<Uuid>) -> StoreResult<()> {
    let ids: Vec<Uuid> = activities.iter().copied().collect();
    let dialect = tx.dialect();
    for chunk in ids.chunks(CHUNK) {
        let n = chunk.len();
        let lead = format!("AND a.id IN ({})", checks::placeholders(1, n));
        let partner = format!("AND w.activity_id IN ({})", checks::placeholders(1 + n, n));
        let sql = Sql::new(upsert(
            &with_placed(dialect, &lead, &partner),
            "activities = organization_work.activities + excluded.activities, hours = organization_work.hours + excluded.hours, \
             volunteer_hours = organization_work.volunteer_hours + excluded.volunteer_hours",
        ));
        let sql = chunk.iter().chain(chunk).fold(sql, |sql, id| sql.bind(*id));
        tx.execute(sql).await.context("adding new activities to their organisations' work")?;
    }
    Ok(())
}

/// The kept sums an aggregate of a share's condition is: a count of activities, or a sum of their
/// hours or volunteer hours, of one fiscal year, of any of some kinds, aligned to one SDG goal or not
/// narrowed by alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Kept {
    pub(super) column: &'static str,
    pub(super) fiscal_year: i32,
    /// A goal's code (`16`), or [`ANY_GOAL`].
    pub(super) goal: String,
    /// Empty: every kind.
    pub(super) kinds: BTreeSet<String>,
}

impl Kept {
    /// Each organisation's value, for the organisations given; one without such work has no entry.
    pub(super) async fn by_organization(&self, tx: &mut impl Tx, organizations: &[Uuid]) -> StoreResult<HashMap<Uuid, f64>> {
        let mut values = HashMap::new();
        for part in organizations.chunks(CHUNK) {
            let mut q = Select::new(self.column, "organization_work k");
            let only = part.iter().map(|id| q.arg(*id)).collect::<Vec<_>>().join(", ");
            q.and(format!("k.organization_id IN ({only})"));
            let (year, goal) = (q.arg(i64::from(self.fiscal_year)), q.arg(self.goal.as_str()));
            q.and(format!("k.fiscal_year = {year} AND k.goal = {goal}"));
            if !self.kinds.is_empty() {
                let kinds = self.kinds.iter().map(|k| q.arg(k.as_str())).collect::<Vec<_>>().join(", ");
                q.and(format!("k.kind IN ({kinds})"));
            }
            let rows: Vec<(Uuid, Option<f64>)> =
                tx.fetch_all(q.grouped_as_double("k.organization_id")).await.context("reading organisations' work")?;
            values.extend(rows.into_iter().map(|(org, v)| (org, v.unwrap_or(0.0))));
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_backfills_with_the_rebuild_statement() {
        let sqlite = include_str!("../../../store-sqlite/migrations/0018_organization_work.sql");
        let postgres = include_str!("../../../store-postgres/migrations/0018_organization_work.sql");
        assert!(super::super::migration_holds(sqlite, &rebuild_sql(Dialect::Sqlite)), "SQLite's 0018 differs from rebuild_sql");
        assert!(super::super::migration_holds(postgres, &rebuild_sql(Dialect::Postgres)), "PostgreSQL's 0018 differs from rebuild_sql");
    }
}
