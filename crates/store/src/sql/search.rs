//! The search index: one document per searchable record, written in the same transaction as the
//! record, so a record is found the moment its write commits and the index never drifts.
//!
//! Terms come from `phakhi_search` (the same pipeline for documents and queries). The statements that
//! touch the full-text index are the only dialect-specific SQL in phakhi: FTS5 on SQLite, a `tsvector`
//! on PostgreSQL.

use phakhi_domain::Vocabulary;
use phakhi_domain::activity::Activity;
use phakhi_domain::agreement::Agreement;
use phakhi_domain::commitment::Commitment;
use phakhi_domain::framework::{FrameworkItem, FrameworkItemInput};
use phakhi_domain::network::Network;
use phakhi_domain::organization::Organization;
use phakhi_domain::programme::Programme;
use phakhi_search::{FUZZY_MIN_LEN, Query, is_latin_term, terms, within_one_edit};
use uuid::Uuid;

use super::{Arg, Dialect, Select, Sql, Tx};
use crate::error::Context;
use crate::{Facets, Page, SearchHit, SearchRequest, SearchResults, StoreError, StoreResult};

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

/// Prepares many documents on every core: segmentation dominates indexing time.
fn prepare_all(docs: Vec<Document>) -> Vec<Prepared> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from).max(1);
    let chunk = docs.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<Document>> = Vec::new();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        chunks.push(docs.by_ref().take(chunk).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks.into_iter().map(|c| scope.spawn(move || c.into_iter().map(prepare).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Documents per multi-row INSERT: 200 rows × 9 values stays far below both databases' limits.
const WRITE_BATCH: usize = 200;

/// Writes prepared documents (which must not be in the index yet) in multi-row statements.
async fn write(tx: &mut impl Tx, prepared: &[Prepared]) -> StoreResult<()> {
    const COLUMNS: &str = "kind, id, title_th, title_en, body, sector, province, boost";
    let dialect = tx.dialect();
    for batch in prepared.chunks(WRITE_BATCH) {
        // SQLite: the FTS row shares the document's doc_id, assigned here (one writer at a time).
        let first_id = match dialect {
            Dialect::Sqlite => {
                let (max,): (i64,) = tx
                    .fetch_optional(Sql::new("SELECT COALESCE(MAX(doc_id), 0) FROM search_documents"))
                    .await
                    .context("numbering documents")?
                    .unwrap_or((0,));
                max + 1
            }
            Dialect::Postgres => 0,
        };
        let per_row = 9;
        let mut rows = Vec::with_capacity(batch.len());
        let mut args = Vec::with_capacity(batch.len() * per_row);
        for (i, p) in batch.iter().enumerate() {
            let d = &p.doc;
            let last: Arg = match dialect {
                Dialect::Sqlite => (first_id + i as i64).into(),
                Dialect::Postgres => tsvector_literal(&p.title_terms, &p.body_terms).into(),
            };
            args.extend([
                d.kind.into(),
                d.id.into(),
                d.title_th.clone().into(),
                d.title_en.clone().into(),
                d.body.clone().into(),
                d.sector.clone().into(),
                d.province.clone().into(),
                d.boost.into(),
                last,
            ]);
            let at = i * per_row;
            let placeholders = (1..=per_row).map(|k| format!("${}", at + k)).collect::<Vec<_>>();
            rows.push(match dialect {
                Dialect::Sqlite => format!("({})", placeholders.join(", ")),
                Dialect::Postgres => format!("({}, CAST({} AS tsvector))", placeholders[..8].join(", "), placeholders[8]),
            });
        }
        let target = match dialect {
            Dialect::Sqlite => format!("{COLUMNS}, doc_id"),
            Dialect::Postgres => format!("{COLUMNS}, tsv"),
        };
        let mut sql = Sql::new(format!("INSERT INTO search_documents ({target}) VALUES {}", rows.join(", ")));
        sql.args = args;
        tx.execute(sql).await.context("indexing documents")?;
        if dialect == Dialect::Sqlite {
            let mut sql = Sql::new(format!(
                "INSERT INTO search_fts (rowid, title, body) VALUES {}",
                (0..batch.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect::<Vec<_>>().join(", ")
            ));
            for (i, p) in batch.iter().enumerate() {
                sql = sql.bind(first_id + i as i64).bind(p.title_terms.join(" ")).bind(p.body_terms.join(" "));
            }
            tx.execute(sql).await.context("indexing terms")?;
        }
    }
    remember_latin_terms(tx, &latin_terms(prepared)).await
}

/// Adds or replaces a record's document.
pub async fn index(tx: &mut impl Tx, doc: &Document) -> StoreResult<()> {
    remove(tx, doc.kind, doc.id).await?;
    write(tx, &[prepare(doc.clone())]).await
}

/// Highest position a tsvector stores; later terms share it (they still match, with less weight).
const MAX_POSITION: usize = 16_383;

/// The terms as a tsvector literal with positions, title terms weighted A. Written out rather than
/// built by `to_tsvector`, whose parser would cut Thai words at their vowel marks; positions are
/// needed for the weights (and ranking) to count.
fn tsvector_literal(title: &[String], body: &[String]) -> String {
    let quote = |t: &str| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''"));
    let mut out = String::new();
    for (i, t) in title.iter().chain(body).enumerate() {
        let weight = if i < title.len() { "A" } else { "" };
        out.push_str(&format!("{}:{}{weight} ", quote(t), (i + 1).min(MAX_POSITION)));
    }
    out
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
        let mut sql = Sql::new(format!(
            "INSERT INTO search_terms (term) VALUES {} ON CONFLICT (term) DO NOTHING",
            (1..=batch.len()).map(|i| format!("(${i})")).collect::<Vec<_>>().join(", ")
        ));
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

#[derive(sqlx::FromRow)]
struct HitRow {
    kind: String,
    id: Uuid,
    title_th: String,
    title_en: Option<String>,
    body: String,
    score: f64,
}

/// The FROM and WHERE of a search, with the query as `$1`.
fn matching(tx: &impl Tx, query: &Query, columns: &'static str) -> Select {
    let (from, matches, text) = match tx.dialect() {
        Dialect::Sqlite => ("search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid", "search_fts MATCH $1", query.fts5()),
        Dialect::Postgres => ("search_documents d", "d.tsv @@ CAST($1 AS tsquery)", query.tsquery()),
    };
    let mut select = Select::new(columns, from);
    select.arg(text);
    select.and(matches);
    select
}

const SQLITE_COLUMNS: &str = "d.kind, d.id, d.title_th, d.title_en, d.body, -bm25(search_fts, 10.0, 1.0) * d.boost AS score";
/// ts_rank without length normalisation (0): measured best on the demonstration query set
/// (recall@5 1.000, MRR 0.897 against 0.952/0.855 with normalisation 2); the title weight (A) already
/// favours records whose name matches.
const POSTGRES_COLUMNS: &str =
    "d.kind, d.id, d.title_th, d.title_en, d.body, CAST(ts_rank(d.tsv, CAST($1 AS tsquery), 0) AS DOUBLE PRECISION) * d.boost AS score";

fn filtered(tx: &impl Tx, query: &Query, request: &SearchRequest, columns: &'static str) -> StoreResult<Select> {
    let mut select = matching(tx, query, columns);
    select.eq("d.kind", request.kind.as_deref());
    if let Some(area) = &request.area {
        let code = area.get(..2).filter(|c| c.bytes().all(|b| b.is_ascii_digit()) && area.len() >= 2);
        let Some(code) = code else {
            return Err(StoreError::Invalid(phakhi_domain::Violations::single(
                "area",
                "invalid_area_code",
                "รหัสพื้นที่ต้องเป็นรหัสกรมการปกครอง",
                "An area is a DOPA code",
            )));
        };
        select.eq("d.province", Some(code));
    }
    Ok(select)
}

async fn run(tx: &mut impl Tx, query: &Query, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
    let columns = if tx.dialect() == Dialect::Sqlite { SQLITE_COLUMNS } else { POSTGRES_COLUMNS };
    let select = filtered(tx, query, request, columns)?;
    let (total, facets) = count_with_facets(tx, query, request).await?;
    if total == 0 {
        return Ok(SearchResults { total, facets, ..SearchResults::default() });
    }
    let rows: Vec<HitRow> = tx.fetch_all(select.page(page, &[], "score DESC", "d.doc_id")?).await.context("searching")?;
    let query_terms: Vec<String> = query.terms.iter().map(|t| t.text.clone()).collect();
    let hits = rows
        .into_iter()
        .map(|r| {
            let snippet = best_snippet(&r, &query_terms);
            SearchHit { kind: r.kind, id: r.id, title_th: r.title_th, title_en: r.title_en, snippet, score: r.score }
        })
        .collect();
    Ok(SearchResults { hits, total, facets, corrected_query: None })
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

/// The number of hits and the three facets from one pass over the matches: the hits are grouped by
/// (type, sector, province) and the groups summed in Rust.
async fn count_with_facets(tx: &mut impl Tx, query: &Query, request: &SearchRequest) -> StoreResult<(u64, Facets)> {
    let count = filtered(tx, query, request, "d.doc_id")?.count();
    let text = count.text.replacen("SELECT COUNT(*)", "SELECT d.kind, d.sector, d.province, COUNT(*)", 1)
        + " GROUP BY d.kind, d.sector, d.province";
    let groups: Vec<(String, Option<String>, Option<String>, i64)> =
        tx.fetch_all(Sql { text: text.into(), args: count.args }).await.context("counting search hits")?;
    let mut facets = Facets::default();
    let mut total = 0;
    for (kind, sector, province, n) in groups {
        let n = n as u64;
        total += n;
        *facets.kind.entry(kind).or_default() += n;
        if let Some(sector) = sector {
            *facets.sector.entry(sector).or_default() += n;
        }
        if let Some(province) = province {
            *facets.province.entry(province).or_default() += n;
        }
    }
    Ok((total, facets))
}

/// Searches; when nothing matches and an English word is one typo away from a known word, searches
/// again with the correction and says so.
pub async fn search(tx: &mut impl Tx, request: &SearchRequest, page: &Page) -> StoreResult<SearchResults> {
    let query = Query::parse(&request.q, request.prefix);
    if query.is_empty() {
        return Ok(SearchResults::default());
    }
    let results = run(tx, &query, request, page).await?;
    if results.total > 0 {
        return Ok(results);
    }
    let Some(corrected) = correct(tx, &query).await? else { return Ok(results) };
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

/// Rebuilds the whole index from the records; returns the number of documents.
pub async fn reindex(tx: &mut impl Tx) -> StoreResult<u64> {
    if tx.dialect() == Dialect::Sqlite {
        tx.execute(Sql::new("DELETE FROM search_fts")).await.context("clearing the index")?;
    }
    tx.execute(Sql::new("DELETE FROM search_documents")).await.context("clearing the index")?;
    let mut docs: Vec<Document> = Vec::new();
    docs.extend(super::organizations::all(tx).await?.iter().map(Document::organization));
    docs.extend(super::networks::all(tx).await?.iter().map(Document::network));
    docs.extend(super::agreements::all(tx).await?.iter().map(Document::agreement));
    docs.extend(super::commitments::all(tx).await?.iter().map(Document::commitment));
    docs.extend(super::programmes::all(tx).await?.iter().map(Document::programme));
    docs.extend(super::activities::all(tx).await?.iter().map(Document::activity));
    docs.extend(super::frameworks::all_items(tx).await?.iter().map(Document::framework_item));
    let count = docs.len() as u64;
    write(tx, &prepare_all(docs)).await?;
    Ok(count)
}
