//! SQL for plans, their responsible organisations and alignments, and copying a plan as a template.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use phakhi_domain::indicator::Indicator;
use phakhi_domain::plan::{Plan, PlanCopyInput, PlanInput, PlanItem, PlanStatus};
use phakhi_domain::{FiscalYear, FrameworkItemId, IndicatorId, NetworkId, OrganizationId, PlanId, PlanItemId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::{Arg, Select, Sql, Tx, plan_indicators, plan_items};
use crate::error::Context;
use crate::{Listing, Page, PlanFilter, Precondition, StoreError, StoreResult};

const TABLE: &str = "plans";
const ENTITY: &str = "plan";
const COLUMNS: &str = "p.id, p.code, p.title_th, p.title_en, p.description_th, p.description_en, p.network_id, p.organization_id, \
                       p.area_code, p.start_year, p.end_year, p.status, p.template_of, p.version, p.created_at, p.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    code: String,
    title_th: String,
    title_en: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    network_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    area_code: Option<String>,
    start_year: i64,
    end_year: i64,
    status: String,
    template_of: Option<Uuid>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Child {
    plan_id: Uuid,
    other_id: Uuid,
}

/// A fiscal year read back from the database.
pub(super) fn year(table: &'static str, be: i64) -> StoreResult<FiscalYear> {
    i32::try_from(be)
        .ok()
        .and_then(|y| FiscalYear::from_be(y).ok())
        .ok_or_else(|| StoreError::Corrupt { table, detail: format!("{be} is not a fiscal year") })
}

fn fields(i: &PlanInput) -> Vec<Arg> {
    vec![
        i.code.clone().into(),
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
        i.network_id.map(|n| n.0).into(),
        i.organization_id.map(|o| o.0).into(),
        i.area_code.clone().into(),
        i.start_year.be().into(),
        i.end_year.be().into(),
        i.status.code().into(),
    ]
}

/// Checks that every framework item in the list exists.
pub(super) async fn check_items(refs: &mut References, tx: &mut impl Tx, field: &str, items: &[FrameworkItemId]) -> StoreResult<()> {
    for (i, item) in items.iter().enumerate() {
        refs.row(
            tx,
            &format!("{field}/{i}"),
            "SELECT COUNT(*) FROM framework_items WHERE id = $1",
            Some(item.0),
            "ไม่พบรายการในกรอบการพัฒนานี้",
            "No framework item",
        )
        .await?;
    }
    Ok(())
}

async fn check(tx: &mut impl Tx, input: &PlanInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.row(tx, "/network_id", "SELECT COUNT(*) FROM networks WHERE id = $1", input.network_id.map(|n| n.0), "ไม่พบเครือข่ายนี้", "No network")
        .await?;
    refs.organization(tx, "/organization_id", input.organization_id.map(|o| o.0)).await?;
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    let responsible: Vec<Uuid> = input.responsible_organization_ids.iter().map(|o| o.0).collect();
    refs.organizations(tx, "/responsible_organization_ids", &responsible).await?;
    check_items(&mut refs, tx, "/aligned_to", &input.aligned_to).await?;
    refs.finish()
}

async fn write_children(tx: &mut impl Tx, id: Uuid, input: &PlanInput) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM plan_organizations WHERE plan_id = $1").bind(id)).await.context("replacing a plan's organisations")?;
    tx.execute(Sql::new("DELETE FROM plan_alignments WHERE plan_id = $1").bind(id)).await.context("replacing a plan's alignments")?;
    for (position, o) in input.responsible_organization_ids.iter().enumerate() {
        tx.execute(
            Sql::new("INSERT INTO plan_organizations (plan_id, organization_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(o.0)
                .bind(position as i64),
        )
        .await
        .context("inserting a plan's organisation")?;
    }
    for (position, item) in input.aligned_to.iter().enumerate() {
        tx.execute(
            Sql::new("INSERT INTO plan_alignments (plan_id, item_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(item.0)
                .bind(position as i64),
        )
        .await
        .context("inserting a plan's alignment")?;
    }
    Ok(())
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Plan>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let orgs: Vec<Child> = checks::fetch_for_ids(
        tx,
        "SELECT plan_id, organization_id AS other_id FROM plan_organizations WHERE plan_id",
        "ORDER BY plan_id, position",
        &ids,
    )
    .await?;
    let items: Vec<Child> = checks::fetch_for_ids(
        tx,
        "SELECT plan_id, item_id AS other_id FROM plan_alignments WHERE plan_id",
        "ORDER BY plan_id, position",
        &ids,
    )
    .await?;
    let mut responsible: HashMap<Uuid, Vec<OrganizationId>> = HashMap::new();
    for c in orgs {
        responsible.entry(c.plan_id).or_default().push(OrganizationId(c.other_id));
    }
    let mut aligned: HashMap<Uuid, Vec<FrameworkItemId>> = HashMap::new();
    for c in items {
        aligned.entry(c.plan_id).or_default().push(FrameworkItemId(c.other_id));
    }
    rows.into_iter()
        .map(|r| {
            Ok(Plan {
                id: PlanId(r.id),
                input: PlanInput {
                    code: r.code,
                    title_th: r.title_th,
                    title_en: r.title_en,
                    description_th: r.description_th,
                    description_en: r.description_en,
                    network_id: r.network_id.map(NetworkId),
                    organization_id: r.organization_id.map(OrganizationId),
                    area_code: r.area_code,
                    start_year: year(TABLE, r.start_year)?,
                    end_year: year(TABLE, r.end_year)?,
                    status: code(TABLE, &r.status)?,
                    responsible_organization_ids: responsible.remove(&r.id).unwrap_or_default(),
                    aligned_to: aligned.remove(&r.id).unwrap_or_default(),
                },
                template_of: r.template_of.map(PlanId),
                meta: RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at },
            })
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, p: &Plan) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO plans (id, code, title_th, title_en, description_th, description_en, network_id, organization_id, area_code, \
         start_year, end_year, status, template_of, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(p.id.0);
    sql.args.extend(fields(&p.input));
    let sql = sql.bind(p.template_of.map(|t| t.0)).bind(p.meta.version).bind(p.meta.created_at).bind(p.meta.updated_at);
    tx.execute(sql).await.context("inserting a plan")?;
    write_children(tx, p.id.0, &p.input).await?;
    super::search::index(tx, &super::search::Document::plan(p)).await
}

pub async fn create(tx: &mut impl Tx, input: PlanInput) -> StoreResult<Plan> {
    check(tx, &input).await?;
    let p = Plan { id: PlanId::new(), input, template_of: None, meta: checks::first_version() };
    insert(tx, &p).await?;
    Ok(p)
}

pub async fn update(tx: &mut impl Tx, id: PlanId, pre: Precondition, input: PlanInput) -> StoreResult<Plan> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let template_of = get(tx, id).await?.template_of;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE plans SET code = $1, title_th = $2, title_en = $3, description_th = $4, description_en = $5, network_id = $6, \
         organization_id = $7, area_code = $8, start_year = $9, end_year = $10, status = $11 WHERE id = $12",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a plan")?;
    write_children(tx, id.0, &input).await?;
    let plan = Plan { id, input, template_of, meta };
    super::search::index(tx, &super::search::Document::plan(&plan)).await?;
    // The plan's indicators are found in its area: a moved plan moves them.
    for indicator in plan_indicators::of_plan(tx, id).await? {
        plan_indicators::index(tx, &indicator).await?;
    }
    Ok(plan)
}

/// Deletes a plan with its tree. Its indicators must go first (they may hold official values), so a
/// plan that still has indicators is a conflict.
pub async fn delete(tx: &mut impl Tx, id: PlanId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let (indicators,): (i64,) = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM indicators WHERE plan_id = $1").bind(id.0))
        .await
        .context("counting a plan's indicators")?
        .unwrap_or((0,));
    if indicators > 0 {
        return Err(StoreError::conflict("ลบแผนนี้ไม่ได้ เพราะยังมีตัวชี้วัดอยู่ กรุณาลบตัวชี้วัดก่อน", "This plan still has indicators; delete them first"));
    }
    plan_items::delete_all_of(tx, id).await?;
    tx.execute(Sql::new("DELETE FROM plan_organizations WHERE plan_id = $1").bind(id.0))
        .await
        .context("deleting a plan's organisations")?;
    tx.execute(Sql::new("DELETE FROM plan_alignments WHERE plan_id = $1").bind(id.0)).await.context("deleting a plan's alignments")?;
    super::search::remove(tx, "plan", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, id: PlanId) -> StoreResult<Plan> {
    let row: Option<Row> =
        tx.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM plans p WHERE p.id = $1")).bind(id.0)).await.context("reading a plan")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    let mut plans = assemble(tx, vec![row]).await?;
    plans.pop().ok_or_else(|| StoreError::not_found(ENTITY, id))
}

pub async fn list(tx: &mut impl Tx, f: &PlanFilter, page: &Page) -> StoreResult<Listing<Plan>> {
    let mut q = Select::new(COLUMNS, "plans p");
    q.eq("p.network_id", f.network.map(|n| n.0));
    if let Some(o) = f.organization {
        let p = q.arg(o.0);
        q.and(format!(
            "(p.organization_id = {p} OR EXISTS (SELECT 1 FROM plan_organizations x WHERE x.plan_id = p.id AND x.organization_id = {p}))"
        ));
    }
    q.eq("p.status", f.status.map(|s| s.code()));
    q.area("p.area_code", f.area.as_deref())?;
    q.text(&["p.title_th", "p.title_en", "p.code"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting plans")?.unwrap_or((0,));
    let sortable = [("code", "p.code"), ("title_th", "p.title_th"), ("start_year", "p.start_year"), ("updated_at", "p.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "p.start_year DESC, p.code", "p.id")?).await.context("listing plans")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: u64::try_from(count).unwrap_or(0) })
}

/// A new plan made from `source`: its own copies of the tree and of the indicators (baselines,
/// targets, formulas), owned by whoever the copy names, in draft. Values are not copied: they
/// belong to the source's area and people.
pub async fn copy(tx: &mut impl Tx, source: PlanId, copy: PlanCopyInput) -> StoreResult<Copied> {
    let original = get(tx, source).await?;
    let input = PlanInput {
        code: copy.code,
        title_th: copy.title_th,
        title_en: copy.title_en,
        network_id: copy.network_id,
        organization_id: copy.organization_id,
        area_code: copy.area_code,
        status: PlanStatus::Draft,
        ..original.input
    };
    check(tx, &input).await?;
    let plan = Plan { id: PlanId::new(), input, template_of: Some(source), meta: checks::first_version() };
    insert(tx, &plan).await?;
    let mut ids: HashMap<IndicatorId, IndicatorId> = HashMap::new();
    let mut indicators = Vec::new();
    for mut indicator in plan_indicators::of_plan(tx, source).await? {
        let id = IndicatorId::new();
        ids.insert(indicator.id, id);
        indicator.id = id;
        indicator.input.plan_id = plan.id;
        indicator.meta = checks::first_version();
        plan_indicators::insert(tx, &indicator).await?;
        indicators.push(indicator);
    }
    let originals = plan_items::of_plan(tx, source).await?;
    let items = copy_items(tx, plan.id, originals, &ids).await?;
    Ok(Copied { plan, indicators, items })
}

/// What a copy created, for the audit log.
#[derive(Debug)]
pub struct Copied {
    pub plan: Plan,
    pub indicators: Vec<Indicator>,
    pub items: Vec<PlanItem>,
}

/// Inserts copies of a plan's items under `plan`, parents before children (the list is in tree
/// order), with new ids and the parents and indicators mapped to their copies.
async fn copy_items(
    tx: &mut impl Tx,
    plan: PlanId,
    items: Vec<PlanItem>,
    indicators: &HashMap<IndicatorId, IndicatorId>,
) -> StoreResult<Vec<PlanItem>> {
    let mut ids: HashMap<PlanItemId, PlanItemId> = HashMap::new();
    let mut copies = Vec::with_capacity(items.len());
    for mut item in items {
        let id = PlanItemId::new();
        ids.insert(item.id, id);
        item.id = id;
        item.input.plan_id = plan;
        item.input.parent_id = item.input.parent_id.and_then(|p| ids.get(&p).copied());
        item.input.indicator_id = item.input.indicator_id.and_then(|i| indicators.get(&i).copied());
        item.meta = checks::first_version();
        plan_items::insert(tx, &item).await?;
        copies.push(item);
    }
    Ok(copies)
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Plan>> {
    let rows: Vec<Row> = tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM plans p ORDER BY p.id"))).await.context("exporting plans")?;
    assemble(tx, rows).await
}
