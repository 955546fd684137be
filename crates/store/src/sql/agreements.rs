//! SQL for agreements, their parties and documents.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use phakhi_domain::agreement::{Agreement, AgreementDocument, AgreementInput, AgreementParty};
use phakhi_domain::{AgreementId, NetworkId, OrganizationId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::query::resolve_item;
use super::{Arg, Select, Sql, Tx};
use crate::error::Context;
use crate::{AgreementFilter, CommitmentFilter, Listing, Page, Precondition, StoreError, StoreResult};

const TABLE: &str = "agreements";
const ENTITY: &str = "agreement";
const COLUMNS: &str = "a.id, a.title_th, a.title_en, a.themes, a.signed_on, a.place_th, a.place_en, a.area_code, \
                       a.term_start, a.term_end, a.declared_signatories, a.status, a.network_id, a.notes_th, a.notes_en, \
                       a.version, a.created_at, a.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    title_th: String,
    title_en: Option<String>,
    themes: sqlx::types::Json<Vec<String>>,
    signed_on: Option<NaiveDate>,
    place_th: Option<String>,
    place_en: Option<String>,
    area_code: Option<String>,
    term_start: Option<NaiveDate>,
    term_end: Option<NaiveDate>,
    declared_signatories: Option<i64>,
    status: String,
    network_id: Option<Uuid>,
    notes_th: Option<String>,
    notes_en: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PartyRow {
    agreement_id: Uuid,
    organization_id: Uuid,
    role: String,
    signed_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    agreement_id: Uuid,
    title: String,
    file_name: String,
    media_type: Option<String>,
    size_bytes: Option<i64>,
    sha256: Option<String>,
    url: Option<String>,
}

impl Row {
    fn into_domain(self, parties: Vec<AgreementParty>, documents: Vec<AgreementDocument>) -> StoreResult<Agreement> {
        let input = AgreementInput {
            title_th: self.title_th,
            title_en: self.title_en,
            themes: self.themes.0,
            signed_on: self.signed_on,
            place_th: self.place_th,
            place_en: self.place_en,
            area_code: self.area_code,
            term_start: self.term_start,
            term_end: self.term_end,
            declared_signatories: self.declared_signatories.map(|n| n as u32),
            status: code(TABLE, &self.status)?,
            network_id: self.network_id.map(NetworkId),
            notes_th: self.notes_th,
            notes_en: self.notes_en,
            parties,
            documents,
        };
        Ok(Agreement {
            id: AgreementId(self.id),
            registered_signatories: input.registered_signatories(),
            input,
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
            commitments: None,
        })
    }
}

pub(super) fn fields(i: &AgreementInput) -> Vec<Arg> {
    vec![
        i.title_th.clone().into(),
        i.title_en.clone().into(),
        serde_json::json!(i.themes).into(),
        i.signed_on.into(),
        i.place_th.clone().into(),
        i.place_en.clone().into(),
        i.area_code.clone().into(),
        i.term_start.into(),
        i.term_end.into(),
        i.declared_signatories.into(),
        i.status.code().into(),
        i.network_id.map(|n| n.0).into(),
        i.notes_th.clone().into(),
        i.notes_en.clone().into(),
    ]
}

async fn check(tx: &mut impl Tx, input: &AgreementInput) -> StoreResult<()> {
    let mut refs = References::validated(input);
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    refs.row(tx, "/network_id", "SELECT COUNT(*) FROM networks WHERE id = $1", input.network_id.map(|n| n.0), "ไม่พบเครือข่ายนี้", "No network")
        .await?;
    let parties: Vec<Uuid> = input.parties.iter().map(|p| p.organization_id.0).collect();
    refs.organizations(tx, "/parties", &parties).await?;
    refs.finish()
}

/// Rewrites the parties and documents. Parties that made commitments must stay parties.
async fn write_children(tx: &mut impl Tx, id: Uuid, input: &AgreementInput) -> StoreResult<()> {
    let committed: Vec<(Uuid,)> = tx
        .fetch_all(Sql::new("SELECT DISTINCT organization_id FROM commitments WHERE agreement_id = $1").bind(id))
        .await
        .context("reading commitments")?;
    let mut refs = References::new();
    for (org,) in committed {
        if !input.parties.iter().any(|p| p.organization_id.0 == org) {
            refs.add(
                "/parties",
                "party_has_commitments",
                "ไม่สามารถนำภาคีที่มีพันธะสัญญาอยู่ออกได้ ให้ลบพันธะสัญญาก่อน",
                "A party with commitments cannot be removed; delete its commitments first",
            );
        }
    }
    refs.finish()?;
    tx.execute(Sql::new("DELETE FROM agreement_parties WHERE agreement_id = $1").bind(id)).await.context("replacing parties")?;
    tx.execute(Sql::new("DELETE FROM agreement_documents WHERE agreement_id = $1").bind(id)).await.context("replacing documents")?;
    for (position, p) in input.parties.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO agreement_parties (agreement_id, organization_id, role, signed_by, position) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(p.organization_id.0)
            .bind(p.role.code())
            .bind(p.signed_by.clone())
            .bind(position as i64),
        )
        .await
        .context("inserting a party")?;
    }
    for (position, d) in input.documents.iter().enumerate() {
        tx.execute(
            Sql::new(
                "INSERT INTO agreement_documents (agreement_id, position, title, file_name, media_type, size_bytes, sha256, url) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(d.title.clone())
            .bind(d.file_name.clone())
            .bind(d.media_type.clone())
            .bind(d.size_bytes.map(|s| s.min(i64::MAX as u64) as i64))
            .bind(d.sha256.clone())
            .bind(d.url.clone()),
        )
        .await
        .context("inserting a document")?;
    }
    Ok(())
}

async fn assemble(tx: &mut impl Tx, rows: Vec<Row>) -> StoreResult<Vec<Agreement>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let party_rows: Vec<PartyRow> = checks::fetch_for_ids(
        tx,
        "SELECT agreement_id, organization_id, role, signed_by FROM agreement_parties WHERE agreement_id",
        "ORDER BY agreement_id, position",
        &ids,
    )
    .await?;
    let document_rows: Vec<DocumentRow> = checks::fetch_for_ids(
        tx,
        "SELECT agreement_id, title, file_name, media_type, size_bytes, sha256, url FROM agreement_documents WHERE agreement_id",
        "ORDER BY agreement_id, position",
        &ids,
    )
    .await?;
    let mut parties: HashMap<Uuid, Vec<AgreementParty>> = HashMap::new();
    for p in party_rows {
        parties.entry(p.agreement_id).or_default().push(AgreementParty {
            organization_id: OrganizationId(p.organization_id),
            role: code("agreement_parties", &p.role)?,
            signed_by: p.signed_by,
        });
    }
    let mut documents: HashMap<Uuid, Vec<AgreementDocument>> = HashMap::new();
    for d in document_rows {
        documents.entry(d.agreement_id).or_default().push(AgreementDocument {
            title: d.title,
            file_name: d.file_name,
            media_type: d.media_type,
            size_bytes: d.size_bytes.map(|s| s as u64),
            sha256: d.sha256,
            url: d.url,
        });
    }
    rows.into_iter()
        .map(|r| {
            let (p, d) = (parties.remove(&r.id).unwrap_or_default(), documents.remove(&r.id).unwrap_or_default());
            r.into_domain(p, d)
        })
        .collect()
}

pub async fn insert(tx: &mut impl Tx, a: &Agreement) -> StoreResult<()> {
    let mut sql = Sql::new(
        "INSERT INTO agreements (id, title_th, title_en, themes, signed_on, place_th, place_en, area_code, term_start, term_end, \
         declared_signatories, status, network_id, notes_th, notes_en, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(a.id.0);
    sql.args.extend(fields(&a.input));
    tx.execute(sql.bind(a.meta.version).bind(a.meta.created_at).bind(a.meta.updated_at)).await.context("inserting an agreement")?;
    write_children(tx, a.id.0, &a.input).await?;
    super::search::index(tx, &super::search::Document::agreement(a)).await
}

pub async fn create(tx: &mut impl Tx, input: AgreementInput) -> StoreResult<Agreement> {
    check(tx, &input).await?;
    let a = Agreement {
        id: AgreementId::new(),
        registered_signatories: input.registered_signatories(),
        input,
        meta: checks::first_version(),
        commitments: Some(Vec::new()),
    };
    insert(tx, &a).await?;
    Ok(a)
}

pub async fn update(tx: &mut impl Tx, id: AgreementId, pre: Precondition, input: AgreementInput) -> StoreResult<Agreement> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    check(tx, &input).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let mut sql = Sql::new(
        "UPDATE agreements SET title_th = $1, title_en = $2, themes = $3, signed_on = $4, place_th = $5, place_en = $6, \
         area_code = $7, term_start = $8, term_end = $9, declared_signatories = $10, status = $11, network_id = $12, \
         notes_th = $13, notes_en = $14 WHERE id = $15",
    );
    sql.args.extend(fields(&input));
    tx.execute(sql.bind(id.0)).await.context("updating an agreement")?;
    write_children(tx, id.0, &input).await?;
    let commitments = super::commitments::list(tx, &CommitmentFilter { agreement: Some(id), ..Default::default() }, &Page::all()).await?;
    let record =
        Agreement { id, registered_signatories: input.registered_signatories(), input, meta, commitments: Some(commitments.items) };
    super::search::index(tx, &super::search::Document::agreement(&record)).await?;
    Ok(record)
}

pub async fn delete(tx: &mut impl Tx, id: AgreementId, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, id.0, pre).await?;
    let (n,): (i64,) = tx
        .fetch_optional(Sql::new("SELECT COUNT(*) FROM commitments WHERE agreement_id = $1").bind(id.0))
        .await
        .context("counting commitments")?
        .unwrap_or((0,));
    if n > 0 {
        return Err(StoreError::conflict(
            format!("บันทึกความร่วมมือนี้มีพันธะสัญญา {n} รายการ ให้ลบพันธะสัญญาก่อน"),
            format!("This agreement has {n} commitments; delete them first"),
        ));
    }
    tx.execute(Sql::new("DELETE FROM agreement_parties WHERE agreement_id = $1").bind(id.0)).await.context("deleting parties")?;
    tx.execute(Sql::new("DELETE FROM agreement_documents WHERE agreement_id = $1").bind(id.0)).await.context("deleting documents")?;
    checks::delete_alignments_of(tx, "agreement", id.0).await?;
    super::search::remove(tx, "agreement", id.0).await?;
    checks::delete_row(tx, TABLE, ENTITY, id.0, Precondition::Any).await
}

pub async fn get(tx: &mut impl Tx, id: AgreementId) -> StoreResult<Agreement> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM agreements a WHERE a.id = $1")).bind(id.0))
        .await
        .context("reading an agreement")?;
    let row = row.ok_or_else(|| StoreError::not_found(ENTITY, id))?;
    let mut a = assemble(tx, vec![row]).await?.remove(0);
    let commitments = super::commitments::list(tx, &CommitmentFilter { agreement: Some(id), ..Default::default() }, &Page::all()).await?;
    a.commitments = Some(commitments.items);
    Ok(a)
}

pub async fn list(tx: &mut impl Tx, f: &AgreementFilter, page: &Page) -> StoreResult<Listing<Agreement>> {
    let item = resolve_item(tx, f.aligned_to.as_ref(), "aligned_to").await?;
    let mut q = Select::new(COLUMNS, "agreements a");
    q.area("a.area_code", f.area.as_deref())?;
    q.eq("a.status", f.status.map(|s| s.code()));
    q.eq("a.network_id", f.network.map(|n| n.0));
    if let Some(org) = f.organization {
        let p = q.arg(org.0);
        q.and(format!("EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.agreement_id = a.id AND ap.organization_id = {p})"));
    }
    if let Some(fy) = f.fiscal_year {
        let (from, to) = (q.arg(fy.first_day()), q.arg(fy.last_day()));
        q.and(format!("a.signed_on BETWEEN {from} AND {to}"));
    }
    q.aligned_to("agreement", "a.id", item.as_ref());
    q.text(&["a.title_th", "a.title_en", "a.place_th", "a.place_en"], f.q.as_deref());
    let (count,): (i64,) = tx.fetch_optional(q.count()).await.context("counting agreements")?.unwrap_or((0,));
    let sortable =
        [("signed_on", "a.signed_on"), ("title_th", "a.title_th"), ("created_at", "a.created_at"), ("updated_at", "a.updated_at")];
    let rows: Vec<Row> = tx.fetch_all(q.page(page, &sortable, "a.signed_on DESC", "a.id")?).await.context("listing agreements")?;
    Ok(Listing { items: assemble(tx, rows).await?, total: count as u64 })
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<Agreement>> {
    let rows: Vec<Row> =
        tx.fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM agreements a ORDER BY a.id"))).await.context("exporting agreements")?;
    assemble(tx, rows).await
}
