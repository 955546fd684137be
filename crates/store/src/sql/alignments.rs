//! SQL for alignments between records and framework items.

use chrono::{DateTime, Utc};
use phakhi_domain::alignment::{Alignment, AlignmentInput, SubjectKind};
use phakhi_domain::{AlignmentId, FrameworkItemId, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::figures::{self, Subjects};
use super::query::resolve_item;
use super::{Select, Sql, Tx};
use crate::error::Context;
use crate::{AlignmentFilter, Listing, Page, StoreError, StoreResult};

const ENTITY: &str = "alignment";
const COLUMNS: &str = "al.id, al.subject_kind, al.subject_id, al.item_id, al.note, al.created_at, f.code AS framework_code, \
                       i.code AS item_code";
const FROM: &str = "alignments al JOIN framework_items i ON i.id = al.item_id JOIN frameworks f ON f.id = i.framework_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    subject_kind: String,
    subject_id: Uuid,
    item_id: Uuid,
    note: Option<String>,
    created_at: DateTime<Utc>,
    framework_code: String,
    item_code: String,
}

impl Row {
    fn into_domain(self) -> StoreResult<Alignment> {
        Ok(Alignment {
            id: AlignmentId(self.id),
            input: AlignmentInput {
                subject_kind: code("alignments", &self.subject_kind)?,
                subject_id: self.subject_id,
                item_id: FrameworkItemId(self.item_id),
                note: self.note,
            },
            framework_code: self.framework_code,
            item_code: self.item_code,
            created_at: self.created_at,
        })
    }
}

/// The table holding records of this kind.
fn subject_table(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Agreement => "SELECT COUNT(*) FROM agreements WHERE id = $1",
        SubjectKind::Commitment => "SELECT COUNT(*) FROM commitments WHERE id = $1",
        SubjectKind::Programme => "SELECT COUNT(*) FROM programmes WHERE id = $1",
        SubjectKind::Activity => "SELECT COUNT(*) FROM activities WHERE id = $1",
    }
}

pub async fn insert(tx: &mut impl Tx, a: &Alignment) -> StoreResult<()> {
    tx.execute(
        Sql::new("INSERT INTO alignments (id, subject_kind, subject_id, item_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(a.id.0)
            .bind(a.input.subject_kind.code())
            .bind(a.input.subject_id)
            .bind(a.input.item_id.0)
            .bind(a.input.note.clone())
            .bind(a.created_at),
    )
    .await
    .context("inserting an alignment")?;
    Ok(())
}

pub async fn create(tx: &mut impl Tx, input: AlignmentInput) -> StoreResult<Alignment> {
    let mut refs = References::validated(&input);
    let kind = input.subject_kind;
    refs.row(tx, "/subject_id", subject_table(kind), Some(input.subject_id), "ไม่พบรายการที่ต้องการเชื่อมโยง", kind.label_en()).await?;
    refs.row(
        tx,
        "/item_id",
        "SELECT COUNT(*) FROM framework_items WHERE id = $1",
        Some(input.item_id.0),
        "ไม่พบรายการในกรอบการพัฒนานี้",
        "No framework item",
    )
    .await?;
    refs.finish()?;
    let duplicate: Option<(Uuid,)> = tx
        .fetch_optional(
            Sql::new("SELECT id FROM alignments WHERE subject_kind = $1 AND subject_id = $2 AND item_id = $3")
                .bind(kind.code())
                .bind(input.subject_id)
                .bind(input.item_id.0),
        )
        .await
        .context("checking for a duplicate alignment")?;
    if duplicate.is_some() {
        return Err(StoreError::conflict("รายการนี้เชื่อมโยงกับเป้าหมายนี้อยู่แล้ว", "This record is already aligned to this item"));
    }
    let id = AlignmentId::new();
    // An activity or programme aligned to one more SDG goal counts in that goal's figures.
    let change = figures::Change::begin(tx, Subjects::aligned(kind, input.subject_id)).await?;
    let a = Alignment { id, input, framework_code: String::new(), item_code: String::new(), created_at: checks::now() };
    insert(tx, &a).await?;
    change.finish(tx).await?;
    get(tx, id).await
}

pub async fn get(tx: &mut impl Tx, id: AlignmentId) -> StoreResult<Alignment> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM {FROM} WHERE al.id = $1")).bind(id.0))
        .await
        .context("reading an alignment")?;
    row.ok_or_else(|| StoreError::not_found(ENTITY, id))?.into_domain()
}

pub async fn delete(tx: &mut impl Tx, id: AlignmentId) -> StoreResult<()> {
    let subject: Option<(String, Uuid)> = tx
        .fetch_optional(Sql::new("SELECT subject_kind, subject_id FROM alignments WHERE id = $1").bind(id.0))
        .await
        .context("reading an alignment")?;
    let (kind, subject) = subject.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    let change = figures::Change::begin(tx, Subjects::aligned(code("alignments", &kind)?, subject)).await?;
    tx.execute(Sql::new("DELETE FROM alignments WHERE id = $1").bind(id.0)).await.context("deleting an alignment")?;
    change.finish(tx).await
}

pub async fn list(tx: &mut impl Tx, f: &AlignmentFilter, page: &Page) -> StoreResult<Listing<Alignment>> {
    let item = resolve_item(tx, f.item.as_ref(), "item").await?;
    let mut q = Select::new(COLUMNS, FROM);
    q.eq("al.subject_kind", f.subject_kind.map(|k| k.code()));
    q.eq("al.subject_id", f.subject_id);
    q.eq("f.code", f.framework.as_deref());
    if let Some(item) = item {
        let p = q.arg(item.0);
        q.and(format!(
            "al.item_id IN (WITH RECURSIVE sub(id) AS (SELECT {p} UNION ALL SELECT fi.id FROM framework_items fi JOIN sub ON fi.parent_id = sub.id) SELECT id FROM sub)"
        ));
    }
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting alignments")?.unwrap_or((0,));
    let sortable = [("created_at", "al.created_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "f.code, i.position", "al.id")?).await.context("listing alignments")?;
    Ok(Listing { items: rows.into_iter().map(Row::into_domain).collect::<StoreResult<_>>()?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Alignment>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM {FROM} ORDER BY al.id"))).await.context("exporting alignments")?;
    rows.into_iter().map(Row::into_domain).collect()
}
