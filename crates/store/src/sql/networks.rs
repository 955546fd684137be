//! SQL for networks and their members.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::network::{Network, NetworkInput, NetworkMember};
use phakhi_domain::{NetworkId, OrganizationId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{Listing, NetworkFilter, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "networks";
const ENTITY: &str = "network";
const COLUMNS: &str = "n.id, n.name_th, n.name_en, n.instrument, n.established_on, n.area_code, n.description_th, \
                       n.description_en, n.version, n.created_at, n.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    name_th: String,
    name_en: Option<String>,
    instrument: Option<String>,
    established_on: Option<NaiveDate>,
    area_code: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    network_id: Uuid,
    organization_id: Uuid,
    role: String,
    represented_by: Option<String>,
    joined_on: Option<NaiveDate>,
}

impl Row {
    fn into_domain(self, members: Vec<NetworkMember>) -> Network {
        Network {
            id: NetworkId(self.id),
            input: NetworkInput {
                name_th: self.name_th,
                name_en: self.name_en,
                instrument: self.instrument,
                established_on: self.established_on,
                area_code: self.area_code,
                description_th: self.description_th,
                description_en: self.description_en,
                members,
            },
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        }
    }
}

pub(super) fn fields(i: &NetworkInput) -> Vec<Arg> {
    vec![
        i.name_th.clone().into(),
        i.name_en.clone().into(),
        i.instrument.clone().into(),
        i.established_on.into(),
        i.area_code.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
    ]
}

async fn check(tx: &mut impl Tx, input: &NetworkInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    for (i, m) in input.members.iter().enumerate() {
        refs.organization(tx, &format!("/members/{i}/organization_id"), Some(m.organization_id.0)).await?;
    }
    refs.finish()
}

async fn write_members(tx: &mut impl Tx, id: Uuid, members: &[NetworkMember]) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM network_members WHERE network_id = $1").bind(id)).await.context("replacing members")?;
    for (position, m) in members.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO network_members (network_id, organization_id, role, represented_by, joined_on, position) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(m.organization_id.0)
            .bind(m.role.code())
            .bind(m.represented_by.clone())
            .bind(m.joined_on)
            .bind(position as i64),
        )
        .await
        .context("inserting a network member")?;
    }
    Ok(())
}

async fn members_of(tx: &mut impl Tx, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<NetworkMember>>> {
    let rows: Vec<MemberRow> = checks::fetch_for_ids(
        tx,
        "SELECT network_id, organization_id, role, represented_by, joined_on FROM network_members WHERE network_id",
        "ORDER BY network_id, position",
        ids,
    )
    .await?;
    let mut by_network: HashMap<Uuid, Vec<NetworkMember>> = HashMap::new();
    for r in rows {
        by_network.entry(r.network_id).or_default().push(NetworkMember {
            organization_id: OrganizationId(r.organization_id),
            role: code("network_members", &r.role)?,
            represented_by: r.represented_by,
            joined_on: r.joined_on,
        });
    }
    Ok(by_network)
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Network>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut members = members_of(tx, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let m = members.remove(&r.id).unwrap_or_default();
            r.into_domain(m)
        })
        .collect())
}

pub async fn insert(tx: &mut impl Tx, n: &Network) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO networks (id, name_th, name_en, instrument, established_on, area_code, description_th, description_en, \
         version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(n.id.0);
    sql.args.extend(fields(&n.input));
    tx.execute(sql.bind(n.meta.version).bind(n.meta.created_at).bind(n.meta.updated_at)).await.context("inserting a network")?;
    write_members(tx, n.id.0, &n.input.members).await?;
    super::search::index(tx, &super::search::Document::network(n)).await
}

pub async fn create(tx: &mut impl Tx, input: NetworkInput) -> StoreResult<Network> {
    check(tx, &input).await?;
    let n = Network { id: NetworkId::new(), input, meta: checks::first_version() };
    insert(tx, &n).await?;
    Ok(n)
}

pub async fn update(tx: &mut impl Tx, id: NetworkId, pre: Precondition, input: NetworkInput) -> StoreResult<Network> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE networks SET name_th = $1, name_en = $2, instrument = $3, established_on = $4, area_code = $5, \
         description_th = $6, description_en = $7 WHERE id = $8",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a network")?;
    write_members(tx, id.0, &input.members).await?;
    let record = Network { id, input, meta };
    super::search::index(tx, &super::search::Document::network(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: NetworkId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    tx.execute(Sql::new("DELETE FROM network_members WHERE network_id = $1").bind(id.0)).await.context("deleting members")?;
    super::search::remove(tx, "network", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, id: NetworkId) -> StoreResult<Network> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM networks n WHERE n.id = $1")).bind(id.0))
        .await
        .context("reading a network")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    Ok(assemble(tx, vec![row]).await?.remove(0))
}

pub async fn list(tx: &mut impl Tx, f: &NetworkFilter, page: &Page) -> StoreResult<Listing<Network>> {
    let mut q = Select::new(COLUMNS, "networks n");
    q.area("n.area_code", f.area.as_deref())?;
    if let Some(org) = f.organization {
        let p = q.arg(org.0);
        q.and(format!("EXISTS (SELECT 1 FROM network_members m WHERE m.network_id = n.id AND m.organization_id = {p})"));
    }
    q.text(&["n.name_th", "n.name_en", "n.instrument"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting networks")?.unwrap_or((0,));
    let sortable =
        [("name_th", "n.name_th"), ("established_on", "n.established_on"), ("created_at", "n.created_at"), ("updated_at", "n.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "n.name_th", "n.id")?).await.context("listing networks")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Network>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM networks n ORDER BY n.id"))).await.context("exporting networks")?;
    assemble(tx, rows).await
}
