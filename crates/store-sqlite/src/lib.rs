//! SQLite backend: the default, embedded database — nothing to install.
//!
//! Durability and concurrency: the database runs in WAL mode with `synchronous = FULL`, so a
//! committed transaction survives the process (or the machine) dying. All writes go through a pool of
//! exactly one connection, so concurrent requests queue for the writer instead of failing with
//! "database is locked"; reads use a separate pool and never wait for writers.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use phakhi_store::sql::{Backend, SqlStore, SqlxTx};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// Readers in the pool: more than the cores of a small server, few enough to keep memory low.
const READERS: u32 = 8;
/// How long a writer waits for the file lock held by another process (e.g. a backup) before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes of the database file read through memory mapping rather than `read` calls: copying pages
/// from the kernel into each connection's own cache was a fifth of a national-scale search's time
/// (docs/performance.md). Address space, not memory: pages stay in the shared page cache.
const MMAP_BYTES: u64 = 16 << 30;

/// The SQLite backend.
#[derive(Debug, Clone)]
pub struct Sqlite {
    writer: SqlitePool,
    reader: SqlitePool,
}

/// A SQLite-backed store.
pub type SqliteStore = SqlStore<Sqlite>;

impl Sqlite {
    /// Opens (creating if needed) the database at a `sqlite://path` URL and applies migrations.
    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("mmap_size", MMAP_BYTES.to_string());
        let writer =
            SqlitePoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(60)).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let reader =
            SqlitePoolOptions::new().max_connections(READERS).connect_with(options.create_if_missing(false).read_only(true)).await?;
        Ok(Self { writer, reader })
    }

    /// A consistent copy of the live database in `out` (which must not exist), taken without
    /// stopping writers: `VACUUM INTO` reads one snapshot.
    pub async fn backup(&self, out: &Path) -> Result<(), sqlx::Error> {
        let path = out.to_str().ok_or_else(|| sqlx::Error::Configuration("backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.reader).await?;
        Ok(())
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

impl Backend for Sqlite {
    type Tx = SqlxTx<sqlx::Sqlite>;
    const NAME: &'static str = "sqlite";

    async fn begin_write(&self) -> Result<Self::Tx, sqlx::Error> {
        Ok(SqlxTx(self.writer.begin().await?))
    }

    async fn begin_read(&self) -> Result<Self::Tx, sqlx::Error> {
        Ok(SqlxTx(self.reader.begin().await?))
    }

    async fn vacuum(&self, _: Option<&'static str>) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

/// Opens a SQLite store at `url`.
pub async fn open(url: &str) -> Result<SqliteStore, sqlx::Error> {
    Ok(SqlStore::new(Sqlite::open(url).await?))
}
