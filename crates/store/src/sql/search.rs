//! The search index: one document per searchable record, written in the same transaction as the
//! record, so a record is found the moment its write commits and the index never drifts.
//!
//! Terms come from `phakhi_search` (the same pipeline for documents and queries). The statements that
//! touch the full-text index are the only dialect-specific SQL in phakhi: FTS5 on SQLite, a `tsvector`
//! on PostgreSQL.

use std::time::{Duration, Instant};

use phakhi_domain::Vocabulary;
use phakhi_domain::activity::Activity;
use phakhi_domain::agreement::Agreement;
use phakhi_domain::commitment::Commitment;
use phakhi_domain::framework::{FrameworkItem, FrameworkItemInput};
use phakhi_domain::indicator::Indicator;
use phakhi_domain::network::Network;
use phakhi_domain::organization::Organization;
use phakhi_domain::organization::Sector;
use phakhi_domain::plan::Plan;
use phakhi_domain::programme::Programme;
use phakhi_search::{FUZZY_MIN_LEN, Query, is_latin_term, terms, within_one_edit};
use uuid::Uuid;

use super::bulk::statement;
use super::{Dialect, Sql, Tx};

mod beside;
mod copy;

/// The table searches read.
const DOCUMENTS: &str = "search_documents";
use crate::error::Context;
use crate::{CANDIDATES, Facets, KINDS, Page, SearchHit, SearchRequest, SearchResults, StoreError, StoreResult};

/// What the index keeps of one record.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: &'static str,
    pub id: Uuid,
    pub title_th: String,
    pub title_en: Option<String>,
    /// Everything else worth finding, as plain text (also the source of snippets).
    pub body: String,
    pub sector: Option<String>,
    pub province: Option<String>,
    /// Relevance multiplier: records above reference items, broader framework items above narrower ones.
    pub boost: f64,
}

/// The network's own records outrank reference text (SDG and learning-city wording) that matches as
/// well: people search for what partners did; the frameworks have their own explorer.
const RECORD_BOOST: f64 = 1.5;

/// Plans and indicators say what a network means to do, in the same words as the records of what it
/// does: on equal terms the network, its partners and their work come first (measured on the query
/// set: at the records' boost they pushed the expected network or partner down for a third of the
/// queries they also matched).
const PLAN_BOOST: f64 = 1.3;

fn province(area: Option<&str>) -> Option<String> {
    area.and_then(|a| a.get(..2)).map(str::to_owned)
}

fn join(parts: &[Option<&str>]) -> String {
    parts.iter().flatten().copied().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
}

impl Document {
    pub fn organization(o: &Organization) -> Self {
        let i = &o.input;
        Self {
            kind: "organization",
            id: o.id.0,
            title_th: i.name_th.clone(),
            title_en: i.name_en.clone(),
            body: join(&[i.abbreviation.as_deref(), i.description_th.as_deref(), i.description_en.as_deref()]),
            sector: Some(i.sector.code().to_owned()),
            province: province(i.area_code.as_deref()),
            boost: RECORD_BOOST,
        }
    }

    pub fn network(n: &Network) -> Self {
        let i = &n.input;
        Self {
            kind: "network",
            id: n.id.0,
            title_th: i.name_th.clone(),
            title_en: i.name_en.clone(),
            body: join(&[i.instrument.as_deref(), i.description_th.as_deref(), i.description_en.as_deref()]),
            sector: None,
            province: province(i.area_code.as_deref()),
            boost: RECORD_BOOST,
        }
    }

    pub fn agreement(a: &Agreement) -> Self {
        let i = &a.input;
        let themes = i.themes.join(" ");
        Self {
            kind: "agreement",
            id: a.id.0,
            title_th: i.title_th.clone(),
            title_en: i.title_en.clone(),
            body: join(&[Some(&themes), i.place_th.as_deref(), i.place_en.as_deref(), i.notes_th.as_deref(), i.notes_en.as_deref()]),
            sector: None,
            province: province(i.area_code.as_deref()),
            boost: RECORD_BOOST,
        }
    }

    pub fn commitment(c: &Commitment) -> Self {
        let i = &c.input;
        Self {
            kind: "commitment",
            id: c.id.0,
            title_th: i.title_th.clone(),
            title_en: i.title_en.clone(),
            body: join(&[i.description_th.as_deref(), i.description_en.as_deref()]),
            sector: None,
            province: None,
            boost: RECORD_BOOST,
        }
    }

    pub fn programme(p: &Programme) -> Self {
        let i = &p.input;
        let year = i.fiscal_year.label_th();
        Self {
            kind: "programme",
            id: p.id.0,
            title_th: i.title_th.clone(),
            title_en: i.title_en.clone(),
            body: join(&[Some(&year), i.description_th.as_deref(), i.description_en.as_deref(), i.budget_source.as_deref()]),
            sector: None,
            province: province(i.area_code.as_deref()),
            boost: RECORD_BOOST,
        }
    }

    pub fn activity(a: &Activity) -> Self {
        let i = &a.input;
        Self {
            kind: "activity",
            id: a.id.0,
            title_th: i.title_th.clone(),
            title_en: i.title_en.clone(),
            body: join(&[
                Some(i.kind.label_th()),
                Some(i.kind.label_en()),
                i.venue_th.as_deref(),
                i.venue_en.as_deref(),
                i.description_th.as_deref(),
                i.description_en.as_deref(),
            ]),
            sector: None,
            province: province(i.area_code.as_deref()),
            boost: RECORD_BOOST,
        }
    }

    /// What a search can be filtered by.
    fn facet(&self) -> Facet<'_> {
        Facet { kind: Some(self.kind), province: self.province.as_deref(), sector: self.sector.as_deref() }
    }

    /// A plan, found by its code, title and description, placed in its area's province.
    pub fn plan(p: &Plan) -> Self {
        let i = &p.input;
        let years = format!("{}–{}", i.start_year.be(), i.end_year.be());
        Self {
            kind: "plan",
            id: p.id.0,
            title_th: i.title_th.clone(),
            title_en: i.title_en.clone(),
            // The words for what it is, as an activity's kind is: "แผน…" and "… plan" find plans.
            body: join(&[Some("แผน plan"), Some(&i.code), Some(&years), i.description_th.as_deref(), i.description_en.as_deref()]),
            sector: None,
            province: province(i.area_code.as_deref()),
            boost: PLAN_BOOST,
        }
    }

    /// An indicator, found by its code, name, definition and unit, placed where its plan is
    /// (`plan_area`: the plan's area code).
    pub fn indicator(indicator: &Indicator, plan_area: Option<&str>) -> Self {
        let i = &indicator.input;
        Self {
            kind: "indicator",
            id: indicator.id.0,
            title_th: i.name_th.clone(),
            title_en: i.name_en.clone(),
            body: join(&[
                Some("ตัวชี้วัด indicator"),
                Some(&i.code),
                i.definition_th.as_deref(),
                i.definition_en.as_deref(),
                Some(&i.unit_th),
                i.unit_en.as_deref(),
            ]),
            sector: None,
            province: province(plan_area),
            boost: PLAN_BOOST,
        }
    }

    pub fn framework_item(item: &FrameworkItem) -> Self {
        Self::item(&item.framework_code, item.id.0, &item.input)
    }

    /// A framework item from its parts (reference data is installed without stored records).
    pub fn item(framework_code: &str, id: Uuid, i: &FrameworkItemInput) -> Self {
        let code = format!("{} {}", framework_code.to_uppercase(), i.code);
        Self {
            kind: "framework_item",
            id,
            title_th: i.title_th.clone().or_else(|| i.title_en.clone()).unwrap_or_default(),
            title_en: i.title_en.clone(),
            body: code,
            sector: None,
            province: None,
            boost: match i.level.as_str() {
                "goal" | "group" => 1.3,
                "target" | "area" => 1.15,
                _ => 1.0,
            },
        }
    }
}

/// A document with its terms computed (the CPU-heavy part, done before touching the database).
#[derive(Debug)]
struct Prepared {
    doc: Document,
    title_terms: Vec<String>,
    body_terms: Vec<String>,
}

fn prepare(doc: Document) -> Prepared {
    let title_terms = terms(&format!("{} {}", doc.title_th, doc.title_en.as_deref().unwrap_or_default()));
    let body_terms = terms(&doc.body);
    Prepared { doc, title_terms, body_terms }
}

/// Documents ready to be written: their terms and, for a PostgreSQL `COPY`, the binary streams
/// carrying them.
#[derive(Debug, Default)]
struct Batch {
    prepared: Vec<Prepared>,
    /// Empty unless the batch is written with `COPY` (PostgreSQL, `COPY_FROM` documents or more).
    copies: Vec<Vec<u8>>,
}

impl Batch {
    /// One document, written alone.
    fn single(doc: Document) -> Self {
        Self { prepared: vec![prepare(doc)], copies: Vec::new() }
    }
}

/// Documents per binary `COPY` stream: a stream is held whole in memory (about 2 kB a document).
const COPY_PART: usize = 10_000;

/// Prepares many documents on every core: segmentation dominates indexing time. For PostgreSQL each
/// core also encodes its share as `COPY` streams, so that the connection only sends them and the
/// server never waits for the encoding (it took 10–20 s of a national rebuild on the one thread that
/// writes, measured).
fn prepare_all(docs: Vec<Document>, dialect: Dialect) -> Batch {
    let encode = dialect == Dialect::Postgres && docs.len() >= COPY_FROM;
    let workers = std::thread::available_parallelism().map_or(1, usize::from).max(1);
    let chunk = docs.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<Document>> = Vec::new();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        chunks.push(docs.by_ref().take(chunk).collect());
    }
    let prepare_chunk = move |chunk: Vec<Document>| {
        let prepared: Vec<Prepared> = chunk.into_iter().map(prepare).collect();
        let copies = if encode { prepared.chunks(COPY_PART).map(copy_rows).collect() } else { Vec::new() };
        Batch { prepared, copies }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks.into_iter().map(|c| scope.spawn(move || prepare_chunk(c))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).fold(
            Batch::default(),
            |mut all, part| {
                all.prepared.extend(part.prepared);
                all.copies.extend(part.copies);
                all
            },
        )
    })
}

/// Documents per multi-row INSERT on SQLite: 1,000 rows × 9 values stays far below its limit.
const WRITE_BATCH: usize = 1_000;

/// Writes prepared documents (which must not be in the index yet).
async fn write(tx: &mut impl Tx, batch: Batch) -> StoreResult<()> {
    write_into(tx, DOCUMENTS, batch).await
}

/// Writes prepared documents into `table`: the index, or on PostgreSQL the table a rebuild loads.
async fn write_into(tx: &mut impl Tx, table: &str, batch: Batch) -> StoreResult<()> {
    // A bulk load's batch of plans alone has no documents of its own (plans index themselves).
    if batch.prepared.is_empty() {
        return Ok(());
    }
    match tx.dialect() {
        Dialect::Sqlite => insert_sqlite(tx, &batch.prepared).await?,
        Dialect::Postgres if batch.copies.is_empty() => insert_postgres(tx, table, &batch.prepared).await?,
        Dialect::Postgres => copy_postgres(tx, table, batch.copies).await?,
    }
    remember_latin_terms(tx, &latin_terms(&batch.prepared)).await
}

/// The columns a document is written with, in order (PostgreSQL adds its two tsvectors).
const COLUMNS: &str = "kind, id, title_th, title_en, body, sector, province, boost";

/// Binds a document's values for `COLUMNS`, in their order.
fn bind_columns(sql: Sql, d: &Document) -> Sql {
    sql.bind(d.kind)
        .bind(d.id)
        .bind(d.title_th.as_str())
        .bind(d.title_en.clone())
        .bind(d.body.as_str())
        .bind(d.sector.clone())
        .bind(d.province.clone())
        .bind(d.boost)
}

/// SQLite: the documents and their FTS5 rows in multi-row statements, each FTS row numbered as its
/// document (one writer at a time, so the numbers are taken here).
async fn insert_sqlite(tx: &mut impl Tx, prepared: &[Prepared]) -> StoreResult<()> {
    let dialect = tx.dialect();
    for batch in prepared.chunks(WRITE_BATCH) {
        let (max,): (i64,) = tx
            .fetch_optional(Sql::new("SELECT COALESCE(MAX(doc_id), 0) FROM search_documents"))
            .await
            .context("numbering documents")?
            .unwrap_or((0,));
        let first = DocNumber::sequence(max) + 1;
        let number = |i: usize, d: &Document| DocNumber::of(first + i as i64, &d.facet());
        let mut sql = Sql::new(statement(dialect, &format!("INSERT INTO {DOCUMENTS} ({COLUMNS}, doc_id) VALUES "), 9, batch.len()));
        for (i, p) in batch.iter().enumerate() {
            let d = &p.doc;
            sql = bind_columns(sql, d).bind(number(i, d));
        }
        tx.execute(sql).await.context("indexing documents")?;
        let mut sql = Sql::new(statement(
            dialect,
            "INSERT INTO search_fts (rowid, title, body, facets, kind, sector, province, boost) VALUES ",
            8,
            batch.len(),
        ));
        for (i, p) in batch.iter().enumerate() {
            let d = &p.doc;
            sql = sql
                .bind(number(i, d))
                .bind(p.title_terms.join(" "))
                .bind(p.body_terms.join(" "))
                .bind(d.facet().fts5_terms().join(" "))
                .bind(d.kind)
                .bind(d.sector.clone())
                .bind(d.province.clone())
                .bind(d.boost);
        }
        tx.execute(sql).await.context("indexing terms")?;
    }
    Ok(())
}

/// Documents from which PostgreSQL is written with `COPY` rather than `INSERT`. A `COPY` ends with
/// a message the server does not answer: sent in a packet of its own behind the data, sqlx's
/// connection (Nagle's algorithm left on) holds it until the server's delayed acknowledgement, up to
/// 40 ms on Linux — nothing beside a bulk write, ten times the cost of saving one record.
const COPY_FROM: usize = 64;

/// PostgreSQL: a few documents (a record saved) in one multi-row `INSERT`, their tsvectors as text.
async fn insert_postgres(tx: &mut impl Tx, table: &str, prepared: &[Prepared]) -> StoreResult<()> {
    let mut rows = Vec::with_capacity(prepared.len());
    let mut sql = Sql::new(String::new());
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    for p in prepared {
        let d = &p.doc;
        let facets = d.facet().lexemes();
        let values: Vec<String> = (0..8).map(|_| next()).collect();
        rows.push(format!("({}, CAST({} AS tsvector), CAST({} AS tsvector))", values.join(", "), next(), next()));
        sql = bind_columns(sql, d).bind(copy::tsvector_text(&p.title_terms, &p.body_terms, &facets)).bind(copy::tsvector_text(
            &p.title_terms,
            &[],
            &facets,
        ));
    }
    sql.text = format!("INSERT INTO {table} ({COLUMNS}, tsv, title_tsv) VALUES {}", rows.join(", ")).into();
    tx.execute(sql).await.context("indexing documents")?;
    Ok(())
}

/// PostgreSQL: the documents with their whole-text and title tsvectors, in binary `COPY`s, which
/// cost the server a third of what the same rows did as text (decision 35).
async fn copy_postgres(tx: &mut impl Tx, table: &str, copies: Vec<Vec<u8>>) -> StoreResult<()> {
    // A rebuild's table is created in the transaction that loads it, so its rows can be written
    // frozen and marked visible to all: the `VACUUM` after the swap then has nothing to write.
    let options = if table == beside::TABLE { "FORMAT binary, FREEZE" } else { "FORMAT binary" };
    for stream in copies {
        let statement = format!("COPY {table} ({COLUMNS}, tsv, title_tsv) FROM STDIN ({options})");
        tx.copy_in(statement, stream).await.context("indexing documents")?;
    }
    Ok(())
}

/// The documents as the rows of a binary COPY, in `COLUMNS` order, then the tsvectors.
fn copy_rows(prepared: &[Prepared]) -> Vec<u8> {
    let mut copy = copy::BinaryCopy::new(prepared.len() * 2_048);
    for p in prepared {
        let d = &p.doc;
        let facets = d.facet().lexemes();
        copy.row(10);
        copy.text(Some(d.kind));
        copy.bytes(d.id.as_bytes());
        copy.text(Some(&d.title_th));
        copy.text(d.title_en.as_deref());
        copy.text(Some(&d.body));
        copy.text(d.sector.as_deref());
        copy.text(d.province.as_deref());
        copy.float8(d.boost);
        copy.tsvector(copy::Tsvector::of(&p.title_terms, &p.body_terms, &facets));
        copy.tsvector(copy::Tsvector::of(&p.title_terms, &[], &facets));
    }
    copy.finish()
}

/// Adds or replaces a record's document.
pub async fn index(tx: &mut impl Tx, doc: &Document) -> StoreResult<()> {
    remove(tx, doc.kind, doc.id).await?;
    write(tx, Batch::single(doc.clone())).await
}

/// The distinct Latin-script terms long enough for typo tolerance.
fn latin_terms(prepared: &[Prepared]) -> Vec<String> {
    let mut latin: Vec<String> = prepared
        .iter()
        .flat_map(|p| p.title_terms.iter().chain(&p.body_terms))
        .filter(|t| t.len() >= FUZZY_MIN_LEN && is_latin_term(t))
        .cloned()
        .collect();
    latin.sort();
    latin.dedup();
    latin
}

/// Keeps the Latin-script vocabulary for typo tolerance (terms are never removed: a stale one can
/// only suggest a correction that then finds nothing).
async fn remember_latin_terms(tx: &mut impl Tx, latin: &[String]) -> StoreResult<()> {
    for batch in latin.chunks(WRITE_BATCH * 4) {
        let mut sql =
            Sql::new(statement(tx.dialect(), "INSERT INTO search_terms (term) VALUES ", 1, batch.len()) + " ON CONFLICT (term) DO NOTHING");
        for term in batch {
            sql = sql.bind(term.as_str());
        }
        tx.execute(sql).await.context("remembering terms")?;
    }
    Ok(())
}

/// Removes a record's document.
pub async fn remove(tx: &mut impl Tx, kind: &str, id: Uuid) -> StoreResult<()> {
    if tx.dialect() == Dialect::Sqlite {
        tx.execute(
            Sql::new("DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_documents WHERE kind = $1 AND id = $2)")
                .bind(kind)
                .bind(id),
        )
        .await
        .context("removing indexed terms")?;
    }
    tx.execute(Sql::new("DELETE FROM search_documents WHERE kind = $1 AND id = $2").bind(kind).bind(id))
        .await
        .context("removing an indexed document")?;
    Ok(())
}

/// A match considered for ranking.
struct Candidate {
    doc_id: i64,
    kind: String,
    sector: Option<String>,
    province: Option<String>,
    /// Relevance weighted by the document's boost; `None` until the match's terms are read.
    score: Option<f64>,
}

/// What a hit shows.
#[derive(sqlx::FromRow)]
struct HitRow {
    doc_id: i64,
    kind: String,
    id: Uuid,
    title_th: String,
    title_en: Option<String>,
    body: String,
}

/// The part of the index a search reads: the whole text, or titles only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    Everything,
    Titles,
}

/// The full-text condition for the query restricted to the request's filters, in the database's own
/// syntax: FTS5 column filters on SQLite, tsquery on PostgreSQL.
fn match_expression(dialect: Dialect, query: &Query, filters: &Facet<'_>, within: Within) -> String {
    match dialect {
        Dialect::Sqlite => {
            let columns = if within == Within::Titles { "{title}" } else { "{title body}" };
            let mut expression = format!("{columns} : ({})", query.fts5());
            for term in filters.fts5_terms() {
                expression.push_str(&format!(" AND facets : \"{term}\""));
            }
            expression
        }
        Dialect::Postgres => {
            let mut expression = format!("({})", query.tsquery());
            for lexeme in filters.lexemes() {
                expression.push_str(&format!(" & '{lexeme}'"));
            }
            expression
        }
    }
}

/// The type, province and sector of a document, written into the index as terms of their own so that
/// a filtered search is narrowed by the full-text index itself.
#[derive(Debug, Default)]
struct Facet<'a> {
    kind: Option<&'a str>,
    province: Option<&'a str>,
    sector: Option<&'a str>,
}

impl Facet<'_> {
    /// Terms of the FTS5 `facets` column. FTS5's tokenizer splits at `_` and `:`, so codes are
    /// written without them behind a one-letter prefix; the column is never searched for words.
    fn fts5_terms(&self) -> Vec<String> {
        let squash = |prefix: &str, code: &str| format!("{prefix}{}", code.replace('_', ""));
        [self.kind.map(|k| squash("k", k)), self.province.map(|p| squash("p", p)), self.sector.map(|s| squash("s", s))]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Lexemes of the PostgreSQL tsvector. No query word can produce them: the search pipeline drops
    /// the `:` they contain.
    fn lexemes(&self) -> Vec<String> {
        [self.kind.map(|k| format!("kind:{k}")), self.province.map(|p| format!("province:{p}")), self.sector.map(|s| format!("sector:{s}"))]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The request's filters, checked.
fn filters(request: &SearchRequest) -> StoreResult<Facet<'_>> {
    let province = match &request.area {
        None => None,
        Some(area) => {
            let code = area.get(..2).filter(|c| c.bytes().all(|b| b.is_ascii_digit()) && area.len() >= 2);
            let Some(code) = code else {
                return Err(StoreError::Invalid(phakhi_domain::Violations::single(
                    "area",
                    "invalid_area_code",
                    "รหัสพื้นที่ต้องเป็นรหัสกรมการปกครอง",
                    "An area is a DOPA code",
                )));
            };
            Some(code)
        }
    };
    Ok(Facet { kind: request.kind.as_deref(), province, sector: None })
}

/// The matches counted (up to `CANDIDATES`) and the facets over them.
fn count(matches: &[Candidate]) -> (u64, Facets) {
    let mut facets = Facets::default();
    for c in matches {
        *facets.kind.entry(c.kind.clone()).or_default() += 1;
        if let Some(sector) = &c.sector {
            *facets.sector.entry(sector.clone()).or_default() += 1;
        }
        if let Some(province) = &c.province {
            *facets.province.entry(province.clone()).or_default() += 1;
        }
    }
    (matches.len() as u64, facets)
}

async fn run(tx: &mut impl Tx, query: &Query, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
    let filters = filters(request)?;
    let mut matches = matching(tx, query, &filters, Within::Everything, CANDIDATES + 1).await?;
    let total_is_lower_bound = matches.len() > CANDIDATES;
    matches.truncate(CANDIDATES);
    let (total, facets) = count(&matches);
    if total == 0 {
        return Ok(SearchResults { total, facets, ..SearchResults::default() });
    }
    let wanted = usize::try_from(page.offset + u64::from(page.limit)).unwrap_or(usize::MAX);
    let mut pool = if total_is_lower_bound { broad_pool(tx, query, &filters, matches, wanted).await? } else { matches };
    score(tx, query, &mut pool).await?;
    // Best first; the document number breaks ties so pages never overlap.
    pool.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)).then(a.doc_id.cmp(&b.doc_id)));
    let shown: Vec<&Candidate> = pool.iter().skip(page.offset as usize).take(page.limit as usize).collect();
    let hits = hits(tx, &shown, query).await?;
    Ok(SearchResults { hits, total, total_is_lower_bound, facets, corrected_query: None })
}

/// Matches ranked for a broad search, where reading a match's terms (SQLite) or tsvector (PostgreSQL)
/// is what a search costs: the first this many matches and as many title matches, or more when the
/// page asked for lies further on.
const RANKED: usize = 200;

/// What a search with more matches than it counts ranks: the records whose title holds every word
/// (so a record named by the query comes first, however many records mention its words) besides the
/// first matches in index order.
async fn broad_pool(
    tx: &mut impl Tx,
    query: &Query,
    filters: &Facet<'_>,
    mut matches: Vec<Candidate>,
    wanted: usize,
) -> StoreResult<Vec<Candidate>> {
    let limit = RANKED.max(wanted);
    matches.truncate(limit);
    let named = matching(tx, query, filters, Within::Titles, limit).await?;
    let seen: std::collections::HashSet<i64> = matches.iter().map(|c| c.doc_id).collect();
    matches.extend(named.into_iter().filter(|c| !seen.contains(&c.doc_id)));
    Ok(matches)
}

/// PostgreSQL's full-text indexes are split into this many partial GIN indexes by `doc_id % SHARDS`
/// (migration 0010 creates them; the two must change together). GIN builds a bitmap of every match
/// before any LIMIT applies; reading the shards one after the other under the LIMIT stops at the
/// first shards that give enough matches.
const SHARDS: i64 = 16;

/// The first `limit` matches, unranked, with the type, province and sector they are counted by.
///
/// SQLite reads them from the full-text index alone (the document number carries the facets);
/// PostgreSQL from the index shards in turn and the rows' facet columns. The matches come back as
/// one JSON array in one row: passing a thousand rows one by one through the driver cost more than
/// finding them (15 µs a row on SQLite, measured).
async fn matching(tx: &mut impl Tx, query: &Query, filters: &Facet<'_>, within: Within, limit: usize) -> StoreResult<Vec<Candidate>> {
    let expression = match_expression(tx.dialect(), query, filters, within);
    if tx.dialect() == Dialect::Postgres {
        let column = if within == Within::Titles { "title_tsv" } else { "tsv" };
        let shards: Vec<String> = (0..SHARDS)
            .map(|shard| {
                format!(
                    "SELECT doc_id, kind, sector, province FROM search_documents \
                     WHERE {column} @@ CAST($1 AS tsquery) AND doc_id % {SHARDS} = {shard}"
                )
            })
            .collect();
        let sql = Sql::new(format!(
            "SELECT CAST(COALESCE(json_agg(json_build_array(doc_id, kind, sector, province)), '[]') AS TEXT) \
             FROM ({} LIMIT $2) m",
            shards.join(" UNION ALL ")
        ))
        .bind(expression)
        .bind(limit as i64);
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = json_rows(tx, sql).await?;
        return Ok(rows
            .into_iter()
            .map(|(doc_id, kind, sector, province)| Candidate { doc_id, kind, sector, province, score: None })
            .collect());
    }
    let sql = Sql::new("SELECT json_group_array(rowid) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH $1 LIMIT $2)")
        .bind(expression)
        .bind(limit as i64);
    let numbers: Vec<i64> = json_rows(tx, sql).await?;
    Ok(numbers
        .into_iter()
        .map(|doc_id| {
            let facet = DocNumber::facet(doc_id);
            Candidate {
                doc_id,
                kind: facet.kind.to_owned(),
                sector: facet.sector.map(str::to_owned),
                province: facet.province,
                score: None,
            }
        })
        .collect())
}

/// Ranks the candidates not ranked yet, weighted by their document's boost: on SQLite from their
/// indexed terms in Rust (not FTS5's bm25, whose document frequencies cost a read of each word's
/// whole posting list: see `phakhi_search::relevance`); on PostgreSQL by `ts_rank`.
async fn score(tx: &mut impl Tx, query: &Query, pool: &mut [Candidate]) -> StoreResult<()> {
    let unranked: Vec<i64> = pool.iter().filter(|c| c.score.is_none()).map(|c| c.doc_id).collect();
    if unranked.is_empty() {
        return Ok(());
    }
    let numbers = serde_json::to_string(&unranked).expect("numbers serialise");
    let scores: std::collections::HashMap<i64, f64> = match tx.dialect() {
        Dialect::Sqlite => {
            let sql = Sql::new(
                "SELECT json_group_array(json_array(rowid, boost, title, body)) FROM search_fts \
                 WHERE rowid IN (SELECT value FROM json_each($1))",
            )
            .bind(numbers);
            let rows: Vec<(i64, f64, String, String)> = json_rows(tx, sql).await?;
            rows.into_iter().map(|(doc_id, boost, title, body)| (doc_id, phakhi_search::relevance(query, &title, &body) * boost)).collect()
        }
        // ts_rank without length normalisation (0): measured best on the demonstration query set
        // (recall@5 1.000, MRR 0.897 against 0.952/0.855 with normalisation 2); the title weight (A)
        // already favours records whose name matches.
        Dialect::Postgres => {
            let sql = Sql::new(
                "SELECT CAST(COALESCE(json_agg(json_build_array(doc_id, \
                 CAST(ts_rank(tsv, CAST($1 AS tsquery), 0) * boost AS DOUBLE PRECISION))), '[]') AS TEXT) \
                 FROM search_documents WHERE doc_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($2 AS json)))",
            )
            .bind(query.tsquery())
            .bind(numbers);
            json_rows::<(i64, f64)>(tx, sql).await?.into_iter().collect()
        }
    };
    for c in pool.iter_mut().filter(|c| c.score.is_none()) {
        c.score = scores.get(&c.doc_id).copied();
    }
    Ok(())
}

/// The rows of a statement that returns them as one JSON array (see `candidates`).
async fn json_rows<T: serde::de::DeserializeOwned>(tx: &mut impl Tx, sql: Sql) -> StoreResult<Vec<T>> {
    let (json,): (String,) = tx.fetch_optional(sql).await.context("searching")?.unwrap_or_else(|| ("[]".to_owned(),));
    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt { table: "search_documents", detail: e.to_string() })
}

/// SQLite's document numbers carry the document's type, province and sector in their low 16 bits, so
/// a search counts and facets its matches from the full-text index alone: reading each match's row
/// to learn them cost a thousand row reads (6 ms) per broad search. The sequence sits above them.
struct DocNumber;

// The fields below must fit their bits.
const _: () = assert!(KINDS.len() <= 16 && <Sector as Vocabulary>::ALL.len() < 16);

impl DocNumber {
    const FACET_BITS: u32 = 16;

    /// `kind` (4 bits, its place in `KINDS`), province (7 bits, the two-digit code as a number, 0 for
    /// none) and sector (4 bits, its place in the vocabulary plus one, 0 for none).
    fn of(sequence: i64, facet: &Facet<'_>) -> i64 {
        let kind = facet.kind.and_then(|k| KINDS.iter().position(|x| *x == k)).unwrap_or(0) as i64;
        let province = facet.province.and_then(|p| p.parse::<i64>().ok()).filter(|p| (1..128).contains(p)).unwrap_or(0);
        let sector = facet.sector.and_then(|s| Sector::ALL.iter().position(|x| x.code() == s)).map_or(0, |i| i as i64 + 1);
        (sequence << Self::FACET_BITS) | (kind << 11) | (province << 4) | sector
    }

    fn sequence(number: i64) -> i64 {
        number >> Self::FACET_BITS
    }

    fn facet(number: i64) -> DecodedFacet {
        let kind = KINDS.get(((number >> 11) & 0b1111) as usize).copied().unwrap_or(KINDS[0]);
        let province = match (number >> 4) & 0x7f {
            0 => None,
            p => Some(format!("{p:02}")),
        };
        let sector = match (number & 0xf) as usize {
            0 => None,
            s => Sector::ALL.get(s - 1).map(|x| x.code()),
        };
        DecodedFacet { kind, province, sector }
    }
}

/// A document's facets read back from its number.
#[derive(Debug, PartialEq, Eq)]
struct DecodedFacet {
    kind: &'static str,
    province: Option<String>,
    sector: Option<&'static str>,
}

/// The shown candidates with their titles and snippets, in the candidates' order.
async fn hits(tx: &mut impl Tx, shown: &[&Candidate], query: &Query) -> StoreResult<Vec<SearchHit>> {
    if shown.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=shown.len()).map(|i| format!("${i}")).collect();
    let mut sql = Sql::new(format!(
        "SELECT doc_id, kind, id, title_th, title_en, body FROM search_documents WHERE doc_id IN ({})",
        placeholders.join(", ")
    ));
    for c in shown {
        sql = sql.bind(c.doc_id);
    }
    let rows: Vec<HitRow> = tx.fetch_all(sql).await.context("reading search hits")?;
    let mut rows: std::collections::HashMap<i64, HitRow> = rows.into_iter().map(|r| (r.doc_id, r)).collect();
    let query_terms: Vec<String> = query.terms.iter().map(|t| t.text.clone()).collect();
    Ok(shown
        .iter()
        .filter_map(|c| {
            let r = rows.remove(&c.doc_id)?;
            let snippet = best_snippet(&r, &query_terms);
            Some(SearchHit { kind: r.kind, id: r.id, title_th: r.title_th, title_en: r.title_en, snippet, score: c.score.unwrap_or(0.0) })
        })
        .collect())
}

/// The excerpt of the body around the match or, when only the title matched, the marked title.
fn best_snippet(row: &HitRow, query_terms: &[String]) -> String {
    let body = phakhi_search::snippet(&row.body, query_terms);
    if body.contains("<mark>") {
        return body;
    }
    let title = format!("{} {}", row.title_th, row.title_en.as_deref().unwrap_or_default());
    phakhi_search::snippet(title.trim(), query_terms)
}

/// Searches. A Thai word must match as written (its parts side by side); when nothing does, its
/// parts anywhere in the record; when still nothing matches and an English word is one typo away from
/// a known word, the corrected query, saying so.
pub async fn search(tx: &mut impl Tx, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
    let query = Query::parse(&request.q, request.prefix);
    if query.is_empty() {
        return Ok(SearchResults::default());
    }
    if tx.dialect() == Dialect::Postgres {
        // A search reads one index shard after another and usually stops after the first: parallel
        // workers would start on several shards at once, and starting them cost more than the whole
        // search (31 ms against 8.6 ms for a broad national search, measured). Planning the sixteen
        // shards' union anew for each query cost 5 ms; its plan is the same whatever the words.
        let sql = Sql::new(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('plan_cache_mode', 'force_generic_plan', true)",
        );
        tx.fetch_optional::<(String, String)>(sql).await.context("configuring the search")?;
    }
    let mut results = run(tx, &query, request, page).await?;
    if results.total > 0 {
        return Ok(results);
    }
    let loose = query.loose();
    if query.has_phrases() {
        results = run(tx, &loose, request, page).await?;
        if results.total > 0 {
            return Ok(results);
        }
    }
    let Some(corrected) = correct(tx, &loose).await? else { return Ok(results) };
    let mut results = run(tx, &corrected, request, page).await?;
    if results.total > 0 {
        results.corrected_query = Some(corrected.terms.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "));
    }
    Ok(results)
}

/// The query with each English word that is not in the index replaced by the closest known word one
/// edit away, if any word changed.
async fn correct(tx: &mut impl Tx, query: &Query) -> StoreResult<Option<Query>> {
    let mut corrected = query.clone();
    let mut changed = false;
    for term in corrected.terms.iter_mut().filter(|t| !t.prefix && t.text.len() >= FUZZY_MIN_LEN && is_latin_term(&t.text)) {
        let n = term.text.len() as i64;
        let known: Option<(String,)> = tx
            .fetch_optional(Sql::new("SELECT term FROM search_terms WHERE term = $1").bind(term.text.as_str()))
            .await
            .context("looking up a term")?;
        if known.is_some() {
            continue;
        }
        // One edit keeps the length within one and, in practice, the first letter.
        let first: String = term.text.chars().take(1).collect();
        let candidates: Vec<(String,)> = tx
            .fetch_all(
                Sql::new("SELECT term FROM search_terms WHERE term LIKE $1 AND length(term) BETWEEN $2 AND $3 ORDER BY term")
                    .bind(format!("{first}%"))
                    .bind(n - 1)
                    .bind(n + 1),
            )
            .await
            .context("finding spelling candidates")?;
        if let Some((best,)) = candidates.into_iter().find(|(c,)| within_one_edit(&term.text, c)) {
            term.text = best;
            changed = true;
        }
    }
    Ok(changed.then_some(corrected))
}

/// The format documents are written in. Bump it whenever what `write` stores changes (and add a
/// migration setting `search_index.format` below it): phakhi rebuilds an older index when it opens
/// the database.
pub const FORMAT: i64 = 4;

/// Activities read, segmented and written per round of a rebuild: a million activities are never
/// held in memory at once.
const REINDEX_ROUND: usize = 20_000;

/// Rebuilds the whole index from the records; returns the number of documents, or `None` when
/// `only_if_outdated` and the index is already in the current format.
///
/// `tx` is the rebuild's own transaction; on PostgreSQL, `open` gives the further transactions the
/// rebuild loads and builds indexes in, on other connections (decision 41). SQLite has one writer
/// and never calls it.
pub async fn rebuild<T, Open, Opened>(tx: &mut T, only_if_outdated: bool, open: Open) -> StoreResult<Option<u64>>
where
    T: Tx,
    Open: Fn() -> Opened,
    Opened: Future<Output = StoreResult<T>>,
{
    if only_if_outdated && !claim_outdated(tx).await? {
        return Ok(None);
    }
    let started = Instant::now();
    let documents = match tx.dialect() {
        Dialect::Sqlite => {
            recreate_fts_table(tx).await?;
            tx.execute(Sql::new("DELETE FROM search_documents")).await.context("clearing the index")?;
            load_documents(tx, DOCUMENTS).await?
        }
        Dialect::Postgres => beside::rebuild(tx, open).await?,
    };
    settle(tx).await?;
    tx.execute(Sql::new("UPDATE search_index SET format = $1").bind(FORMAT)).await.context("recording the index format")?;
    tracing::info!(documents, seconds = started.elapsed().as_secs_f64(), "search index rebuilt");
    Ok(Some(documents))
}

/// Whether the index was written in an older format, marking it current if so. The update takes the
/// row's lock first: of several processes starting at once, one rebuilds and the others wait for it,
/// then find the format current.
async fn claim_outdated(tx: &mut impl Tx) -> StoreResult<bool> {
    let outdated = tx
        .execute(Sql::new("UPDATE search_index SET format = $1 WHERE format < $2").bind(FORMAT).bind(FORMAT))
        .await
        .context("checking the index format")?;
    Ok(outdated > 0)
}

/// Writes every record's document into `table`, which is empty; returns the number written.
///
/// The records other than activities (a few hundred thousand at national scale) are indexed in one
/// round; activities in rounds of `REINDEX_ROUND`, each round's segmentation (on every core) running
/// while the previous round is written, so the database and the segmenter work at the same time.
async fn load_documents(tx: &mut impl Tx, table: &str) -> StoreResult<u64> {
    let mut docs: Vec<Document> = Vec::new();
    docs.extend(super::organizations::all(tx).await?.iter().map(Document::organization));
    docs.extend(super::networks::all(tx).await?.iter().map(Document::network));
    docs.extend(super::agreements::all(tx).await?.iter().map(Document::agreement));
    docs.extend(super::commitments::all(tx).await?.iter().map(Document::commitment));
    docs.extend(super::programmes::all(tx).await?.iter().map(Document::programme));
    docs.extend(super::frameworks::all_items(tx).await?.iter().map(Document::framework_item));
    docs.extend(plans_and_indicators(tx).await?);
    let mut count = docs.len() as u64;
    let dialect = tx.dialect();
    let mut segmenting = segment_in_background(docs, dialect);
    let mut after = None;
    // Where the time goes: reading records, waiting for the segmenter, writing the index.
    let (mut reading, mut waiting, mut writing) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    loop {
        let t = Instant::now();
        let activities = super::activities::page_without_lists(tx, after, REINDEX_ROUND).await?;
        reading += t.elapsed();
        after = activities.last().map(|a| a.id.0);
        count += activities.len() as u64;
        let next = (!activities.is_empty()).then(|| segment_in_background(activities.iter().map(Document::activity).collect(), dialect));
        let t = Instant::now();
        let batch = segmenting.await;
        waiting += t.elapsed();
        let t = Instant::now();
        write_into(tx, table, batch).await?;
        writing += t.elapsed();
        match next {
            Some(next) => segmenting = next,
            None => break,
        }
    }
    tracing::info!(
        documents = count,
        reading_activities_s = reading.as_secs_f64(),
        waiting_for_segmentation_s = waiting.as_secs_f64(),
        writing_s = writing.as_secs_f64(),
        "search documents written"
    );
    Ok(count)
}

/// Drops what a failed PostgreSQL rebuild left behind (once its transaction has ended).
pub async fn discard_unfinished(tx: &mut impl Tx) -> StoreResult<()> {
    beside::discard(tx).await
}

/// Empties SQLite's full-text table by dropping it and creating it again from its own definition.
/// `DELETE` would write a deletion marker for every term of every document, which searches then read
/// past until the segments are merged: after a rebuild by deletion the national index was twice its
/// size and searches three to five times slower (measured).
async fn recreate_fts_table(tx: &mut impl Tx) -> StoreResult<()> {
    let (definition,): (String,) = tx
        .fetch_optional(Sql::new("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"))
        .await
        .context("reading the index's definition")?
        .ok_or_else(|| StoreError::Corrupt { table: "search_fts", detail: "the full-text table is missing".into() })?;
    tx.execute(Sql::new("DROP TABLE search_fts")).await.context("clearing the index")?;
    tx.execute(Sql::new(definition)).await.context("creating the index again")?;
    // Merging as it goes would merge the same terms again and again; `settle` merges once at the end.
    tx.execute(Sql::new("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)")).await.context("configuring the index")?;
    Ok(())
}

/// Puts an index that has just taken many documents into the shape searches are fastest on: SQLite's
/// merged into one segment (with FTS5's usual merging of the segments later writes add restored);
/// PostgreSQL's GIN pending lists merged into the indexes (a narrow national search took 25 ms before
/// and 1.7 ms after, measured) and its statistics refreshed. (After a rebuild the deleted documents'
/// entries also have to go: the store runs `VACUUM` once the rebuild has committed.)
pub async fn settle(tx: &mut impl Tx) -> StoreResult<()> {
    match tx.dialect() {
        Dialect::Sqlite => {
            tx.execute(Sql::new("INSERT INTO search_fts (search_fts) VALUES ('optimize')")).await.context("merging the index")?;
            tx.execute(Sql::new("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)"))
                .await
                .context("configuring the index")?;
        }
        Dialect::Postgres => {
            // Entries still in the GIN indexes' pending lists are read by every search, unsorted.
            let merge = Sql::new(
                "SELECT CAST(COUNT(gin_clean_pending_list(i.indexrelid)) AS BIGINT) FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam \
                 WHERE i.indrelid = CAST('search_documents' AS regclass) AND am.amname = 'gin'",
            );
            tx.fetch_optional::<(i64,)>(merge).await.context("merging the index's pending entries")?;
            tx.execute(Sql::new("ANALYZE search_documents")).await.context("refreshing the index's statistics")?;
        }
    }
    Ok(())
}

/// The documents of every plan and indicator (a few thousand even at national scale).
async fn plans_and_indicators(tx: &mut impl Tx) -> StoreResult<Vec<Document>> {
    let plans = super::plans::all(tx).await?;
    let areas: std::collections::HashMap<_, _> = plans.iter().map(|p| (p.id, p.input.area_code.clone())).collect();
    let indicators = super::plan_indicators::all(tx).await?;
    let indicator_documents = indicators.iter().map(|i| Document::indicator(i, areas.get(&i.input.plan_id).and_then(Option::as_deref)));
    Ok(plans.iter().map(Document::plan).chain(indicator_documents).collect())
}

/// Indexes the records of a bulk load's batch, which are not in the index yet (framework items are
/// indexed as they are inserted). Returns the number of documents written.
pub async fn index_batch(tx: &mut impl Tx, batch: &crate::Dump) -> StoreResult<u64> {
    let mut docs: Vec<Document> = Vec::new();
    docs.extend(batch.organizations.iter().map(Document::organization));
    docs.extend(batch.networks.iter().map(Document::network));
    docs.extend(batch.agreements.iter().map(Document::agreement));
    docs.extend(batch.commitments.iter().map(Document::commitment));
    docs.extend(batch.programmes.iter().map(Document::programme));
    docs.extend(batch.activities.iter().map(Document::activity));
    let count = docs.len() as u64;
    let batch = segment_in_background(docs, tx.dialect()).await;
    write(tx, batch).await?;
    Ok(count)
}

/// Starts segmenting documents on a blocking thread (and from there on every core) at once; the caller
/// goes on and awaits the result when it needs it. A panic while segmenting is a bug in phakhi: it
/// surfaces rather than indexing less.
fn segment_in_background(docs: Vec<Document>, dialect: Dialect) -> impl Future<Output = Batch> {
    let segmenting = tokio::task::spawn_blocking(move || prepare_all(docs, dialect));
    async move { segmenting.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_number_gives_back_its_facets_and_keeps_its_sequence() {
        for kind in KINDS {
            for province in [None, Some("10"), Some("50"), Some("96")] {
                for sector in std::iter::once(None).chain(Sector::ALL.iter().map(|s| Some(s.code()))) {
                    let number = DocNumber::of(123_456_789, &Facet { kind: Some(kind), province, sector });
                    assert_eq!(DocNumber::sequence(number), 123_456_789);
                    assert_eq!(
                        DocNumber::facet(number),
                        DecodedFacet { kind, province: province.map(str::to_owned), sector },
                        "{kind} {province:?} {sector:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_of_later_documents_are_larger() {
        let facet = |kind| Facet { kind: Some(kind), province: Some("96"), sector: Some("international") };
        assert!(DocNumber::of(2, &facet("organization")) > DocNumber::of(1, &facet("framework_item")));
    }
}
