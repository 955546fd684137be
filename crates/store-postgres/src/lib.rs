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
        // Every statement planned for its own values: the connection keeps each statement prepared,
        // and after five runs PostgreSQL may plan it once for any values. Such a generic plan cannot
        // read an area's records through the index on the code's prefix (`area_code LIKE $4`), and
        // a province's training hours took 283 ms against 1–2 ms (decision 42; planning costs about
        // a millisecond). No just-in-time compilation either: phakhi's statements run in milliseconds,
        // and one whose estimated cost crossed `jit_above_cost` spent 20–280 ms compiling (a share's
        // sums on a province's page: 300 ms against 26 ms without). Both measured on the national
        // dataset.
        let options = options.options([("plan_cache_mode", "force_custom_plan"), ("jit", "off")]);
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

    async fn vacuum(&self, table: Option<&'static str>) -> Result<(), sqlx::Error> {
        let statement = match table {
            Some(table) => format!("VACUUM {table}"),
            None => {
                // The store's own tables: tests keep a schema each in one database.
                let (tables,): (String,) =
                    sqlx::query_as("SELECT string_agg(format('%I', tablename), ', ') FROM pg_tables WHERE schemaname = current_schema()")
                        .fetch_one(&self.pool)
                        .await?;
                format!("VACUUM (ANALYZE) {tables}")
            }
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&self.pool).await.map(|_| ())
    }
}

/// Opens a PostgreSQL store at `url`.
pub async fn open(url: &str) -> Result<PostgresStore, sqlx::Error> {
    Ok(SqlStore::new(Postgres::open(url).await?))
}
