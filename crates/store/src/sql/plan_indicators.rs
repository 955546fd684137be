//! SQL for the indicators of plans: definition, baseline, targets, breakdowns, alignment, responsible
//! organisations, and where values come from (entered, or a formula checked before it is saved).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use phakhi_domain::indicator::{Baseline, Dimension, Indicator, IndicatorInput, IndicatorSource, Target};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, OrganizationId, PlanId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::plans::{check_items, year};
use super::query::{aligned_subtree, resolve_item};
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{IndicatorFilter, Listing, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "indicators";
const ENTITY: &str = "indicator";
const COLUMNS: &str = "n.id, n.plan_id, n.code, n.name_th, n.name_en, n.definition_th, n.definition_en, n.unit_th, n.unit_en, \
                       n.direction, n.baseline_value, n.baseline_year, n.source, n.formula, n.version, n.created_at, n.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    plan_id: Uuid,
    code: String,
    name_th: String,
    name_en: Option<String>,
    definition_th: Option<String>,
    definition_en: Option<String>,
    unit_th: String,
    unit_en: Option<String>,
    direction: String,
    baseline_value: Option<f64>,
    baseline_year: Option<i64>,
    source: String,
    formula: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    indicator_id: Uuid,
    fiscal_year: i64,
    value: f64,
}

#[derive(sqlx::FromRow)]
struct TextChild {
    indicator_id: Uuid,
    text: String,
}

#[derive(sqlx::FromRow)]
struct IdChild {
    indicator_id: Uuid,
    other_id: Uuid,
}

fn fields(i: &IndicatorInput) -> Vec<Arg> {
    let (source, formula) = match &i.source {
        IndicatorSource::Entered => ("entered", None),
        IndicatorSource::Computed { formula } => ("computed", Some(formula.clone())),
    };
    vec![
        i.plan_id.0.into(),
        i.code.clone().into(),
        i.name_th.clone().into(),
        i.name_en.clone().into(),
        i.definition_th.clone().into(),
        i.definition_en.clone().into(),
        i.unit_th.clone().into(),
        i.unit_en.clone().into(),
        i.direction.code().into(),
        i.baseline.map(|b| b.value).into(),
        i.baseline.map(|b| i64::from(b.fiscal_year.be())).into(),
        source.into(),
        formula.into(),
    ]
}

async fn check(tx: &mut impl Tx, id: Option<IndicatorId>, input: &IndicatorInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.row(tx, "/plan_id", "SELECT COUNT(*) FROM plans WHERE id = $1", Some(input.plan_id.0), "ไม่พบแผนนี้", "No plan").await?;
    let responsible: Vec<Uuid> = input.responsible_organization_ids.iter().map(|o| o.0).collect();
    refs.organizations(tx, "/responsible_organization_ids", &responsible).await?;
    check_items(&mut refs, tx, "/aligned_to", &input.aligned_to).await?;
    if let Some(id) = id {
        let plan: Option<(Uuid,)> = tx
            .fetch_optional(Sql::new("SELECT plan_id FROM indicators WHERE id = $1").bind(id.0))
            .await
            .context("reading an indicator's plan")?;
        if plan.is_some_and(|(p,)| p != input.plan_id.0) {
            refs.add("/plan_id", "immutable", "ย้ายตัวชี้วัดไปแผนอื่นไม่ได้", "An indicator cannot move to another plan");
        }
    }
    refs.finish()
}

async fn write_children(tx: &mut impl Tx, id: Uuid, input: &IndicatorInput) -> StoreResult<()> {
    for table in ["indicator_targets", "indicator_disaggregations", "indicator_alignments", "indicator_organizations"] {
        tx.execute(Sql::new(format!("DELETE FROM {table} WHERE indicator_id = $1")).bind(id))
            .await
            .context("replacing an indicator's details")?;
    }
    for t in &input.targets {
        tx.execute(
            Sql::new("INSERT INTO indicator_targets (indicator_id, fiscal_year, value) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(t.fiscal_year.be())
                .bind(t.value),
        )
        .await
        .context("inserting a target")?;
    }
    for (position, d) in input.disaggregations.iter().enumerate() {
        tx.execute(
            Sql::new("INSERT INTO indicator_disaggregations (indicator_id, dimension, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(d.code())
                .bind(position as i64),
        )
        .await
        .context("inserting a breakdown")?;
    }
    let lists: [(&str, &str, Vec<Uuid>); 2] = [
        ("indicator_alignments", "item_id", input.aligned_to.iter().map(|i| i.0).collect()),
        ("indicator_organizations", "organization_id", input.responsible_organization_ids.iter().map(|o| o.0).collect()),
    ];
    for (table, column, ids) in lists {
        for (position, other) in ids.into_iter().enumerate() {
            tx.execute(
                Sql::new(format!("INSERT INTO {table} (indicator_id, {column}, position) VALUES ($1, $2, $3)"))
                    .bind(id)
                    .bind(other)
                    .bind(position as i64),
            )
            .await
            .context("inserting an indicator's link")?;
        }
    }
    Ok(())
}

/// The details of each indicator, by indicator id.
#[derive(Default)]
struct Details {
    targets: HashMap<Uuid, Vec<Target>>,
    dimensions: HashMap<Uuid, Vec<Dimension>>,
    aligned: HashMap<Uuid, Vec<FrameworkItemId>>,
    responsible: HashMap<Uuid, Vec<OrganizationId>>,
}

async fn details(tx: &mut impl Tx, ids: &[Uuid]) -> StoreResult<Details> {
    let mut d = Details::default();
    let targets: Vec<TargetRow> = checks::fetch_for_ids(
        tx,
        "SELECT indicator_id, fiscal_year, value FROM indicator_targets WHERE indicator_id",
        "ORDER BY indicator_id, fiscal_year",
        ids,
    )
    .await?;
    for t in targets {
        d.targets
            .entry(t.indicator_id)
            .or_default()
            .push(Target { fiscal_year: year("indicator_targets", t.fiscal_year)?, value: t.value });
    }
    let dimensions: Vec<TextChild> = checks::fetch_for_ids(
        tx,
        "SELECT indicator_id, dimension AS text FROM indicator_disaggregations WHERE indicator_id",
        "ORDER BY indicator_id, position",
        ids,
    )
    .await?;
    for x in dimensions {
        d.dimensions.entry(x.indicator_id).or_default().push(code("indicator_disaggregations", &x.text)?);
    }
    let aligned: Vec<IdChild> = checks::fetch_for_ids(
        tx,
        "SELECT indicator_id, item_id AS other_id FROM indicator_alignments WHERE indicator_id",
        "ORDER BY indicator_id, position",
        ids,
    )
    .await?;
    for x in aligned {
        d.aligned.entry(x.indicator_id).or_default().push(FrameworkItemId(x.other_id));
    }
    let responsible: Vec<IdChild> = checks::fetch_for_ids(
        tx,
        "SELECT indicator_id, organization_id AS other_id FROM indicator_organizations WHERE indicator_id",
        "ORDER BY indicator_id, position",
        ids,
    )
    .await?;
    for x in responsible {
        d.responsible.entry(x.indicator_id).or_default().push(OrganizationId(x.other_id));
    }
    Ok(d)
}

fn source(r: &Row) -> StoreResult<IndicatorSource> {
    match (r.source.as_str(), &r.formula) {
        ("entered", _) => Ok(IndicatorSource::Entered),
        ("computed", Some(formula)) => Ok(IndicatorSource::Computed { formula: formula.clone() }),
        (other, _) => Err(StoreError::Corrupt { table: TABLE, detail: format!("'{other}' is not a source of values") }),
    }
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Indicator>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut d = details(tx, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let baseline = match (r.baseline_value, r.baseline_year) {
                (Some(value), Some(y)) => Some(Baseline { value, fiscal_year: year(TABLE, y)? }),
                _ => None,
            };
            Ok(Indicator {
                id: IndicatorId(r.id),
                input: IndicatorInput {
                    plan_id: PlanId(r.plan_id),
                    source: source(&r)?,
                    code: r.code,
                    name_th: r.name_th,
                    name_en: r.name_en,
                    definition_th: r.definition_th,
                    definition_en: r.definition_en,
                    unit_th: r.unit_th,
                    unit_en: r.unit_en,
                    direction: code(TABLE, &r.direction)?,
                    baseline,
                    targets: d.targets.remove(&r.id).unwrap_or_default(),
                    disaggregations: d.dimensions.remove(&r.id).unwrap_or_default(),
                    aligned_to: d.aligned.remove(&r.id).unwrap_or_default(),
                    responsible_organization_ids: d.responsible.remove(&r.id).unwrap_or_default(),
                },
                meta: RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at },
            })
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, i: &Indicator) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO indicators (id, plan_id, code, name_th, name_en, definition_th, definition_en, unit_th, unit_en, direction, \
         baseline_value, baseline_year, source, formula, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(i.id.0);
    sql.args.extend(fields(&i.input));
    tx.execute(sql.bind(i.meta.version).bind(i.meta.created_at).bind(i.meta.updated_at)).await.context("inserting an indicator")?;
    write_children(tx, i.id.0, &i.input).await?;
    index(tx, i).await
}

/// Writes the indicator's search document, placed in its plan's area.
pub async fn index(tx: &mut impl Tx, i: &Indicator) -> StoreResult<()> {
    let area: Option<(Option<String>,)> = tx
        .fetch_optional(Sql::new("SELECT area_code FROM plans WHERE id = $1").bind(i.input.plan_id.0))
        .await
        .context("reading an indicator's plan area")?;
    let area = area.and_then(|(a,)| a);
    super::search::index(tx, &super::search::Document::indicator(i, area.as_deref())).await
}

pub async fn create(tx: &mut impl Tx, input: IndicatorInput) -> StoreResult<Indicator> {
    check(tx, None, &input).await?;
    let i = Indicator { id: IndicatorId::new(), input, meta: checks::first_version() };
    insert(tx, &i).await?;
    Ok(i)
}

pub async fn update(tx: &mut impl Tx, id: IndicatorId, pre: Precondition, input: IndicatorInput) -> StoreResult<Indicator> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, Some(id), &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE indicators SET plan_id = $1, code = $2, name_th = $3, name_en = $4, definition_th = $5, definition_en = $6, unit_th = $7, \
         unit_en = $8, direction = $9, baseline_value = $10, baseline_year = $11, source = $12, formula = $13 WHERE id = $14",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating an indicator")?;
    write_children(tx, id.0, &input).await?;
    let indicator = Indicator { id, input, meta };
    index(tx, &indicator).await?;
    Ok(indicator)
}

async fn count_of(tx: &mut impl Tx, sql: &'static str, id: IndicatorId) -> StoreResult<i64> {
    let row: Option<(i64,)> = tx.fetch_optional(Sql::new(sql).bind(id.0)).await.context("checking an indicator's use")?;
    Ok(row.map_or(0, |(n,)| n))
}

/// Deletes an indicator that holds no values and is not placed in its plan's tree.
pub async fn delete(tx: &mut impl Tx, id: IndicatorId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    if count_of(tx, "SELECT COUNT(*) FROM indicator_values WHERE indicator_id = $1", id).await? > 0 {
        return Err(StoreError::conflict("ลบตัวชี้วัดนี้ไม่ได้ เพราะมีค่าที่บันทึกไว้แล้ว", "This indicator has values recorded; it cannot be deleted"));
    }
    if count_of(tx, "SELECT COUNT(*) FROM plan_items WHERE indicator_id = $1", id).await? > 0 {
        return Err(StoreError::conflict(
            "ลบตัวชี้วัดนี้ไม่ได้ เพราะยังอยู่ในโครงสร้างของแผน กรุณานำออกจากแผนก่อน",
            "This indicator is still placed in its plan's tree; remove that item first",
        ));
    }
    for table in ["indicator_targets", "indicator_disaggregations", "indicator_alignments", "indicator_organizations"] {
        tx.execute(Sql::new(format!("DELETE FROM {table} WHERE indicator_id = $1")).bind(id.0))
            .await
            .context("deleting an indicator's details")?;
    }
    super::search::remove(tx, "indicator", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, id: IndicatorId) -> StoreResult<Indicator> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM indicators n WHERE n.id = $1")).bind(id.0))
        .await
        .context("reading an indicator")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    assemble(tx, vec![row]).await?.pop().ok_or_else(|| StoreError::not_found(ENTITY, id))
}

pub async fn list(tx: &mut impl Tx, f: &IndicatorFilter, page: &Page) -> StoreResult<Listing<Indicator>> {
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "indicators n");
    q.eq("n.plan_id", f.plan.map(|p| p.0));
    if let Some(o) = f.organization {
        let p = q.arg(o.0);
        q.and(format!("EXISTS (SELECT 1 FROM indicator_organizations x WHERE x.indicator_id = n.id AND x.organization_id = {p})"));
    }
    if let Some(source) = f.source.as_deref() {
        if !matches!(source, "entered" | "computed") {
            return Err(StoreError::Invalid(phakhi_domain::Violations::single(
                "source",
                "unknown_code",
                "ที่มาของค่าคือ entered หรือ computed",
                "The source is entered or computed",
            )));
        }
        q.eq("n.source", Some(source));
    }
    if let Some(item) = item {
        let p = q.arg(item.0);
        q.and(format!(
            "EXISTS (SELECT 1 FROM indicator_alignments x WHERE x.indicator_id = n.id AND x.item_id IN {})",
            aligned_subtree(&p)
        ));
    }
    q.text(&["n.name_th", "n.name_en", "n.code"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting indicators")?.unwrap_or((0,));
    let sortable = [("code", "n.code"), ("name_th", "n.name_th"), ("updated_at", "n.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "n.plan_id, n.code", "n.id")?).await.context("listing indicators")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: u64::try_from(count).unwrap_or(0) })
}

/// Every indicator of a plan.
pub async fn of_plan(tx: &mut impl Tx, plan: PlanId) -> StoreResult<Vec<Indicator>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM indicators n WHERE n.plan_id = $1 ORDER BY n.code, n.id")).bind(plan.0))
        .await
        .context("reading a plan's indicators")?;
    assemble(tx, rows).await
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Indicator>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM indicators n ORDER BY n.id"))).await.context("exporting indicators")?;
    assemble(tx, rows).await
}

/// Every computed indicator of a plan in force in the fiscal year: its id, formula and its plan's area.
pub async fn computed_in_force(tx: &mut impl Tx, fiscal_year: FiscalYear) -> StoreResult<Vec<(IndicatorId, String, Option<String>)>> {
    let sql = "SELECT n.id, n.formula, p.area_code FROM indicators n JOIN plans p ON p.id = n.plan_id \
               WHERE n.source = 'computed' AND p.start_year <= $1 AND p.end_year >= $1 ORDER BY p.code, n.code";
    let rows: Vec<(Uuid, Option<String>, Option<String>)> =
        tx.fetch_all(Sql::new(sql).bind(i64::from(fiscal_year.be()))).await.context("reading the computed indicators of a year")?;
    // The table's check keeps a formula on every computed indicator.
    Ok(rows.into_iter().filter_map(|(id, formula, area)| Some((IndicatorId(id), formula?, area))).collect())
}
