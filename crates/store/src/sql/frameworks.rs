//! SQL for frameworks and their items.

use chrono::{DateTime, Utc};
use phakhi_domain::framework::{Framework, FrameworkInput, FrameworkItem, FrameworkItemInput};
use phakhi_domain::{FrameworkId, FrameworkItemId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{FrameworkItemFilter, Listing, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "frameworks";
const ENTITY: &str = "framework";
const ITEMS: &str = "framework_items";
const ITEM: &str = "framework item";
const COLUMNS: &str = "f.id, f.code, f.kind, f.name_th, f.name_en, f.publisher, f.url, f.description_th, f.description_en, \
                       f.builtin, f.version, f.created_at, f.updated_at";
const ITEM_COLUMNS: &str = "i.id, i.framework_id, f.code AS framework_code, i.parent_id, i.code, i.level, i.title_th, \
                            i.title_en, i.position, i.colour, i.version, i.created_at, i.updated_at";
const ITEM_FROM: &str = "framework_items i JOIN frameworks f ON f.id = i.framework_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    code: String,
    kind: String,
    name_th: String,
    name_en: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    builtin: bool,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Framework> {
        Ok(Framework {
            id: FrameworkId(self.id),
            input: FrameworkInput {
                code: self.code,
                kind: code(TABLE, &self.kind)?,
                name_th: self.name_th,
                name_en: self.name_en,
                publisher: self.publisher,
                url: self.url,
                description_th: self.description_th,
                description_en: self.description_en,
            },
            builtin: self.builtin,
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        })
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: Uuid,
    framework_id: Uuid,
    framework_code: String,
    parent_id: Option<Uuid>,
    code: String,
    level: String,
    title_th: Option<String>,
    title_en: Option<String>,
    position: i64,
    colour: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ItemRow {
    fn into_domain(self) -> FrameworkItem {
        FrameworkItem {
            id: FrameworkItemId(self.id),
            framework_id: FrameworkId(self.framework_id),
            framework_code: self.framework_code,
            input: FrameworkItemInput {
                code: self.code,
                parent_id: self.parent_id.map(FrameworkItemId),
                level: self.level,
                title_th: self.title_th,
                title_en: self.title_en,
                position: self.position,
                colour: self.colour,
            },
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        }
    }
}

/// The writable columns in INSERT order (also used when installing reference frameworks).
pub(super) fn fields(i: &FrameworkInput) -> Vec<Arg> {
    vec![
        i.code.clone().into(),
        i.kind.code().into(),
        i.name_th.clone().into(),
        i.name_en.clone().into(),
        i.publisher.clone().into(),
        i.url.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
    ]
}

/// The writable item columns in INSERT order (also used when installing reference items).
pub(super) fn item_fields(i: &FrameworkItemInput) -> Vec<Arg> {
    vec![
        i.parent_id.map(|p| p.0).into(),
        i.code.clone().into(),
        i.level.clone().into(),
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.position.into(),
        i.colour.clone().into(),
    ]
}

fn read_only() -> StoreError {
    StoreError::conflict("กรอบอ้างอิงที่มากับระบบ (เช่น SDGs) แก้ไขไม่ได้", "Built-in frameworks (such as the SDGs) cannot be changed")
}

async fn find(tx: &mut impl Tx, code_: &str) -> StoreResult<Framework> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM frameworks f WHERE f.code = $1")).bind(code_))
        .await
        .context("reading a framework")?;
    row.ok_or_else(|| StoreError::not_found(ENTITY, code_))?.into_domain()
}

pub async fn insert(tx: &mut impl Tx, f: &Framework) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO frameworks (id, code, kind, name_th, name_en, publisher, url, description_th, description_en, builtin, \
         version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(f.id.0);
    sql.args.extend(fields(&f.input));
    tx.execute(sql.bind(f.builtin).bind(f.meta.version).bind(f.meta.created_at).bind(f.meta.updated_at))
        .await
        .context("inserting a framework")?;
    Ok(())
}

pub async fn create(tx: &mut impl Tx, input: FrameworkInput) -> StoreResult<Framework> {
    checks::validate(&input)?;
    let f = Framework { id: FrameworkId::new(), input, builtin: false, meta: checks::first_version() };
    insert(tx, &f).await?;
    Ok(f)
}

pub async fn update(tx: &mut impl Tx, code_: &str, pre: Precondition, input: FrameworkInput) -> StoreResult<Framework> {
    let current = find(tx, code_).await?;
    if current.builtin {
        return Err(read_only());
    }
    checks::validate(&input)?;
    let meta = checks::next_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE frameworks SET code = $1, kind = $2, name_th = $3, name_en = $4, publisher = $5, url = $6, description_th = $7, \
         description_en = $8 WHERE id = $9",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(current.id.0)).await.context("updating a framework")?;
    Ok(Framework { id: current.id, input, builtin: false, meta })
}

pub async fn delete(tx: &mut impl Tx, code_: &str, pre: Precondition) -> StoreResult<()> {
    let current = find(tx, code_).await?;
    if current.builtin {
        return Err(read_only());
    }
    checks::current_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    let items: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new("SELECT id FROM framework_items WHERE framework_id = $1").bind(current.id.0))
        .await
        .context("listing items")?;
    for (item,) in items {
        super::search::remove(tx, "framework_item", item).await?;
    }
    // Items go with their framework unless something is aligned to them (the foreign key refuses then).
    tx.execute(Sql::new("UPDATE framework_items SET parent_id = NULL WHERE framework_id = $1").bind(current.id.0))
        .await
        .context("detaching items")?;
    tx.execute(Sql::new("DELETE FROM framework_items WHERE framework_id = $1").bind(current.id.0)).await.context("deleting items")?;
    checks::delete_row(tx, TABLE, ENTITY, current.id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, code_: &str) -> StoreResult<Framework> {
    find(tx, code_).await
}

pub async fn list(tx: &mut impl Tx, page: &Page) -> StoreResult<Listing<Framework>> {
    let q = Select::new(COLUMNS, "frameworks f");
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting frameworks")?.unwrap_or((0,));
    let sortable = [("code", "f.code"), ("name_th", "f.name_th"), ("created_at", "f.created_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "f.builtin DESC, f.code", "f.id")?).await.context("listing frameworks")?;
    Ok(Listing { items: rows.into_iter().map(Row::into_domain).collect::<StoreResult<_>>()?, total: count as u64 })
}

/// Custom (not built-in) frameworks, for exports.
pub async fn all_custom(tx: &mut impl Tx) -> StoreResult<Vec<Framework>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM frameworks f WHERE NOT f.builtin ORDER BY f.id")))
        .await
        .context("exporting frameworks")?;
    rows.into_iter().map(Row::into_domain).collect()
}

async fn check_item(tx: &mut impl Tx, framework: FrameworkId, id: Uuid, input: &FrameworkItemInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    if let Some(parent) = input.parent_id {
        let row: Option<(Uuid,)> = tx
            .fetch_optional(Sql::new("SELECT framework_id FROM framework_items WHERE id = $1").bind(parent.0))
            .await
            .context("reading a parent item")?;
        match row {
            None => refs.add("/parent_id", "unknown_framework_item", "ไม่พบรายการแม่", "No such parent item"),
            Some((f,)) if f != framework.0 => {
                refs.add("/parent_id", "other_framework", "รายการแม่ต้องอยู่ในกรอบเดียวกัน", "The parent must belong to the same framework")
            }
            Some(_) if parent.0 == id => refs.add("/parent_id", "cycle", "รายการเป็นแม่ของตัวเองไม่ได้", "An item cannot be its own parent"),
            Some(_) => {}
        }
    }
    refs.finish()
}

pub async fn insert_item(tx: &mut impl Tx, item: &FrameworkItem) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO framework_items (id, framework_id, parent_id, code, level, title_th, title_en, position, colour, version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(item.id.0)
    .bind(item.framework_id.0);
    sql.args.extend(item_fields(&item.input));
    tx.execute(sql.bind(item.meta.version).bind(item.meta.created_at).bind(item.meta.updated_at))
        .await
        .context("inserting a framework item")?;
    super::search::index(tx, &super::search::Document::framework_item(item)).await
}

pub async fn create_item(tx: &mut impl Tx, framework_code: &str, input: FrameworkItemInput) -> StoreResult<FrameworkItem> {
    let framework = find(tx, framework_code).await?;
    if framework.builtin {
        return Err(read_only());
    }
    let id = FrameworkItemId::new();
    check_item(tx, framework.id, id.0, &input).await?;
    let item = FrameworkItem { id, framework_id: framework.id, framework_code: framework.input.code, input, meta: checks::first_version() };
    insert_item(tx, &item).await?;
    Ok(item)
}

pub async fn get_item(tx: &mut impl Tx, id: FrameworkItemId) -> StoreResult<FrameworkItem> {
    let row: Option<ItemRow> = tx
        .fetch_optional(Sql::new(format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.id = $1")).bind(id.0))
        .await
        .context("reading a framework item")?;
    Ok(row.ok_or_else(|| StoreError::not_found(ITEM, id))?.into_domain())
}

/// The item, refusing changes to built-in frameworks.
async fn editable_item(tx: &mut impl Tx, id: FrameworkItemId) -> StoreResult<FrameworkItem> {
    let item = get_item(tx, id).await?;
    let (builtin,): (bool,) = tx
        .fetch_optional(Sql::new("SELECT builtin FROM frameworks WHERE id = $1").bind(item.framework_id.0))
        .await
        .context("reading a framework")?
        .ok_or_else(|| StoreError::not_found(ENTITY, item.framework_id))?;
    if builtin { Err(read_only()) } else { Ok(item) }
}

pub async fn update_item(
    tx: &mut impl Tx,
    id: FrameworkItemId,
    pre: Precondition,
    input: FrameworkItemInput,
) -> StoreResult<FrameworkItem> {
    let current = editable_item(tx, id).await?;
    checks::current_version(tx, ITEMS, ITEM, id.0, pre).await?;
    check_item(tx, current.framework_id, id.0, &input).await?;
    let meta = checks::next_version(tx, ITEMS, ITEM, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE framework_items SET parent_id = $1, code = $2, level = $3, title_th = $4, title_en = $5, position = $6, colour = $7 \
         WHERE id = $8",
    );
    sql.args.extend(item_fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a framework item")?;
    let item = FrameworkItem { input, meta, ..current };
    super::search::index(tx, &super::search::Document::framework_item(&item)).await?;
    Ok(item)
}

pub async fn delete_item(tx: &mut impl Tx, id: FrameworkItemId, pre: Precondition) -> StoreResult<()> {
    editable_item(tx, id).await?;
    super::search::remove(tx, "framework_item", id.0).await?;
    checks::delete_row(tx, ITEMS, ITEM, id.0, pre).await
}

pub async fn list_items(tx: &mut impl Tx, f: &FrameworkItemFilter, page: &Page) -> StoreResult<Listing<FrameworkItem>> {
    let mut q = Select::new(ITEM_COLUMNS, ITEM_FROM);
    q.eq("f.code", f.framework.as_deref());
    q.eq("i.parent_id", f.parent.map(|p| p.0));
    q.eq("i.level", f.level.as_deref());
    q.eq("i.code", f.code.as_deref());
    if f.top_level {
        q.and("i.parent_id IS NULL");
    }
    q.text(&["i.code", "i.title_th", "i.title_en"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting framework items")?.unwrap_or((0,));
    let sortable = [("code", "i.code"), ("position", "i.position"), ("title_th", "i.title_th")];
    let rows: Vec<ItemRow> =
        tx.fetch_all(q.page(page, &sortable, "f.code, i.position", "i.id")?).await.context("listing framework items")?;
    Ok(Listing { items: rows.into_iter().map(ItemRow::into_domain).collect(), total: count as u64 })
}

/// Every item of every framework (for rebuilding the search index).
pub async fn all_items(tx: &mut impl Tx) -> StoreResult<Vec<FrameworkItem>> {
    let rows: Vec<ItemRow> =
        tx.fetch_all(Sql::new(format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} ORDER BY i.id"))).await.context("reading framework items")?;
    Ok(rows.into_iter().map(ItemRow::into_domain).collect())
}

/// Items of custom frameworks, for exports.
pub async fn all_custom_items(tx: &mut impl Tx) -> StoreResult<Vec<FrameworkItem>> {
    let rows: Vec<ItemRow> = tx
        .fetch_all(Sql::new(format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE NOT f.builtin ORDER BY i.id")))
        .await
        .context("exporting framework items")?;
    Ok(rows.into_iter().map(ItemRow::into_domain).collect())
}
