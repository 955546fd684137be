//! SQL for the items of a plan's tree (strategy → measure → indicator), keeping the tree whole: a
//! parent is in the same plan and at a higher level, so there can be no cycle; an item with children
//! cannot be deleted or moved below them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use phakhi_domain::plan::{PlanItem, PlanItemInput, check_parent};
use phakhi_domain::{IndicatorId, OrganizationId, PlanId, PlanItemId, RecordMeta, Violations, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{Listing, Page, PlanItemFilter, Precondition, StoreError, StoreResult};

const TABLE: &str = "plan_items";
const ENTITY: &str = "plan_item";
const COLUMNS: &str = "i.id, i.plan_id, i.parent_id, i.level, i.code, i.title_th, i.title_en, i.weight, i.indicator_id, i.position, \
                       i.version, i.created_at, i.updated_at";
/// Tree order: every parent before its children (a parent is always of a higher level).
const TREE_ORDER: &str = "CASE i.level WHEN 'strategy' THEN 0 WHEN 'measure' THEN 1 ELSE 2 END, i.position, i.code";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    plan_id: Uuid,
    parent_id: Option<Uuid>,
    level: String,
    code: String,
    title_th: String,
    title_en: Option<String>,
    weight: f64,
    indicator_id: Option<Uuid>,
    position: i64,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    plan_item_id: Uuid,
    organization_id: Uuid,
}

fn fields(i: &PlanItemInput) -> Vec<Arg> {
    vec![
        i.plan_id.0.into(),
        i.parent_id.map(|p| p.0).into(),
        i.level.code().into(),
        i.code.clone().into(),
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.weight.into(),
        i.indicator_id.map(|x| x.0).into(),
        i.position.into(),
    ]
}

/// The plan and level of an item, if it exists.
async fn placement(tx: &mut impl Tx, id: Uuid) -> StoreResult<Option<(Uuid, String, Option<Uuid>)>> {
    tx.fetch_optional(Sql::new("SELECT plan_id, level, parent_id FROM plan_items WHERE id = $1").bind(id))
        .await
        .context("reading an item's place")
}

/// Checks the parent: it exists, is in the same plan, is of a higher level, and is not the item
/// itself or below it.
async fn check_parent_of(tx: &mut impl Tx, refs: &mut References, id: Option<PlanItemId>, input: &PlanItemInput) -> StoreResult<()> {
    let Some(parent) = input.parent_id else { return Ok(()) };
    let Some((plan, level, _)) = placement(tx, parent.0).await? else {
        refs.add("/parent_id", "unknown_reference", "ไม่พบรายการแม่", "No such parent item");
        return Ok(());
    };
    if plan != input.plan_id.0 {
        refs.add("/parent_id", "other_plan", "รายการแม่ต้องอยู่ในแผนเดียวกัน", "The parent item is in another plan");
        return Ok(());
    }
    let mut v = Violations::new();
    check_parent(&mut v, input.level, code(TABLE, &level)?);
    for x in v.into_vec() {
        refs.add(&x.field, &x.code, &x.message_th, &x.message_en);
    }
    // Walk up from the parent: meeting the item itself would close a cycle.
    let mut at = Some(parent.0);
    let mut steps = 0;
    while let Some(current) = at {
        if Some(current) == id.map(|i| i.0) || steps > 16 {
            refs.add("/parent_id", "cycle", "รายการแม่อยู่ภายใต้รายการนี้เอง", "The parent item is below this item");
            break;
        }
        at = placement(tx, current).await?.and_then(|(_, _, p)| p);
        steps += 1;
    }
    Ok(())
}

async fn check(tx: &mut impl Tx, id: Option<PlanItemId>, input: &PlanItemInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.row(tx, "/plan_id", "SELECT COUNT(*) FROM plans WHERE id = $1", Some(input.plan_id.0), "ไม่พบแผนนี้", "No plan").await?;
    check_parent_of(tx, &mut refs, id, input).await?;
    if let Some(indicator) = input.indicator_id {
        let plan: Option<(Uuid,)> = tx
            .fetch_optional(Sql::new("SELECT plan_id FROM indicators WHERE id = $1").bind(indicator.0))
            .await
            .context("checking an item's indicator")?;
        match plan {
            None => refs.add("/indicator_id", "unknown_reference", "ไม่พบตัวชี้วัดนี้", "No such indicator"),
            Some((p,)) if p != input.plan_id.0 => {
                refs.add("/indicator_id", "other_plan", "ตัวชี้วัดต้องอยู่ในแผนเดียวกัน", "The indicator belongs to another plan")
            }
            Some(_) => {}
        }
    }
    let responsible: Vec<Uuid> = input.responsible_organization_ids.iter().map(|o| o.0).collect();
    refs.organizations(tx, "/responsible_organization_ids", &responsible).await?;
    if let Some(id) = id {
        check_children_stay_below(tx, &mut refs, id, input).await?;
    }
    refs.finish()
}

/// An item being changed keeps its plan, and stays above its children.
async fn check_children_stay_below(tx: &mut impl Tx, refs: &mut References, id: PlanItemId, input: &PlanItemInput) -> StoreResult<()> {
    if let Some((plan, _, _)) = placement(tx, id.0).await?
        && plan != input.plan_id.0
    {
        refs.add("/plan_id", "immutable", "ย้ายรายการไปแผนอื่นไม่ได้", "An item cannot move to another plan");
    }
    let children: Vec<(String,)> = tx
        .fetch_all(Sql::new("SELECT level FROM plan_items WHERE parent_id = $1").bind(id.0))
        .await
        .context("reading an item's children")?;
    for (level,) in children {
        let mut v = Violations::new();
        check_parent(&mut v, code(TABLE, &level)?, input.level);
        if !v.is_empty() {
            refs.add("/level", "has_children", "รายการนี้มีรายการย่อยที่ต้องอยู่ระดับต่ำกว่า", "This item has children that must stay below it");
            break;
        }
    }
    Ok(())
}

async fn write_organizations(tx: &mut impl Tx, id: Uuid, input: &PlanItemInput) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM plan_item_organizations WHERE plan_item_id = $1").bind(id))
        .await
        .context("replacing an item's organisations")?;
    for (position, o) in input.responsible_organization_ids.iter().enumerate() {
        tx.execute(
            Sql::new("INSERT INTO plan_item_organizations (plan_item_id, organization_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(o.0)
                .bind(position as i64),
        )
        .await
        .context("inserting an item's organisation")?;
    }
    Ok(())
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<PlanItem>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let orgs: Vec<OrgRow> = checks::fetch_for_ids(
        tx,
        "SELECT plan_item_id, organization_id FROM plan_item_organizations WHERE plan_item_id",
        "ORDER BY plan_item_id, position",
        &ids,
    )
    .await?;
    let mut responsible: HashMap<Uuid, Vec<OrganizationId>> = HashMap::new();
    for o in orgs {
        responsible.entry(o.plan_item_id).or_default().push(OrganizationId(o.organization_id));
    }
    rows.into_iter()
        .map(|r| {
            Ok(PlanItem {
                id: PlanItemId(r.id),
                input: PlanItemInput {
                    plan_id: PlanId(r.plan_id),
                    parent_id: r.parent_id.map(PlanItemId),
                    level: code(TABLE, &r.level)?,
                    code: r.code,
                    title_th: r.title_th,
                    title_en: r.title_en,
                    weight: r.weight,
                    indicator_id: r.indicator_id.map(IndicatorId),
                    responsible_organization_ids: responsible.remove(&r.id).unwrap_or_default(),
                    position: r.position,
                },
                meta: RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at },
            })
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, item: &PlanItem) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO plan_items (id, plan_id, parent_id, level, code, title_th, title_en, weight, indicator_id, position, version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(item.id.0);
    sql.args.extend(fields(&item.input));
    tx.execute(sql.bind(item.meta.version).bind(item.meta.created_at).bind(item.meta.updated_at)).await.context("inserting a plan item")?;
    write_organizations(tx, item.id.0, &item.input).await
}

pub async fn create(tx: &mut impl Tx, input: PlanItemInput) -> StoreResult<PlanItem> {
    check(tx, None, &input).await?;
    let item = PlanItem { id: PlanItemId::new(), input, meta: checks::first_version() };
    insert(tx, &item).await?;
    Ok(item)
}

pub async fn update(tx: &mut impl Tx, id: PlanItemId, pre: Precondition, input: PlanItemInput) -> StoreResult<PlanItem> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, Some(id), &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE plan_items SET plan_id = $1, parent_id = $2, level = $3, code = $4, title_th = $5, title_en = $6, weight = $7, \
         indicator_id = $8, position = $9 WHERE id = $10",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a plan item")?;
    write_organizations(tx, id.0, &input).await?;
    Ok(PlanItem { id, input, meta })
}

pub async fn delete(tx: &mut impl Tx, id: PlanItemId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let (children,): (i64,) = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM plan_items WHERE parent_id = $1").bind(id.0))
        .await
        .context("counting an item's children")?
        .unwrap_or((0,));
    if children > 0 {
        return Err(StoreError::conflict("ลบรายการนี้ไม่ได้ เพราะยังมีรายการย่อยอยู่", "This item still has items below it; delete them first"));
    }
    tx.execute(Sql::new("DELETE FROM plan_item_organizations WHERE plan_item_id = $1").bind(id.0))
        .await
        .context("deleting an item's organisations")?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

/// Removes a whole plan's tree (the plan is being deleted).
pub async fn delete_all_of(tx: &mut impl Tx, plan: PlanId) -> StoreResult<()> {
    tx.execute(
        Sql::new("DELETE FROM plan_item_organizations WHERE plan_item_id IN (SELECT id FROM plan_items WHERE plan_id = $1)").bind(plan.0),
    )
    .await
    .context("deleting a plan's item organisations")?;
    tx.execute(Sql::new("DELETE FROM plan_items WHERE plan_id = $1").bind(plan.0)).await.context("deleting a plan's items")?;
    Ok(())
}

pub async fn get(tx: &mut impl Tx, id: PlanItemId) -> StoreResult<PlanItem> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM plan_items i WHERE i.id = $1")).bind(id.0))
        .await
        .context("reading a plan item")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    assemble(tx, vec![row]).await?.pop().ok_or_else(|| StoreError::not_found(ENTITY, id))
}

pub async fn list(tx: &mut impl Tx, f: &PlanItemFilter, page: &Page) -> StoreResult<Listing<PlanItem>> {
    let mut q = Select::new(COLUMNS, "plan_items i");
    q.eq("i.plan_id", f.plan.map(|p| p.0));
    q.eq("i.parent_id", f.parent.map(|p| p.0));
    q.eq("i.level", f.level.map(|l| l.code()));
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting plan items")?.unwrap_or((0,));
    let rows: Vec<Row> = tx
        .fetch_all(q.page(page, &[("code", "i.code")], &format!("i.plan_id, {TREE_ORDER}"), "i.id")?)
        .await
        .context("listing plan items")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: u64::try_from(count).unwrap_or(0) })
}

/// Every item of a plan, parents before children.
pub async fn of_plan(tx: &mut impl Tx, plan: PlanId) -> StoreResult<Vec<PlanItem>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM plan_items i WHERE i.plan_id = $1 ORDER BY {TREE_ORDER}, i.id")).bind(plan.0))
        .await
        .context("reading a plan's items")?;
    assemble(tx, rows).await
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<PlanItem>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM plan_items i ORDER BY i.plan_id, {TREE_ORDER}, i.id")))
        .await
        .context("exporting plan items")?;
    assemble(tx, rows).await
}
