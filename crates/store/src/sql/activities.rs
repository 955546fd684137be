//! SQL for activities, their partners, target groups and participation cells.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use phakhi_domain::activity::{Activity, ActivityInput};
use phakhi_domain::participation::ParticipationCell;
use phakhi_domain::{ActivityId, FiscalYear, OrganizationId, ProgrammeId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::figures::{self, Subjects};
use super::links::Link;
use super::query::resolve_item;
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{ActivityFilter, Listing, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "activities";
const ENTITY: &str = "activity";
const COLUMNS: &str = "a.id, a.programme_id, a.kind, a.title_th, a.title_en, a.description_th, a.description_en, a.starts_at, \
                       a.ends_at, a.venue_th, a.venue_en, a.area_code, a.hours, a.mode, a.lead_organization_id, \
                       a.volunteer_hours, a.version, a.created_at, a.updated_at";
const PARTNERS: Link = Link { table: "activity_partners", parent: "activity_id", value: "organization_id" };
const TARGET_GROUPS: Link = Link { table: "activity_target_groups", parent: "activity_id", value: "target_group" };
/// Thailand's time zone has no daylight saving: always UTC+7.
const THAI_OFFSET_SECONDS: i32 = 7 * 3600;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    programme_id: Option<Uuid>,
    kind: String,
    title_th: String,
    title_en: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    venue_th: Option<String>,
    venue_en: Option<String>,
    area_code: Option<String>,
    hours: Option<f64>,
    mode: String,
    lead_organization_id: Option<Uuid>,
    volunteer_hours: Option<f64>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CellRow {
    activity_id: Uuid,
    gender: String,
    age_band: String,
    target_group: Option<String>,
    nationality: Option<String>,
    count: i64,
}

pub(super) fn fields(i: &ActivityInput) -> Vec<Arg> {
    vec![
        i.programme_id.map(|p| p.0).into(),
        i.kind.code().into(),
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
        i.starts_at.into(),
        i.ends_at.into(),
        i.venue_th.clone().into(),
        i.venue_en.clone().into(),
        i.area_code.clone().into(),
        i.hours.into(),
        i.mode.code().into(),
        i.lead_organization_id.map(|o| o.0).into(),
        i.volunteer_hours.into(),
    ]
}

async fn check(tx: &mut impl Tx, input: &ActivityInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.row(
        tx,
        "/programme_id",
        "SELECT COUNT(*) FROM programmes WHERE id = $1",
        input.programme_id.map(|p| p.0),
        "ไม่พบโครงการนี้",
        "No programme",
    )
    .await?;
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    refs.organization(tx, "/lead_organization_id", input.lead_organization_id.map(|o| o.0)).await?;
    let partners: Vec<Uuid> = input.partner_organization_ids.iter().map(|o| o.0).collect();
    refs.organizations(tx, "/partner_organization_ids", &partners).await?;
    refs.target_groups(tx, "/target_groups", &input.target_groups).await?;
    for (i, c) in input.participation.iter().enumerate() {
        refs.target_group(tx, &format!("/participation/{i}/target_group"), c.target_group.as_deref()).await?;
    }
    refs.finish()
}

async fn write_children(tx: &mut impl Tx, id: Uuid, input: &ActivityInput) -> StoreResult<()> {
    let partners: Vec<Uuid> = input.partner_organization_ids.iter().map(|o| o.0).collect();
    PARTNERS.write(tx, id, &partners).await?;
    TARGET_GROUPS.write(tx, id, &input.target_groups).await?;
    tx.execute(Sql::new("DELETE FROM participation_cells WHERE activity_id = $1").bind(id)).await.context("replacing participation")?;
    for (position, c) in input.participation.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO participation_cells (activity_id, position, gender, age_band, target_group, nationality, count) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(c.gender.code())
            .bind(c.age_band.code())
            .bind(c.target_group.clone())
            .bind(c.nationality.clone())
            .bind(c.count),
        )
        .await
        .context("inserting a participation cell")?;
    }
    Ok(())
}

/// The participation cells of these activities, each activity's in its order.
pub async fn participation_of(tx: &mut impl Tx, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<ParticipationCell>>> {
    let cell_rows: Vec<CellRow> = checks::fetch_for_ids(
        tx,
        "SELECT activity_id, gender, age_band, target_group, nationality, count FROM participation_cells WHERE activity_id",
        "ORDER BY activity_id, position",
        ids,
    )
    .await?;
    let mut cells: HashMap<Uuid, Vec<ParticipationCell>> = HashMap::new();
    for c in cell_rows {
        cells.entry(c.activity_id).or_default().push(ParticipationCell {
            gender: code("participation_cells", &c.gender)?,
            age_band: code("participation_cells", &c.age_band)?,
            target_group: c.target_group,
            nationality: c.nationality,
            count: u32::try_from(c.count)
                .map_err(|_| StoreError::Corrupt { table: "participation_cells", detail: format!("count {}", c.count) })?,
        });
    }
    Ok(cells)
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Activity>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut partners = PARTNERS.read::<Uuid>(tx, &ids).await?;
    let mut groups = TARGET_GROUPS.read::<String>(tx, &ids).await?;
    let mut cells = participation_of(tx, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let partners = partners.remove(&r.id).unwrap_or_default().into_iter().map(OrganizationId).collect();
            let groups = groups.remove(&r.id).unwrap_or_default();
            let participation = cells.remove(&r.id).unwrap_or_default();
            from_row(r, partners, groups, participation)
        })
        .collect()
}

/// An activity from its row and its lists.
fn from_row(
    r: Row,
    partner_organization_ids: Vec<OrganizationId>,
    target_groups: Vec<String>,
    participation: Vec<ParticipationCell>,
) -> StoreResult<Activity> {
    let input = ActivityInput {
        programme_id: r.programme_id.map(ProgrammeId),
        kind: code(TABLE, &r.kind)?,
        title_th: r.title_th,
        title_en: r.title_en,
        description_th: r.description_th,
        description_en: r.description_en,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        venue_th: r.venue_th,
        venue_en: r.venue_en,
        area_code: r.area_code,
        hours: r.hours,
        mode: code(TABLE, &r.mode)?,
        lead_organization_id: r.lead_organization_id.map(OrganizationId),
        partner_organization_ids,
        target_groups,
        volunteer_hours: r.volunteer_hours,
        participation,
    };
    let meta = RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at };
    Ok(Activity::new(ActivityId(r.id), input, meta))
}

/// Up to `limit` activities in id order after `after`, with their own columns only: partners,
/// target groups and participation are left empty. This is what the search index reads — titles,
/// texts, kind and place — when it is rebuilt, without reading ten million participation cells back.
pub async fn page_without_lists(tx: &mut impl Tx, after: Option<Uuid>, limit: usize) -> StoreResult<Vec<Activity>> {
    let sql = match after {
        None => Sql::new(format!("SELECT {COLUMNS} FROM activities a ORDER BY a.id LIMIT $1")).bind(limit as i64),
        Some(after) => {
            Sql::new(format!("SELECT {COLUMNS} FROM activities a WHERE a.id > $1 ORDER BY a.id LIMIT $2")).bind(after).bind(limit as i64)
        }
    };
    let rows: Vec<Row> = tx.fetch_all(sql).await.context("reading activities for the search index")?;
    rows.into_iter().map(|r| from_row(r, Vec::new(), Vec::new(), Vec::new())).collect()
}

pub async fn insert(tx: &mut impl Tx, a: &Activity) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO activities (id, programme_id, kind, title_th, title_en, description_th, description_en, starts_at, ends_at, \
         venue_th, venue_en, area_code, hours, mode, lead_organization_id, volunteer_hours, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(a.id.0);
    sql.args.extend(fields(&a.input));
    tx.execute(sql.bind(a.meta.version).bind(a.meta.created_at).bind(a.meta.updated_at)).await.context("inserting an activity")?;
    write_children(tx, a.id.0, &a.input).await?;
    super::search::index(tx, &super::search::Document::activity(a)).await
}

pub async fn create(tx: &mut impl Tx, input: ActivityInput) -> StoreResult<Activity> {
    check(tx, &input).await?;
    let a = Activity::new(ActivityId::new(), input, checks::first_version());
    insert(tx, &a).await?;
    figures::Change::new_records(Subjects::activity(a.id.0)).finish(tx).await?;
    Ok(a)
}

pub async fn update(tx: &mut impl Tx, id: ActivityId, pre: Precondition, input: ActivityInput) -> StoreResult<Activity> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let change = figures::Change::begin(tx, Subjects::activity(id.0)).await?;
    let mut sql = Sql::new(
        "UPDATE activities SET programme_id = $1, kind = $2, title_th = $3, title_en = $4, description_th = $5, \
         description_en = $6, starts_at = $7, ends_at = $8, venue_th = $9, venue_en = $10, area_code = $11, hours = $12, \
         mode = $13, lead_organization_id = $14, volunteer_hours = $15 WHERE id = $16",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating an activity")?;
    write_children(tx, id.0, &input).await?;
    change.finish(tx).await?;
    let record = Activity::new(id, input, meta);
    super::search::index(tx, &super::search::Document::activity(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: ActivityId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let change = figures::Change::begin(tx, Subjects::activity(id.0)).await?;
    PARTNERS.clear(tx, id.0).await?;
    TARGET_GROUPS.clear(tx, id.0).await?;
    tx.execute(Sql::new("DELETE FROM participation_cells WHERE activity_id = $1").bind(id.0)).await.context("deleting participation")?;
    // The people recorded for an activity go with it: personal data is kept no longer than its purpose.
    tx.execute(Sql::new("DELETE FROM participants WHERE activity_id = $1").bind(id.0)).await.context("deleting participants")?;
    checks::delete_alignments_of(tx, "activity", id.0).await?;
    super::search::remove(tx, "activity", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await?;
    change.finish(tx).await
}

pub async fn get(tx: &mut impl Tx, id: ActivityId) -> StoreResult<Activity> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM activities a WHERE a.id = $1")).bind(id.0))
        .await
        .context("reading an activity")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    Ok(assemble(tx, vec![row]).await?.remove(0))
}

/// The instants a fiscal year starts and ends, in Thai time.
pub(super) fn fiscal_year_bounds(fy: FiscalYear) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = fy.last_day().succ_opt().expect("30 September has a successor");
    (thai_midnight(fy.first_day()), thai_midnight(next))
}

/// The instant a day begins in Thailand.
fn thai_midnight(day: NaiveDate) -> DateTime<Utc> {
    let thai = FixedOffset::east_opt(THAI_OFFSET_SECONDS).expect("UTC+7 is a valid offset");
    thai.from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc)
}

pub async fn list(tx: &mut impl Tx, f: &ActivityFilter, page: &Page) -> StoreResult<Listing<Activity>> {
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "activities a");
    q.area("a.area_code", f.area.as_deref())?;
    q.eq("a.kind", f.kind.map(|k| k.code()));
    q.eq("a.programme_id", f.programme.map(|p| p.0));
    if let Some(org) = f.organization {
        let p = q.arg(org.0);
        q.and(format!(
            "(a.lead_organization_id = {p} OR EXISTS (SELECT 1 FROM activity_partners ap WHERE ap.activity_id = a.id AND ap.organization_id = {p}))"
        ));
    }
    if let Some(fy) = f.fiscal_year {
        let (start, end) = fiscal_year_bounds(fy);
        let (s, e) = (q.arg(start), q.arg(end));
        q.and(format!("a.starts_at >= {s} AND a.starts_at < {e}"));
    }
    if let Some(from) = f.from {
        let p = q.arg(from);
        q.and(format!("a.starts_at >= {p}"));
    }
    if let Some(to) = f.to {
        let p = q.arg(to);
        q.and(format!("a.starts_at < {p}"));
    }
    if let Some(group) = &f.target_group {
        let p = q.arg(group.as_str());
        q.and(format!("EXISTS (SELECT 1 FROM activity_target_groups at WHERE at.activity_id = a.id AND at.target_group = {p})"));
    }
    q.aligned_to("activity", "a.id", item.as_ref());
    q.text(&["a.title_th", "a.title_en", "a.venue_th", "a.venue_en"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting activities")?.unwrap_or((0,));
    let sortable =
        [("starts_at", "a.starts_at"), ("title_th", "a.title_th"), ("created_at", "a.created_at"), ("updated_at", "a.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "a.starts_at DESC", "a.id")?).await.context("listing activities")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Activity>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM activities a ORDER BY a.id"))).await.context("exporting activities")?;
    assemble(tx, rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_2567_runs_from_thai_midnight_on_1_october_2023() {
        let (start, end) = fiscal_year_bounds(FiscalYear::from_be(2567).unwrap());
        assert_eq!(start.to_rfc3339(), "2023-09-30T17:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2024-09-30T17:00:00+00:00");
    }
}

/// An activity found by its Thai title and the day it starts: who leads it and under which programme
/// (what its owners are decided by).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Titled {
    /// The index of the (title, day) asked for.
    pub key: i64,
    pub id: Uuid,
    pub lead_organization_id: Option<Uuid>,
    pub programme_id: Option<Uuid>,
}

/// The activities of each Thai title that start on each day (Thailand time), many pairs per
/// statement: a participation sheet names a hundred thousand activities.
pub async fn titled_on(tx: &mut impl Tx, keys: &[(&str, NaiveDate)]) -> StoreResult<Vec<Titled>> {
    const WIDTH: usize = 4;
    let mut found = Vec::new();
    for (n, chunk) in keys.chunks(1_000).enumerate() {
        let head = "SELECT v.column1 AS key, a.id, a.lead_organization_id, a.programme_id FROM (VALUES ";
        let text = super::bulk::statement(tx.dialect(), head, WIDTH, chunk.len())
            + ") AS v JOIN activities a ON a.title_th = v.column2 AND a.starts_at >= v.column3 AND a.starts_at < v.column4 \
               ORDER BY v.column1, a.id";
        let mut sql = Sql::new(text);
        for (i, (title, day)) in chunk.iter().enumerate() {
            let next = day.succ_opt().unwrap_or(*day);
            sql = sql.bind((n * 1_000 + i) as i64).bind(*title).bind(thai_midnight(*day)).bind(thai_midnight(next));
        }
        found.extend(tx.fetch_all::<Titled>(sql).await.context("finding activities by title and day")?);
    }
    Ok(found)
}

/// Replaces the participation of many activities at once, as [`update`] would one by one: the year
/// figures move by the difference, and each activity gets a new version. Each change is an activity
/// with its cells before and after. The caller has checked the cells (target groups exist, no
/// combination twice) and audits the change.
pub async fn replace_participation(tx: &mut impl Tx, changes: &[(Uuid, &[ParticipationCell], &[ParticipationCell])]) -> StoreResult<()> {
    let updated_at = checks::now();
    for chunk in changes.chunks(checks::CHUNK) {
        let ids: Vec<Uuid> = chunk.iter().map(|(id, _, _)| *id).collect();
        let within = checks::placeholders(1, ids.len());
        let delete = Sql::new(format!("DELETE FROM participation_cells WHERE activity_id IN ({within})"));
        tx.execute(ids.iter().fold(delete, |sql, id| sql.bind(*id))).await.context("replacing participation")?;
        super::bulk::participation_cells(chunk.iter().map(|(id, _, after)| (*id, *after))).write(tx).await?;
        let bump = Sql::new(format!(
            "UPDATE activities SET version = version + 1, updated_at = $1 WHERE id IN ({})",
            checks::placeholders(2, ids.len())
        ));
        tx.execute(ids.iter().fold(bump.bind(updated_at), |sql, id| sql.bind(*id))).await.context("updating versions")?;
        figures::cells_replaced(tx, chunk).await?;
    }
    Ok(())
}
