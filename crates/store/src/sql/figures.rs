//! SQL for the figures of each fiscal year, kept summed as records are written (decision 28).
//!
//! The home dashboard reports, for one fiscal year, how many programmes and activities there were and
//! how many people took part, by gender, target group, province, month and SDG goal. Summed from the
//! records on every read, that is ten million participation cells and 600,000 alignments at national
//! scale (16 s). Instead `year_figures` holds one row per fiscal year, dimension and code with the
//! programmes, activities and participants it counts, and every write that changes a record's share of
//! those figures changes the rows in the same transaction: the dashboard reads a few hundred rows.
//!
//! A record's *share* is what it adds to the table: an activity counts once in its year's total, its
//! province, its month and each SDG goal it is aligned to (at the goal or anywhere below it), with all
//! of its participants; and once in each gender and target group its participation cells name, with
//! the participants of those cells. The last three are kept by province too (`province_sdg_goal`,
//! `province_gender`, `province_target_group`, coded `50|female`), so that an indicator for a
//! province reads one row (decision 39). A programme counts once in its year's total and in each SDG goal it
//! is aligned to. A write reads the shares of the records it touches before and after, and adds the
//! difference: an edit that moves nothing (a new title) writes nothing here, and the rows that do
//! change are written in key order, so two transactions never wait for each other's rows in opposite
//! orders. A row whose programmes and activities both fall to zero is deleted, so the table always
//! equals what [`rebuild`] (and the migration that created it) computes from the records.

use std::collections::{BTreeMap, BTreeSet};

use phakhi_domain::Vocabulary;
use phakhi_domain::alignment::SubjectKind;
use phakhi_domain::participation::ParticipationCell;
use uuid::Uuid;

use super::checks::{self, CHUNK};
use super::organization_work::{self, OrganizationYear};
use super::{Dialect, Sql, Tx};
use crate::error::Context;
use crate::{ActivityTally, Coverage, StoreResult, Tally};

/// A breakdown of a year's figures. The table also holds each year's `total` (code `all`) and its
/// `sdg_goal` coverage, read by [`totals`] and [`goal_coverage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Gender,
    /// A target-group code, or `not_stated` for cells without one.
    TargetGroup,
    /// The first two digits of the activity's area code.
    Province,
    /// `YYYY-MM` in Thai time.
    Month,
}

impl Dimension {
    fn code(self) -> &'static str {
        match self {
            Dimension::Gender => "gender",
            Dimension::TargetGroup => "target_group",
            Dimension::Province => "province",
            Dimension::Month => "month",
        }
    }
}

/// SDG coverage rows: the goal's code, and the programmes and activities aligned to it or below it.
const SDG_GOAL: &str = "sdg_goal";

/// Every item of the SDG framework with the code of the goal it belongs to.
pub(super) const GOAL_OF: &str = "goal_of(item_id, code) AS ( \
     SELECT fi.id, fi.code FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id \
     WHERE f.code = 'sdg' AND fi.parent_id IS NULL \
     UNION ALL SELECT c.id, g.code FROM framework_items c JOIN goal_of g ON c.parent_id = g.item_id)";

/// The fiscal year (Buddhist Era) an instant falls in, in Thai time (UTC+7, no daylight saving): the SQL
/// of `FiscalYear::containing`, October to December counting toward the next year.
pub(super) fn fiscal_year_of(dialect: Dialect, instant: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!(
            "(CAST(strftime('%Y', {instant}, '+7 hours') AS INTEGER) + 543 + (CAST(strftime('%m', {instant}, '+7 hours') AS INTEGER) >= 10))"
        ),
        Dialect::Postgres => {
            let thai = format!("(({instant} AT TIME ZONE 'UTC') + INTERVAL '7 hours')");
            format!("(CAST(EXTRACT(YEAR FROM {thai}) AS INTEGER) + 543 + CASE WHEN EXTRACT(MONTH FROM {thai}) >= 10 THEN 1 ELSE 0 END)")
        }
    }
}

/// The month (`YYYY-MM`) an instant falls in, in Thai time.
fn month_of(dialect: Dialect, instant: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("strftime('%Y-%m', {instant}, '+7 hours')"),
        Dialect::Postgres => format!("to_char(({instant} AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYY-MM')"),
    }
}

/// The `WITH` clause naming `share`: the shares of the activities `activities` selects (a condition
/// over `a`, empty for all) and of the programmes `programmes` selects (over `p`), as rows
/// `fiscal_year, dimension, code, programmes, activities, participants`. A key appears in several rows
/// when a year's programmes and activities both count in it: [`SUMMED`] adds them up.
fn with_shares(dialect: Dialect, activities: &str, programmes: &str) -> String {
    let fiscal_year = fiscal_year_of(dialect, "a.starts_at");
    let month = month_of(dialect, "a.starts_at");
    format!(
        "WITH RECURSIVE {GOAL_OF}, \
         activity AS ( \
             SELECT a.id, {fiscal_year} AS fiscal_year, substr(a.area_code, 1, 2) AS province, {month} AS month, \
             (SELECT COALESCE(SUM(c.count), 0) FROM participation_cells c WHERE c.activity_id = a.id) AS participants \
             FROM activities a {activities}), \
         activity_goal AS ( \
             SELECT DISTINCT s.id, s.fiscal_year, s.province, s.participants, g.code FROM activity s \
             JOIN alignments al ON al.subject_kind = 'activity' AND al.subject_id = s.id JOIN goal_of g ON g.item_id = al.item_id), \
         programme AS (SELECT p.id, p.fiscal_year FROM programmes p {programmes}), \
         share(fiscal_year, dimension, code, programmes, activities, participants) AS ( \
             SELECT fiscal_year, 'total', 'all', 0, COUNT(*), SUM(participants) FROM activity GROUP BY fiscal_year \
             UNION ALL SELECT fiscal_year, 'province', province, 0, COUNT(*), SUM(participants) FROM activity \
             WHERE province IS NOT NULL GROUP BY fiscal_year, province \
             UNION ALL SELECT fiscal_year, 'month', month, 0, COUNT(*), SUM(participants) FROM activity GROUP BY fiscal_year, month \
             UNION ALL SELECT s.fiscal_year, 'gender', c.gender, 0, COUNT(DISTINCT s.id), SUM(c.count) FROM activity s \
             JOIN participation_cells c ON c.activity_id = s.id GROUP BY s.fiscal_year, c.gender \
             UNION ALL SELECT s.fiscal_year, 'target_group', COALESCE(c.target_group, 'not_stated'), 0, COUNT(DISTINCT s.id), \
             SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id \
             GROUP BY s.fiscal_year, COALESCE(c.target_group, 'not_stated') \
             UNION ALL SELECT fiscal_year, '{SDG_GOAL}', code, 0, COUNT(*), SUM(participants) FROM activity_goal GROUP BY fiscal_year, code \
             UNION ALL SELECT s.fiscal_year, 'province_gender', s.province || '|' || c.gender, 0, COUNT(DISTINCT s.id), SUM(c.count) \
             FROM activity s JOIN participation_cells c ON c.activity_id = s.id WHERE s.province IS NOT NULL \
             GROUP BY s.fiscal_year, s.province, c.gender \
             UNION ALL SELECT s.fiscal_year, 'province_target_group', s.province || '|' || COALESCE(c.target_group, 'not_stated'), 0, \
             COUNT(DISTINCT s.id), SUM(c.count) FROM activity s JOIN participation_cells c ON c.activity_id = s.id \
             WHERE s.province IS NOT NULL GROUP BY s.fiscal_year, s.province, COALESCE(c.target_group, 'not_stated') \
             UNION ALL SELECT fiscal_year, 'province_{SDG_GOAL}', province || '|' || code, 0, COUNT(*), SUM(participants) \
             FROM activity_goal WHERE province IS NOT NULL GROUP BY fiscal_year, province, code \
             UNION ALL SELECT fiscal_year, 'total', 'all', COUNT(*), 0, 0 FROM programme GROUP BY fiscal_year \
             UNION ALL SELECT s.fiscal_year, '{SDG_GOAL}', g.code, COUNT(DISTINCT s.id), 0, 0 FROM programme s \
             JOIN alignments al ON al.subject_kind = 'programme' AND al.subject_id = s.id JOIN goal_of g ON g.item_id = al.item_id \
             GROUP BY s.fiscal_year, g.code)"
    )
}

/// The shares named by [`with_shares`], one row per key.
const SUMMED: &str = "SELECT CAST(fiscal_year AS BIGINT), dimension, code, CAST(SUM(programmes) AS BIGINT), \
                      CAST(SUM(activities) AS BIGINT), CAST(SUM(participants) AS BIGINT) FROM share GROUP BY fiscal_year, dimension, code";

/// The statement that fills an empty `year_figures` from every record: [`rebuild`], and the backfill
/// of migration 0015, which holds this exact text (a unit test checks it).
pub fn rebuild_sql(dialect: Dialect) -> String {
    format!(
        "{} INSERT INTO year_figures (fiscal_year, dimension, code, programmes, activities, participants) {SUMMED} ORDER BY 1, 2, 3",
        with_shares(dialect, "", "")
    )
}

/// Recomputes every figure, and every organisation's work, from the records (after an import, or
/// when the SDG tree changed).
pub async fn rebuild(tx: &mut impl Tx) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM year_figures")).await.context("clearing the yearly figures")?;
    let dialect = tx.dialect();
    tx.execute(Sql::new(rebuild_sql(dialect))).await.context("summing the yearly figures")?;
    organization_work::rebuild(tx).await
}

/// A fiscal year (BE), dimension and code: the key of a row of `year_figures`.
type Key = (i64, String, String);

/// What a row counts. Participants come only with activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    programmes: i64,
    activities: i64,
    participants: i64,
}

impl Counts {
    fn is_zero(self) -> bool {
        self == Counts::default()
    }
}

/// Some records' shares of the figures, summed.
#[derive(Debug, Default)]
struct Shares(BTreeMap<Key, Counts>);

impl Shares {
    fn add(&mut self, (fiscal_year, dimension, code, programmes, activities, participants): ShareRow, sign: i64) {
        let counts = self.0.entry((fiscal_year, dimension, code)).or_default();
        counts.programmes += sign * programmes;
        counts.activities += sign * activities;
        counts.participants += sign * participants;
    }
}

type ShareRow = (i64, String, String, i64, i64, i64);

/// The records whose shares a write changes.
#[derive(Debug, Default, Clone)]
pub struct Subjects {
    activities: BTreeSet<Uuid>,
    programmes: BTreeSet<Uuid>,
}

impl Subjects {
    pub fn activity(id: Uuid) -> Self {
        Self { activities: BTreeSet::from([id]), ..Self::default() }
    }

    pub fn programme(id: Uuid) -> Self {
        Self { programmes: BTreeSet::from([id]), ..Self::default() }
    }

    /// The record an alignment is about, when its alignments count (activities and programmes).
    pub fn aligned(kind: SubjectKind, id: Uuid) -> Self {
        match kind {
            SubjectKind::Activity => Self::activity(id),
            SubjectKind::Programme => Self::programme(id),
            SubjectKind::Agreement | SubjectKind::Commitment => Self::default(),
        }
    }

    pub fn activities(ids: impl IntoIterator<Item = Uuid>) -> Self {
        Self { activities: ids.into_iter().collect(), ..Self::default() }
    }

    pub fn programmes(ids: impl IntoIterator<Item = Uuid>) -> Self {
        Self { programmes: ids.into_iter().collect(), ..Self::default() }
    }

    pub fn extend(&mut self, other: Subjects) {
        self.activities.extend(other.activities);
        self.programmes.extend(other.programmes);
    }

    fn is_empty(&self) -> bool {
        self.activities.is_empty() && self.programmes.is_empty()
    }

    /// The subjects' current shares, read in chunks of ids.
    async fn shares(&self, tx: &mut impl Tx) -> StoreResult<Shares> {
        let mut shares = Shares::default();
        let (activities, programmes): (Vec<Uuid>, Vec<Uuid>) =
            (self.activities.iter().copied().collect(), self.programmes.iter().copied().collect());
        let dialect = tx.dialect();
        for chunk in activities.chunks(CHUNK) {
            let filter = format!("WHERE a.id IN ({})", checks::placeholders(1, chunk.len()));
            // No programme matches `1 = 0`: this reads the activities' shares only.
            let sql = Sql::new(format!("{} {SUMMED}", with_shares(dialect, &filter, "WHERE 1 = 0")));
            let sql = chunk.iter().fold(sql, |sql, id| sql.bind(*id));
            for row in tx.fetch_all::<ShareRow>(sql).await.context("reading activities' share of the yearly figures")? {
                shares.add(row, 1);
            }
        }
        for chunk in programmes.chunks(CHUNK) {
            let filter = format!("WHERE p.id IN ({})", checks::placeholders(1, chunk.len()));
            let sql = Sql::new(format!("{} {SUMMED}", with_shares(dialect, "WHERE 1 = 0", &filter)));
            let sql = chunk.iter().fold(sql, |sql, id| sql.bind(*id));
            for row in tx.fetch_all::<ShareRow>(sql).await.context("reading programmes' share of the yearly figures")? {
                shares.add(row, 1);
            }
        }
        Ok(shares)
    }
}

/// A write in progress: the shares its records had before it, and the organisations and years their
/// activities counted in. [`Change::finish`], after the write and in the same transaction, moves the
/// figures from those shares to the records' shares then. Of the organisations' work
/// ([`organization_work`]) it recomputes the rows of the organisations and years the changed
/// activities counted in before and count in now, and adds the rows of activities the write created.
#[derive(Debug, Default)]
#[must_use = "the figures change only when the change is finished"]
pub struct Change {
    subjects: Subjects,
    before: Shares,
    counted_in_before: BTreeSet<OrganizationYear>,
    /// Activities among the subjects that the write creates.
    created: BTreeSet<Uuid>,
}

impl Change {
    /// Reads the shares of records about to change.
    pub async fn begin(tx: &mut impl Tx, subjects: Subjects) -> StoreResult<Self> {
        let before = subjects.shares(tx).await?;
        let counted_in_before = organization_work::counted_in(tx, &subjects.activities).await?;
        Ok(Self { subjects, before, counted_in_before, created: BTreeSet::new() })
    }

    /// For records that do not exist yet: they had no share.
    pub fn new_records(subjects: Subjects) -> Self {
        Self::default().and_new_records(subjects)
    }

    /// Adds records created by the same write.
    pub fn and_new_records(mut self, subjects: Subjects) -> Self {
        self.created.extend(subjects.activities.iter().copied());
        self.subjects.extend(subjects);
        self
    }

    /// Applies the difference between the records' shares now and before.
    pub async fn finish(self, tx: &mut impl Tx) -> StoreResult<()> {
        if self.subjects.is_empty() {
            return Ok(());
        }
        let mut delta = self.subjects.shares(tx).await?;
        for (key, counts) in self.before.0 {
            delta.add((key.0, key.1, key.2, counts.programmes, counts.activities, counts.participants), -1);
        }
        delta.0.retain(|_, counts| !counts.is_zero());
        apply(tx, delta).await?;
        let changed: BTreeSet<Uuid> = self.subjects.activities.difference(&self.created).copied().collect();
        organization_work::follow(tx, self.counted_in_before, &changed, &self.created).await
    }
}

/// Where an activity counts, besides its cells: its fiscal year, province, month and SDG goals.
#[derive(sqlx::FromRow)]
struct Place {
    id: Uuid,
    fiscal_year: i64,
    province: Option<String>,
    month: String,
}

/// Moves the figures for activities whose participation cells alone changed (their start, area and
/// alignments as they were), from the cells before and after. [`Change`] would read each activity's
/// whole share twice, which was two thirds of a national participation sheet's time; this reads only
/// where each activity counts. What it adds is what the shares' SQL (`with_shares`) counts: the
/// activity's participants in its year's total, province, month and goals, and in each gender and
/// target group its cells name, where it also counts once for as long as a cell names them.
pub async fn cells_replaced(tx: &mut impl Tx, changes: &[(Uuid, &[ParticipationCell], &[ParticipationCell])]) -> StoreResult<()> {
    let dialect = tx.dialect();
    for chunk in changes.chunks(CHUNK) {
        let within = checks::placeholders(1, chunk.len());
        let places = Sql::new(format!(
            "SELECT a.id, CAST({} AS BIGINT) AS fiscal_year, substr(a.area_code, 1, 2) AS province, {} AS month \
             FROM activities a WHERE a.id IN ({within})",
            fiscal_year_of(dialect, "a.starts_at"),
            month_of(dialect, "a.starts_at")
        ));
        let places: Vec<Place> =
            tx.fetch_all(chunk.iter().fold(places, |sql, c| sql.bind(c.0))).await.context("reading where activities count")?;
        let goals = Sql::new(format!(
            "WITH RECURSIVE {GOAL_OF} SELECT DISTINCT al.subject_id, g.code FROM alignments al JOIN goal_of g ON g.item_id = al.item_id \
             WHERE al.subject_kind = 'activity' AND al.subject_id IN ({within})"
        ));
        let goals: Vec<(Uuid, String)> =
            tx.fetch_all(chunk.iter().fold(goals, |sql, c| sql.bind(c.0))).await.context("reading activities' goals")?;
        let mut goals_of: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
        for (id, goal) in goals {
            goals_of.entry(id).or_default().push(goal);
        }
        let cells_of: BTreeMap<Uuid, (&[ParticipationCell], &[ParticipationCell])> =
            chunk.iter().map(|(id, b, a)| (*id, (*b, *a))).collect();
        let mut delta = Shares::default();
        for place in places {
            let (before, after) = cells_of[&place.id];
            let fy = place.fiscal_year;
            let people = |cells: &[ParticipationCell]| cells.iter().map(|c| i64::from(c.count)).sum::<i64>();
            let difference = people(after) - people(before);
            let goals = goals_of.remove(&place.id).unwrap_or_default();
            let province = place.province.as_deref();
            let mut keys = vec![("total".to_owned(), "all".to_owned()), ("month".to_owned(), place.month.clone())];
            keys.extend(province.map(|p| ("province".to_owned(), p.to_owned())));
            keys.extend(goals.iter().map(|g| (SDG_GOAL.to_owned(), g.clone())));
            keys.extend(province.into_iter().flat_map(|p| goals.iter().map(move |g| (format!("province_{SDG_GOAL}"), format!("{p}|{g}")))));
            for (dimension, code) in keys {
                delta.add((fy, dimension, code, 0, 0, difference), 1);
            }
            let gender = |c: &ParticipationCell| c.gender.code().to_owned();
            let group = |c: &ParticipationCell| c.target_group.clone().unwrap_or_else(|| "not_stated".to_owned());
            for (dimension, code_of) in [("gender", &gender as &dyn Fn(&ParticipationCell) -> String), ("target_group", &group)] {
                for (cells, sign) in [(after, 1), (before, -1)] {
                    let mut by_code: BTreeMap<String, i64> = BTreeMap::new();
                    for c in cells {
                        *by_code.entry(code_of(c)).or_default() += i64::from(c.count);
                    }
                    for (code, people) in by_code {
                        if let Some(p) = province {
                            delta.add((fy, format!("province_{dimension}"), format!("{p}|{code}"), 0, 1, people), sign);
                        }
                        delta.add((fy, dimension.to_owned(), code, 0, 1, people), sign);
                    }
                }
            }
        }
        delta.0.retain(|_, counts| !counts.is_zero());
        apply(tx, delta).await?;
    }
    Ok(())
}

/// Adds `delta` to the table in key order, then deletes the rows that no longer count anything.
async fn apply(tx: &mut impl Tx, delta: Shares) -> StoreResult<()> {
    let shrinking: BTreeSet<i64> =
        delta.0.iter().filter(|(_, c)| c.programmes < 0 || c.activities < 0).map(|((fiscal_year, _, _), _)| *fiscal_year).collect();
    let rows: Vec<(Key, Counts)> = delta.0.into_iter().collect();
    let dialect = tx.dialect();
    const WIDTH: usize = 6;
    for chunk in rows.chunks(CHUNK) {
        let head = "INSERT INTO year_figures (fiscal_year, dimension, code, programmes, activities, participants) VALUES ";
        let mut sql = Sql::new(format!(
            "{} ON CONFLICT (fiscal_year, dimension, code) DO UPDATE SET programmes = year_figures.programmes + excluded.programmes, \
             activities = year_figures.activities + excluded.activities, participants = year_figures.participants + excluded.participants",
            super::bulk::statement(dialect, head, WIDTH, chunk.len())
        ));
        for ((fiscal_year, dimension, code), c) in chunk {
            sql = sql
                .bind(*fiscal_year)
                .bind(dimension.as_str())
                .bind(code.as_str())
                .bind(c.programmes)
                .bind(c.activities)
                .bind(c.participants);
        }
        tx.execute(sql).await.context("updating the yearly figures")?;
    }
    if !shrinking.is_empty() {
        let years: Vec<i64> = shrinking.into_iter().collect();
        let sql = Sql::new(format!(
            "DELETE FROM year_figures WHERE programmes = 0 AND activities = 0 AND fiscal_year IN ({})",
            checks::placeholders(1, years.len())
        ));
        tx.execute(years.into_iter().fold(sql, Sql::bind)).await.context("removing empty yearly figures")?;
    }
    Ok(())
}

/// A column of `year_figures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Programmes,
    Activities,
    Participants,
}

impl Counted {
    fn column(self) -> &'static str {
        match self {
            Counted::Programmes => "programmes",
            Counted::Activities => "activities",
            Counted::Participants => "participants",
        }
    }
}

/// One figure of a fiscal year: a row's programmes, activities or participants (zero when the row is
/// absent: nothing counted there). `dimension` is `total` (code `all`), `province`, `gender`,
/// `target_group` or `sdg_goal`.
pub async fn one(tx: &mut impl Tx, fiscal_year: i32, dimension: &str, code: &str, counted: Counted) -> StoreResult<f64> {
    let column = counted.column();
    let row: Option<(i64,)> = tx
        .fetch_optional(
            Sql::new(format!("SELECT {column} FROM year_figures WHERE fiscal_year = $1 AND dimension = $2 AND code = $3"))
                .bind(fiscal_year)
                .bind(dimension)
                .bind(code),
        )
        .await
        .context("reading a yearly figure")?;
    Ok(row.map_or(0.0, |(n,)| n as f64))
}

/// A figure of a fiscal year in each province: the rows of `dimension` (`province`, or a province's
/// breakdown such as `province_gender`), with the province's code and, for a breakdown, only the rows
/// of `part` (`50|female` is province 50's row of part `female`).
pub async fn by_province(
    tx: &mut impl Tx,
    fiscal_year: i32,
    dimension: &str,
    part: Option<&str>,
    counted: Counted,
) -> StoreResult<Vec<(String, f64)>> {
    let column = counted.column();
    let rows: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(format!("SELECT code, {column} FROM year_figures WHERE fiscal_year = $1 AND dimension = $2 ORDER BY code"))
                .bind(fiscal_year)
                .bind(dimension),
        )
        .await
        .context("reading yearly figures by province")?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, n)| match part {
            None => Some((code, n as f64)),
            Some(part) => code.split_once('|').filter(|(_, p)| *p == part).map(|(province, _)| (province.to_owned(), n as f64)),
        })
        .collect())
}

/// The programmes, activities and participants of a fiscal year.
pub async fn totals(tx: &mut impl Tx, fiscal_year: i32) -> StoreResult<(u64, u64, u64)> {
    let row: Option<(i64, i64, i64)> = tx
        .fetch_optional(
            Sql::new("SELECT programmes, activities, participants FROM year_figures WHERE fiscal_year = $1 AND dimension = 'total'")
                .bind(fiscal_year),
        )
        .await
        .context("reading the year's totals")?;
    let (programmes, activities, participants) = row.unwrap_or_default();
    Ok((count(programmes), count(activities), count(participants)))
}

/// Participants of a fiscal year by gender or target group, most first (then by code).
pub async fn participant_tallies(tx: &mut impl Tx, fiscal_year: i32, by: Dimension) -> StoreResult<Vec<Tally>> {
    let rows: Vec<(String, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT code, participants FROM year_figures WHERE fiscal_year = $1 AND dimension = $2 AND activities > 0 \
                 ORDER BY participants DESC, code",
            )
            .bind(fiscal_year)
            .bind(by.code()),
        )
        .await
        .context("reading participants by group")?;
    Ok(rows.into_iter().map(|(code, n)| Tally { code, count: count(n) }).collect())
}

/// Activities and their participants of a fiscal year by province or month, in code order.
pub async fn activity_tallies(tx: &mut impl Tx, fiscal_year: i32, by: Dimension) -> StoreResult<Vec<ActivityTally>> {
    let rows: Vec<(String, i64, i64)> = tx
        .fetch_all(
            Sql::new(
                "SELECT code, activities, participants FROM year_figures WHERE fiscal_year = $1 AND dimension = $2 AND activities > 0 \
                 ORDER BY code",
            )
            .bind(fiscal_year)
            .bind(by.code()),
        )
        .await
        .context("reading activities by group")?;
    Ok(rows.into_iter().map(|(key, a, p)| ActivityTally { key, activities: count(a), participants: count(p) }).collect())
}

/// Every SDG goal, in order, with the programmes and activities of the fiscal year aligned to it.
pub async fn goal_coverage(tx: &mut impl Tx, fiscal_year: i32) -> StoreResult<Vec<Coverage>> {
    let sql = Sql::new(format!(
        "SELECT g.code, COALESCE(y.programmes, 0), COALESCE(y.activities, 0) \
         FROM framework_items g JOIN frameworks f ON f.id = g.framework_id \
         LEFT JOIN year_figures y ON y.fiscal_year = $1 AND y.dimension = '{SDG_GOAL}' AND y.code = g.code \
         WHERE f.code = 'sdg' AND g.parent_id IS NULL ORDER BY g.position"
    ))
    .bind(fiscal_year);
    let rows: Vec<(String, i64, i64)> = tx.fetch_all(sql).await.context("reading SDG coverage")?;
    Ok(rows.into_iter().map(|(code, p, a)| Coverage { code, programmes: count(p), activities: count(a) }).collect())
}

/// The fiscal years (BE) that have programmes or activities, newest first.
pub async fn fiscal_years(tx: &mut impl Tx) -> StoreResult<Vec<i64>> {
    let rows: Vec<(i64,)> = tx
        .fetch_all(Sql::new("SELECT CAST(fiscal_year AS BIGINT) FROM year_figures WHERE dimension = 'total' ORDER BY 1 DESC"))
        .await
        .context("listing fiscal years")?;
    Ok(rows.into_iter().map(|(y,)| y).collect())
}

/// The SDG tree (each item and its parent), to tell whether installing reference data moved an item
/// to another goal.
pub async fn goal_tree(tx: &mut impl Tx) -> StoreResult<Vec<(Uuid, String)>> {
    tx.fetch_all(Sql::new(format!("WITH RECURSIVE {GOAL_OF} SELECT item_id, code FROM goal_of ORDER BY item_id")))
        .await
        .context("reading the SDG tree")
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_backfills_with_the_rebuild_statement() {
        let sqlite = include_str!("../../../store-sqlite/migrations/0015_figures_by_province.sql");
        let postgres = include_str!("../../../store-postgres/migrations/0015_figures_by_province.sql");
        assert!(super::super::migration_holds(sqlite, &rebuild_sql(Dialect::Sqlite)), "SQLite's 0015 differs from rebuild_sql");
        assert!(super::super::migration_holds(postgres, &rebuild_sql(Dialect::Postgres)), "PostgreSQL's 0015 differs from rebuild_sql");
    }

    #[test]
    fn a_change_that_moves_nothing_writes_nothing() {
        let mut delta = Shares::default();
        delta.add((2567, "total".into(), "all".into(), 0, 1, 12), 1);
        delta.add((2567, "total".into(), "all".into(), 0, 1, 12), -1);
        delta.0.retain(|_, c| !c.is_zero());
        assert!(delta.0.is_empty());
    }
}
