//! PostgreSQL backend: the scale-out path. Several stateless `phakhi` processes can share one
//! database; every request is one transaction, and optimistic versions guard concurrent edits.

use std::str::FromStr;
use std::time::Duration;

use phakhi_store::sql::{Backend, SqlStore, SqlxTx};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

/// Connections per process; several processes share the server's `max_connections`.
const CONNECTIONS: u32 = 16;

/// The PostgreSQL backend.
#[derive(Debug, Clone)]
pub struct Postgres {
    pool: PgPool,
}

/// A PostgreSQL-backed store.
pub type PostgresStore = SqlStore<Postgres>;

impl Postgres {
    /// Connects to a `postgres://` URL and applies migrations.
    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        Self::open_with(PgConnectOptions::from_str(url)?).await
    }

    /// Connects with explicit options (tests use them to pick an isolated schema) and migrates.
    pub async fn open_with(options: PgConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new().max_connections(CONNECTIONS).acquire_timeout(Duration::from_secs(30)).connect_with(options).await?;
        // Several processes may start at once: the migrator serialises them with an advisory lock.
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl Backend for Postgres {
    type Tx = SqlxTx<sqlx::Postgres>;
    const NAME: &'static str = "postgres";

    async fn begin_write(&self) -> Result<Self::Tx, sqlx::Error> {
        Ok(SqlxTx(self.pool.begin().await?))
    }

    async fn begin_read(&self) -> Result<Self::Tx, sqlx::Error> {
        Ok(SqlxTx(self.pool.begin().await?))
    }

    async fn vacuum_search_index(&self) -> Result<(), sqlx::Error> {
        sqlx::query("VACUUM search_documents").execute(&self.pool).await.map(|_| ())
    }
}

/// Opens a PostgreSQL store at `url`.
pub async fn open(url: &str) -> Result<PostgresStore, sqlx::Error> {
    Ok(SqlStore::new(Postgres::open(url).await?))
}
