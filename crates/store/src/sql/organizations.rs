//! SQL for organisations.

use chrono::{DateTime, Utc};
use phakhi_domain::organization::{Organization, OrganizationInput};
use phakhi_domain::{OrganizationId, RecordMeta};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::query::resolve_item;
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{Listing, OrganizationFilter, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "organizations";
const ENTITY: &str = "organization";
const COLUMNS: &str = "o.id, o.name_th, o.name_en, o.abbreviation, o.sector, o.parent_id, o.area_code, o.website, \
                       o.status, o.description_th, o.description_en, o.version, o.created_at, o.updated_at";
/// Deepest parent chain followed when checking for a cycle (real hierarchies are a few levels deep).
const MAX_DEPTH: usize = 64;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    name_th: String,
    name_en: Option<String>,
    abbreviation: Option<String>,
    sector: String,
    parent_id: Option<Uuid>,
    area_code: Option<String>,
    website: Option<String>,
    status: String,
    description_th: Option<String>,
    description_en: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Organization> {
        Ok(Organization {
            id: OrganizationId(self.id),
            input: OrganizationInput {
                name_th: self.name_th,
                name_en: self.name_en,
                abbreviation: self.abbreviation,
                sector: code(TABLE, &self.sector)?,
                parent_id: self.parent_id.map(OrganizationId),
                area_code: self.area_code,
                website: self.website,
                status: code(TABLE, &self.status)?,
                description_th: self.description_th,
                description_en: self.description_en,
            },
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        })
    }
}

/// The writable columns, in the order both INSERT and UPDATE bind them.
pub(super) fn fields(i: &OrganizationInput) -> Vec<Arg> {
    use phakhi_domain::Vocabulary;
    vec![
        i.name_th.clone().into(),
        i.name_en.clone().into(),
        i.abbreviation.clone().into(),
        i.sector.code().into(),
        i.parent_id.map(|p| p.0).into(),
        i.area_code.clone().into(),
        i.website.clone().into(),
        i.status.code().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
    ]
}

async fn check(tx: &mut impl Tx, id: Uuid, input: &OrganizationInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    refs.organization(tx, "/parent_id", input.parent_id.map(|p| p.0)).await?;
    if let Some(parent) = input.parent_id
        && creates_cycle(tx, id, parent.0).await?
    {
        refs.add(
            "/parent_id",
            "cycle",
            "องค์กรแม่ต้องไม่เป็นองค์กรนี้หรือหน่วยงานในสังกัด",
            "The parent cannot be the organisation itself or one of its units",
        );
    }
    refs.finish()
}

/// Whether making `parent` the parent of `id` would make `id` its own ancestor.
async fn creates_cycle(tx: &mut impl Tx, id: Uuid, parent: Uuid) -> StoreResult<bool> {
    let mut current = Some(parent);
    for _ in 0..MAX_DEPTH {
        let Some(at) = current else { return Ok(false) };
        if at == id {
            return Ok(true);
        }
        let row: Option<(Option<Uuid>,)> = tx
            .fetch_optional(Sql::new("SELECT parent_id FROM organizations WHERE id = $1").bind(at))
            .await
            .context("following the parent chain")?;
        current = row.and_then(|(p,)| p);
    }
    Ok(true)
}

/// Inserts a record as given (creation and import).
pub async fn insert(tx: &mut impl Tx, o: &Organization) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO organizations (id, name_th, name_en, abbreviation, sector, parent_id, area_code, website, status, \
         description_th, description_en, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(o.id.0);
    sql.args.extend(fields(&o.input));
    let sql = sql.bind(o.meta.version).bind(o.meta.created_at).bind(o.meta.updated_at);
    tx.execute(sql).await.context("inserting an organisation")?;
    super::search::index(tx, &super::search::Document::organization(o)).await
}

pub async fn create(tx: &mut impl Tx, input: OrganizationInput) -> StoreResult<Organization> {
    let id = OrganizationId::new();
    check(tx, id.0, &input).await?;
    let o = Organization { id, input, meta: checks::first_version() };
    insert(tx, &o).await?;
    Ok(o)
}

pub async fn update(tx: &mut impl Tx, id: OrganizationId, pre: Precondition, input: OrganizationInput) -> StoreResult<Organization> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, id.0, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE organizations SET name_th = $1, name_en = $2, abbreviation = $3, sector = $4, parent_id = $5, \
         area_code = $6, website = $7, status = $8, description_th = $9, description_en = $10 WHERE id = $11",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating an organisation")?;
    let record = Organization { id, input, meta };
    super::search::index(tx, &super::search::Document::organization(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: OrganizationId, pre: Precondition) -> StoreResult<()> {
    super::search::remove(tx, "organization", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, pre).await
}

pub async fn get(tx: &mut impl Tx, id: OrganizationId) -> StoreResult<Organization> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM organizations o WHERE o.id = $1")).bind(id.0))
        .await
        .context("reading an organisation")?;
    row.ok_or_else(|| StoreError::not_found(ENTITY, id))?.into_domain()
}

pub async fn list(tx: &mut impl Tx, f: &OrganizationFilter, page: &Page) -> StoreResult<Listing<Organization>> {
    use phakhi_domain::Vocabulary;
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "organizations o");
    q.contributes_to("o.id", item.as_ref());
    q.area("o.area_code", f.area.as_deref())?;
    q.eq("o.sector", f.sector.map(|s| s.code()));
    q.eq("o.status", f.status.map(|s| s.code()));
    q.eq("o.parent_id", f.parent.map(|p| p.0));
    if let Some(network) = f.network {
        let p = q.arg(network.0);
        q.and(format!("EXISTS (SELECT 1 FROM network_members m WHERE m.organization_id = o.id AND m.network_id = {p})"));
    }
    q.text(&["o.name_th", "o.name_en", "o.abbreviation"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting organisations")?.unwrap_or((0,));
    let sortable = [("name_th", "o.name_th"), ("name_en", "o.name_en"), ("created_at", "o.created_at"), ("updated_at", "o.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "o.name_th", "o.id")?).await.context("listing organisations")?;
    Ok(Listing { items: rows.into_iter().map(Row::into_domain).collect::<StoreResult<_>>()?, total: count as u64 })
}

/// Every organisation, parents before children where possible (for exports).
pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Organization>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM organizations o ORDER BY o.id"))).await.context("exporting organisations")?;
    rows.into_iter().map(Row::into_domain).collect()
}
