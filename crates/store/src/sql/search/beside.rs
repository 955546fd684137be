//! PostgreSQL's index rebuilt beside the one searches read, then swapped in.
//!
//! Inserting a million documents into a table that already has its 32 GIN indexes (decision 27's
//! shards) updates every index row by row; that capped a national rebuild at about 3,000 documents a
//! second whatever the client did. Building each index once over the loaded table sorts its entries
//! in memory instead (decision 35). The new table is loaded while searches go on reading the old one;
//! writers of documents wait from the start (the old table is locked against writes), so no document
//! written during a rebuild is lost; the swap at the end takes an instant.
//!
//! PostgreSQL 15 builds a GIN index on one core, and 32 of them took 70 s of a national rebuild, so
//! the new table is committed once loaded and its indexes are built by several connections at once
//! (decision 41). The rebuild's own transaction holds the lock on the live table throughout and does
//! the swap; a table left behind by a rebuild that died is dropped by the next.
//!
//! The indexes and keys are copied from the catalogue, so the migrations stay the one place that says
//! what they are; the new table takes over their names.

use std::sync::Mutex;
use std::time::Instant;

use super::super::{Sql, Tx};
use crate::StoreResult;
use crate::error::Context;

/// The table a rebuild loads.
pub const TABLE: &str = "search_documents_rebuild";

/// The table searches read.
const LIVE: &str = "search_documents";

/// Memory for building one index: a GIN index built within it is sorted in one pass (measured:
/// PostgreSQL's default of 64 MB made the national title indexes spill to disk).
const INDEX_BUILD_MEMORY: &str = "256MB";

/// Connections building indexes at once: one per core, as each build keeps one busy; more would
/// only share the cores and multiply the memory.
fn index_builders() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 4)
}

/// Rebuilds the index in a new table and swaps it in; returns the number of documents. `guard` is
/// the rebuild's transaction, which keeps writers of documents waiting until it commits; `open`
/// gives transactions on other connections.
pub async fn rebuild<T, Open, Opened>(guard: &mut T, open: Open) -> StoreResult<u64>
where
    T: Tx,
    Open: Fn() -> Opened,
    Opened: Future<Output = StoreResult<T>>,
{
    // EXCLUSIVE lets searches read on and makes every writer of a document wait for the swap. A
    // writer that saved its record but not yet its document is not seen by the load (its record is
    // not committed) and writes its document into the new table after the swap.
    guard.execute(Sql::new(format!("LOCK TABLE {LIVE} IN EXCLUSIVE MODE"))).await.context("locking the index against writes")?;
    let mut load = open().await?;
    create_table(&mut load).await?;
    let documents = super::load_documents(&mut load, TABLE).await?;
    load.commit().await.context("committing the rebuilt documents")?;
    let started = Instant::now();
    let structures = structures(guard).await?;
    build_structures(&structures, &open).await?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), builders = index_builders(), "search indexes built");
    swap(guard, &structures).await?;
    Ok(documents)
}

/// Drops what a failed rebuild left of its new table (call once the rebuild's transaction has ended).
pub async fn discard(tx: &mut impl Tx) -> StoreResult<()> {
    tx.execute(Sql::new(format!("DROP TABLE IF EXISTS {TABLE}"))).await.context("dropping the unfinished index")?;
    Ok(())
}

/// Creates an empty table of the live one's columns (a table a rebuild left behind is dropped first).
async fn create_table(tx: &mut impl Tx) -> StoreResult<()> {
    discard(tx).await?;
    // Columns, defaults, identity and checks; the indexes come after the load.
    let create = format!("CREATE TABLE {TABLE} (LIKE {LIVE} INCLUDING ALL EXCLUDING INDEXES)");
    tx.execute(Sql::new(create)).await.context("creating the table the index is rebuilt in")?;
    Ok(())
}

/// A key or index of the live table, to be built on the new one.
#[derive(Debug, PartialEq)]
enum Structure {
    /// A primary key or unique constraint: its name and definition (`UNIQUE (kind, id)`).
    Constraint { name: String, definition: String },
    /// Any other index: its name and `CREATE INDEX` statement.
    Index { name: String, definition: String },
}

impl Structure {
    /// The name the structure has on the new table until the swap (names are unique in a schema).
    fn temporary_name(name: &str) -> String {
        format!("{name}_next")
    }

    /// The statement building the structure on the new table under its temporary name.
    fn build(&self) -> String {
        match self {
            Structure::Constraint { name, definition } => {
                format!("ALTER TABLE {TABLE} ADD CONSTRAINT {} {definition}", Self::temporary_name(name))
            }
            Structure::Index { name, definition } => {
                // `CREATE [UNIQUE] INDEX name ON schema.search_documents USING …`: the part from
                // USING on is kept, the rest written for the new table (found by the search path,
                // as the live table was when the migration created it).
                let unique = if definition.starts_with("CREATE UNIQUE") { "UNIQUE " } else { "" };
                let using = definition.find(" USING ").map_or("", |at| &definition[at..]);
                format!("CREATE {unique}INDEX {} ON {TABLE}{using}", Self::temporary_name(name))
            }
        }
    }

    /// The statement giving the structure its own name once the live table is gone.
    fn rename(&self) -> String {
        match self {
            Structure::Constraint { name, .. } => {
                format!("ALTER TABLE {LIVE} RENAME CONSTRAINT {} TO {name}", Self::temporary_name(name))
            }
            Structure::Index { name, .. } => format!("ALTER INDEX {} RENAME TO {name}", Self::temporary_name(name)),
        }
    }
}

/// The live table's keys and indexes, as the catalogue defines them.
async fn structures(tx: &mut impl Tx) -> StoreResult<Vec<Structure>> {
    let constraints: Vec<(String, String)> = tx
        .fetch_all(Sql::new(format!(
            "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = CAST('{LIVE}' AS regclass) AND contype IN ('p', 'u') ORDER BY conname"
        )))
        .await
        .context("reading the index's keys")?;
    let indexes: Vec<(String, String)> = tx
        .fetch_all(Sql::new(format!(
            "SELECT c.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE i.indrelid = CAST('{LIVE}' AS regclass) \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) \
             ORDER BY c.relname"
        )))
        .await
        .context("reading the index's indexes")?;
    Ok(constraints
        .into_iter()
        .map(|(name, definition)| Structure::Constraint { name, definition })
        .chain(indexes.into_iter().map(|(name, definition)| Structure::Index { name, definition }))
        .collect())
}

/// Builds the live table's keys and indexes on the loaded table: the keys first (adding one locks
/// the table against the other builds), then the indexes, each connection taking the next one left.
async fn build_structures<T, Open, Opened>(structures: &[Structure], open: &Open) -> StoreResult<()>
where
    T: Tx,
    Open: Fn() -> Opened,
    Opened: Future<Output = StoreResult<T>>,
{
    let (keys, indexes): (Vec<&Structure>, Vec<&Structure>) = structures.iter().partition(|s| matches!(s, Structure::Constraint { .. }));
    build_in_turn(open, &Mutex::new(keys.into_iter())).await?;
    let left = Mutex::new(indexes.into_iter());
    let builders = (0..index_builders()).map(|_| build_in_turn(open, &left));
    futures::future::try_join_all(builders).await?;
    Ok(())
}

/// Builds structures taken from `left` one after another in a transaction of its own, until none is left.
async fn build_in_turn<'a, T, Open, Opened>(open: &Open, left: &Mutex<impl Iterator<Item = &'a Structure>>) -> StoreResult<()>
where
    T: Tx,
    Open: Fn() -> Opened,
    Opened: Future<Output = StoreResult<T>>,
{
    let mut tx = open().await?;
    let memory = Sql::new("SELECT set_config('maintenance_work_mem', $1, true)").bind(INDEX_BUILD_MEMORY);
    tx.fetch_optional::<(String,)>(memory).await.context("giving the index builds memory")?;
    // The lock is never held across the build: the other connections take their next one meanwhile.
    while let Some(structure) = { left.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).next() } {
        tx.execute(Sql::new(structure.build())).await.context("building an index of the rebuilt table")?;
    }
    tx.commit().await.context("committing the rebuilt table's indexes")?;
    Ok(())
}

/// Drops the live table and puts the new one, indexed, in its place under the same names.
async fn swap(tx: &mut impl Tx, structures: &[Structure]) -> StoreResult<()> {
    let numbering = format!("SELECT pg_get_serial_sequence('{LIVE}', 'doc_id')");
    let (sequence,): (Option<String>,) =
        tx.fetch_optional(Sql::new(numbering.clone())).await.context("reading the document numbering")?.unwrap_or_default();
    // Searches wait from here to the commit: dropping takes the live table's exclusive lock.
    tx.execute(Sql::new(format!("DROP TABLE {LIVE}"))).await.context("dropping the old index")?;
    tx.execute(Sql::new(format!("ALTER TABLE {TABLE} RENAME TO {LIVE}"))).await.context("putting the rebuilt index in place")?;
    for structure in structures {
        tx.execute(Sql::new(structure.rename())).await.context("naming an index of the rebuilt table")?;
    }
    // The numbering sequence keeps its name too, so that each rebuild finds things as migrations left them.
    let (current,): (Option<String>,) =
        tx.fetch_optional(Sql::new(numbering)).await.context("reading the new numbering")?.unwrap_or_default();
    if let (Some(old), Some(current)) = (sequence, current) {
        let name = old.rsplit('.').next().unwrap_or(&old);
        tx.execute(Sql::new(format!("ALTER SEQUENCE {current} RENAME TO {name}"))).await.context("naming the document numbering")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_is_built_on_the_new_table_under_a_temporary_name_and_renamed_after() {
        let index = Structure::Index {
            name: "search_documents_tsv_3".into(),
            definition: "CREATE INDEX search_documents_tsv_3 ON phakhi_test_1.search_documents USING gin (tsv) \
                         WITH (gin_pending_list_limit='256') WHERE ((doc_id % (16)::bigint) = 3)"
                .into(),
        };
        assert_eq!(
            index.build(),
            "CREATE INDEX search_documents_tsv_3_next ON search_documents_rebuild USING gin (tsv) \
             WITH (gin_pending_list_limit='256') WHERE ((doc_id % (16)::bigint) = 3)"
        );
        assert_eq!(index.rename(), "ALTER INDEX search_documents_tsv_3_next RENAME TO search_documents_tsv_3");
    }

    #[test]
    fn a_unique_key_stays_a_constraint() {
        let key = Structure::Constraint { name: "search_documents_kind_id_key".into(), definition: "UNIQUE (kind, id)".into() };
        assert_eq!(key.build(), "ALTER TABLE search_documents_rebuild ADD CONSTRAINT search_documents_kind_id_key_next UNIQUE (kind, id)");
        assert_eq!(
            key.rename(),
            "ALTER TABLE search_documents RENAME CONSTRAINT search_documents_kind_id_key_next TO search_documents_kind_id_key"
        );
        let unique_index =
            Structure::Index { name: "u".into(), definition: "CREATE UNIQUE INDEX u ON s.search_documents USING btree (id)".into() };
        assert_eq!(unique_index.build(), "CREATE UNIQUE INDEX u_next ON search_documents_rebuild USING btree (id)");
    }
}
