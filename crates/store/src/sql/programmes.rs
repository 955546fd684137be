//! SQL for programmes, their partners and target groups.

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::money::Baht;
use phakhi_domain::programme::{Programme, ProgrammeInput};
use phakhi_domain::{FiscalYear, OrganizationId, ProgrammeId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::figures::{self, Subjects};
use super::links::Link;
use super::query::resolve_item;
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{Listing, Page, Precondition, ProgrammeFilter, StoreError, StoreResult};

const TABLE: &str = "programmes";
const ENTITY: &str = "programme";
const COLUMNS: &str = "p.id, p.title_th, p.title_en, p.description_th, p.description_en, p.fiscal_year, p.budget_satang, \
                       p.budget_source, p.lead_organization_id, p.area_code, p.starts_on, p.ends_on, p.status, \
                       p.version, p.created_at, p.updated_at";
const PARTNERS: Link = Link { table: "programme_partners", parent: "programme_id", value: "organization_id" };
const TARGET_GROUPS: Link = Link { table: "programme_target_groups", parent: "programme_id", value: "target_group" };

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    title_th: String,
    title_en: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    fiscal_year: i64,
    budget_satang: Option<i64>,
    budget_source: Option<String>,
    lead_organization_id: Uuid,
    area_code: Option<String>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    status: String,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

pub(super) fn fields(i: &ProgrammeInput) -> Vec<Arg> {
    vec![
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
        i.fiscal_year.be().into(),
        i.budget_baht.map(Baht::satang).into(),
        i.budget_source.clone().into(),
        i.lead_organization_id.0.into(),
        i.area_code.clone().into(),
        i.starts_on.into(),
        i.ends_on.into(),
        i.status.code().into(),
    ]
}

async fn check(tx: &mut impl Tx, input: &ProgrammeInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    refs.organization(tx, "/lead_organization_id", Some(input.lead_organization_id.0)).await?;
    let partners: Vec<Uuid> = input.partner_organization_ids.iter().map(|o| o.0).collect();
    refs.organizations(tx, "/partner_organization_ids", &partners).await?;
    refs.target_groups(tx, "/target_groups", &input.target_groups).await?;
    refs.finish()
}

async fn write_children(tx: &mut impl Tx, id: Uuid, input: &ProgrammeInput) -> StoreResult<()> {
    let partners: Vec<Uuid> = input.partner_organization_ids.iter().map(|o| o.0).collect();
    PARTNERS.write(tx, id, &partners).await?;
    TARGET_GROUPS.write(tx, id, &input.target_groups).await
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Programme>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut partners = PARTNERS.read::<Uuid>(tx, &ids).await?;
    let mut groups = TARGET_GROUPS.read::<String>(tx, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let fiscal_year = i32::try_from(r.fiscal_year)
                .ok()
                .and_then(|y| FiscalYear::from_be(y).ok())
                .ok_or_else(|| StoreError::Corrupt { table: TABLE, detail: format!("fiscal year {}", r.fiscal_year) })?;
            Ok(Programme {
                id: ProgrammeId(r.id),
                input: ProgrammeInput {
                    title_th: r.title_th,
                    title_en: r.title_en,
                    description_th: r.description_th,
                    description_en: r.description_en,
                    fiscal_year,
                    budget_baht: r.budget_satang.map(Baht::from_satang),
                    budget_source: r.budget_source,
                    lead_organization_id: OrganizationId(r.lead_organization_id),
                    partner_organization_ids: partners.remove(&r.id).unwrap_or_default().into_iter().map(OrganizationId).collect(),
                    target_groups: groups.remove(&r.id).unwrap_or_default(),
                    area_code: r.area_code,
                    starts_on: r.starts_on,
                    ends_on: r.ends_on,
                    status: code(TABLE, &r.status)?,
                },
                meta: RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at },
            })
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, p: &Programme) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO programmes (id, title_th, title_en, description_th, description_en, fiscal_year, budget_satang, budget_source, \
         lead_organization_id, area_code, starts_on, ends_on, status, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(p.id.0);
    sql.args.extend(fields(&p.input));
    tx.execute(sql.bind(p.meta.version).bind(p.meta.created_at).bind(p.meta.updated_at)).await.context("inserting a programme")?;
    write_children(tx, p.id.0, &p.input).await?;
    super::search::index(tx, &super::search::Document::programme(p)).await
}

pub async fn create(tx: &mut impl Tx, input: ProgrammeInput) -> StoreResult<Programme> {
    check(tx, &input).await?;
    let p = Programme { id: ProgrammeId::new(), input, meta: checks::first_version() };
    insert(tx, &p).await?;
    figures::Change::new_records(Subjects::programme(p.id.0)).finish(tx).await?;
    Ok(p)
}

pub async fn update(tx: &mut impl Tx, id: ProgrammeId, pre: Precondition, input: ProgrammeInput) -> StoreResult<Programme> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let change = figures::Change::begin(tx, Subjects::programme(id.0)).await?;
    let mut sql = Sql::new(
        "UPDATE programmes SET title_th = $1, title_en = $2, description_th = $3, description_en = $4, fiscal_year = $5, \
         budget_satang = $6, budget_source = $7, lead_organization_id = $8, area_code = $9, starts_on = $10, ends_on = $11, \
         status = $12 WHERE id = $13",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a programme")?;
    write_children(tx, id.0, &input).await?;
    change.finish(tx).await?;
    let record = Programme { id, input, meta };
    super::search::index(tx, &super::search::Document::programme(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: ProgrammeId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let change = figures::Change::begin(tx, Subjects::programme(id.0)).await?;
    PARTNERS.clear(tx, id.0).await?;
    TARGET_GROUPS.clear(tx, id.0).await?;
    checks::delete_alignments_of(tx, "programme", id.0).await?;
    super::search::remove(tx, "programme", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await?;
    change.finish(tx).await
}

pub async fn get(tx: &mut impl Tx, id: ProgrammeId) -> StoreResult<Programme> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM programmes p WHERE p.id = $1")).bind(id.0))
        .await
        .context("reading a programme")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    Ok(assemble(tx, vec![row]).await?.remove(0))
}

pub async fn list(tx: &mut impl Tx, f: &ProgrammeFilter, page: &Page) -> StoreResult<Listing<Programme>> {
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "programmes p");
    q.area("p.area_code", f.area.as_deref())?;
    q.eq("p.status", f.status.map(|s| s.code()));
    q.eq("p.fiscal_year", f.fiscal_year.map(|y| y.be()));
    if let Some(org) = f.organization {
        let p = q.arg(org.0);
        q.and(format!(
            "(p.lead_organization_id = {p} OR EXISTS (SELECT 1 FROM programme_partners pp WHERE pp.programme_id = p.id AND pp.organization_id = {p}))"
        ));
    }
    if let Some(group) = &f.target_group {
        let p = q.arg(group.as_str());
        q.and(format!("EXISTS (SELECT 1 FROM programme_target_groups pt WHERE pt.programme_id = p.id AND pt.target_group = {p})"));
    }
    q.aligned_to("programme", "p.id", item.as_ref());
    q.text(&["p.title_th", "p.title_en"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting programmes")?.unwrap_or((0,));
    let sortable = [
        ("fiscal_year", "p.fiscal_year"),
        ("title_th", "p.title_th"),
        ("budget", "p.budget_satang"),
        ("starts_on", "p.starts_on"),
        ("created_at", "p.created_at"),
        ("updated_at", "p.updated_at"),
    ];
    let rows: Vec<Row> =
        tx.fetch_all(q.page(page, &sortable, "p.fiscal_year DESC, p.title_th", "p.id")?).await.context("listing programmes")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Programme>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM programmes p ORDER BY p.id"))).await.context("exporting programmes")?;
    assemble(tx, rows).await
}
