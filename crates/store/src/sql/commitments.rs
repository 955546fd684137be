//! SQL for commitments, their deliverables and progress updates.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::commitment::{Commitment, CommitmentInput, Deliverable, ProgressUpdate};
use phakhi_domain::{AgreementId, CommitmentId, OrganizationId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::query::resolve_item;
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{CommitmentFilter, Listing, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "commitments";
const ENTITY: &str = "commitment";
const COLUMNS: &str = "c.id, c.agreement_id, c.organization_id, c.title_th, c.title_en, c.description_th, c.description_en, \
                       c.status, c.version, c.created_at, c.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    agreement_id: Uuid,
    organization_id: Uuid,
    title_th: String,
    title_en: Option<String>,
    description_th: Option<String>,
    description_en: Option<String>,
    status: String,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct DeliverableRow {
    commitment_id: Uuid,
    title_th: String,
    title_en: Option<String>,
    due_on: Option<NaiveDate>,
    status: String,
    delivered_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ProgressRow {
    commitment_id: Uuid,
    reported_on: NaiveDate,
    percent: i64,
    narrative_th: Option<String>,
    narrative_en: Option<String>,
}

pub(super) fn fields(i: &CommitmentInput) -> Vec<Arg> {
    vec![
        i.agreement_id.0.into(),
        i.organization_id.0.into(),
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        i.description_th.clone().into(),
        i.description_en.clone().into(),
        i.status.code().into(),
    ]
}

async fn check(tx: &mut impl Tx, input: &CommitmentInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    let agreement = input.agreement_id.0;
    refs.row(tx, "/agreement_id", "SELECT COUNT(*) FROM agreements WHERE id = $1", Some(agreement), "ไม่พบบันทึกความร่วมมือนี้", "No agreement")
        .await?;
    let party: Option<(i64,)> = tx
        .fetch_optional(
            Sql::new("SELECT COUNT(*) FROM agreement_parties WHERE agreement_id = $1 AND organization_id = $2")
                .bind(agreement)
                .bind(input.organization_id.0),
        )
        .await
        .context("checking a party")?;
    if party.is_none_or(|(n,)| n == 0) {
        refs.add(
            "/organization_id",
            "not_a_party",
            "องค์กรนี้ไม่ได้เป็นภาคีของบันทึกความร่วมมือนี้",
            "This organisation is not a party to the agreement",
        );
    }
    refs.finish()
}

async fn write_children(tx: &mut impl Tx, id: Uuid, input: &CommitmentInput) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM commitment_deliverables WHERE commitment_id = $1").bind(id))
        .await
        .context("replacing deliverables")?;
    tx.execute(Sql::new("DELETE FROM commitment_progress WHERE commitment_id = $1").bind(id)).await.context("replacing progress")?;
    for (position, d) in input.deliverables.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO commitment_deliverables (commitment_id, position, title_th, title_en, due_on, status, delivered_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(d.title_th.clone())
            .bind(d.title_en.clone())
            .bind(d.due_on)
            .bind(d.status.code())
            .bind(d.delivered_on),
        )
        .await
        .context("inserting a deliverable")?;
    }
    for (position, p) in input.progress.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO commitment_progress (commitment_id, position, reported_on, percent, narrative_th, narrative_en) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(p.reported_on)
            .bind(i64::from(p.percent))
            .bind(p.narrative_th.clone())
            .bind(p.narrative_en.clone()),
        )
        .await
        .context("inserting a progress update")?;
    }
    Ok(())
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Commitment>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let deliverable_rows: Vec<DeliverableRow> = checks::fetch_for_ids(
        tx,
        "SELECT commitment_id, title_th, title_en, due_on, status, delivered_on FROM commitment_deliverables WHERE commitment_id",
        "ORDER BY commitment_id, position",
        &ids,
    )
    .await?;
    let progress_rows: Vec<ProgressRow> = checks::fetch_for_ids(
        tx,
        "SELECT commitment_id, reported_on, percent, narrative_th, narrative_en FROM commitment_progress WHERE commitment_id",
        "ORDER BY commitment_id, position",
        &ids,
    )
    .await?;
    let mut deliverables: HashMap<Uuid, Vec<Deliverable>> = HashMap::new();
    for d in deliverable_rows {
        deliverables.entry(d.commitment_id).or_default().push(Deliverable {
            title_th: d.title_th,
            title_en: d.title_en,
            due_on: d.due_on,
            status: code("commitment_deliverables", &d.status)?,
            delivered_on: d.delivered_on,
        });
    }
    let mut progress: HashMap<Uuid, Vec<ProgressUpdate>> = HashMap::new();
    for p in progress_rows {
        progress.entry(p.commitment_id).or_default().push(ProgressUpdate {
            reported_on: p.reported_on,
            percent: p.percent.clamp(0, 100) as u8,
            narrative_th: p.narrative_th,
            narrative_en: p.narrative_en,
        });
    }
    rows.into_iter()
        .map(|r| {
            Ok(Commitment {
                id: CommitmentId(r.id),
                input: CommitmentInput {
                    agreement_id: AgreementId(r.agreement_id),
                    organization_id: OrganizationId(r.organization_id),
                    title_th: r.title_th,
                    title_en: r.title_en,
                    description_th: r.description_th,
                    description_en: r.description_en,
                    status: code(TABLE, &r.status)?,
                    deliverables: deliverables.remove(&r.id).unwrap_or_default(),
                    progress: progress.remove(&r.id).unwrap_or_default(),
                },
                meta: RecordMeta { version: r.version, created_at: r.created_at, updated_at: r.updated_at },
            })
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, c: &Commitment) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO commitments (id, agreement_id, organization_id, title_th, title_en, description_th, description_en, status, \
         version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(c.id.0);
    sql.args.extend(fields(&c.input));
    tx.execute(sql.bind(c.meta.version).bind(c.meta.created_at).bind(c.meta.updated_at)).await.context("inserting a commitment")?;
    write_children(tx, c.id.0, &c.input).await?;
    super::search::index(tx, &super::search::Document::commitment(c)).await
}

pub async fn create(tx: &mut impl Tx, input: CommitmentInput) -> StoreResult<Commitment> {
    check(tx, &input).await?;
    let c = Commitment { id: CommitmentId::new(), input, meta: checks::first_version() };
    insert(tx, &c).await?;
    Ok(c)
}

pub async fn update(tx: &mut impl Tx, id: CommitmentId, pre: Precondition, input: CommitmentInput) -> StoreResult<Commitment> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE commitments SET agreement_id = $1, organization_id = $2, title_th = $3, title_en = $4, description_th = $5, \
         description_en = $6, status = $7 WHERE id = $8",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating a commitment")?;
    write_children(tx, id.0, &input).await?;
    let record = Commitment { id, input, meta };
    super::search::index(tx, &super::search::Document::commitment(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: CommitmentId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    tx.execute(Sql::new("DELETE FROM commitment_deliverables WHERE commitment_id = $1").bind(id.0))
        .await
        .context("deleting deliverables")?;
    tx.execute(Sql::new("DELETE FROM commitment_progress WHERE commitment_id = $1").bind(id.0)).await.context("deleting progress")?;
    checks::delete_alignments_of(tx, "commitment", id.0).await?;
    super::search::remove(tx, "commitment", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, id: CommitmentId) -> StoreResult<Commitment> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM commitments c WHERE c.id = $1")).bind(id.0))
        .await
        .context("reading a commitment")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    Ok(assemble(tx, vec![row]).await?.remove(0))
}

pub async fn list(tx: &mut impl Tx, f: &CommitmentFilter, page: &Page) -> StoreResult<Listing<Commitment>> {
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "commitments c");
    q.eq("c.agreement_id", f.agreement.map(|a| a.0));
    q.eq("c.organization_id", f.organization.map(|o| o.0));
    q.eq("c.status", f.status.map(|s| s.code()));
    q.aligned_to("commitment", "c.id", item.as_ref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting commitments")?.unwrap_or((0,));
    let sortable = [("title_th", "c.title_th"), ("created_at", "c.created_at"), ("updated_at", "c.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "c.created_at", "c.id")?).await.context("listing commitments")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Commitment>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM commitments c ORDER BY c.id"))).await.context("exporting commitments")?;
    assemble(tx, rows).await
}
