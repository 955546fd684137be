//! One implementation of [`Store`](crate::Store) in portable SQL.
//!
//! SQLite and PostgreSQL understand the same SQL for everything phakhi does, with `$1, $2 …`
//! placeholders (sqlx maps them to SQLite's numbered parameters). What differs — connecting, pragmas,
//! migrations, how a value is bound — lives behind [`Backend`] and [`Tx`], implemented by the
//! `phakhi-store-sqlite` and `phakhi-store-postgres` crates. Column types are chosen so one Rust type
//! decodes from both: ids are UUIDs (BLOB in SQLite, `uuid` in PostgreSQL), integers are 64-bit,
//! timestamps are UTC.
//!
//! Each entity has its own module holding all of its SQL.

mod access;
mod accounts;
mod activities;
mod agreements;
mod alignments;
mod area_breakdown;
mod areas;
mod audit;
mod bulk;
mod checks;
mod commitments;
mod dump;
mod figures;
mod frameworks;
mod gaps;
mod indicator_values;
mod indicators;
mod links;
mod networks;
mod organization_work;
mod organizations;
mod overview;
mod participants;
mod plan_indicators;
mod plan_items;
mod plan_progress;
mod plans;
mod programmes;
mod query;
mod recompute;
mod reference;
mod search;
mod sheet;
mod store_impl;
mod target_groups;
mod transaction;
mod uploads;

use std::borrow::Cow;
use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub use query::Select;
pub use store_impl::SqlStore;
pub use transaction::SqlxTx;

/// A value bound to a placeholder. Each variant carries its SQL type even when NULL, because
/// PostgreSQL needs to know the type of every parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
    Date(Option<NaiveDate>),
    Timestamp(Option<DateTime<Utc>>),
    Json(Option<serde_json::Value>),
    /// A file's contents (BLOB in SQLite, `bytea` in PostgreSQL).
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($($t:ty => $variant:ident $(via $conv:expr)?),+ $(,)?) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::from(Some(v))
            }
        }
        impl From<Option<$t>> for Arg {
            fn from(v: Option<$t>) -> Self {
                Arg::$variant(v $(.map($conv))?)
            }
        }
    )+};
}

arg_from!(
    Uuid => Uuid,
    String => Text,
    i64 => Int,
    f64 => Real,
    bool => Bool,
    NaiveDate => Date,
    DateTime<Utc> => Timestamp,
    serde_json::Value => Json,
    Vec<u8> => Bytes,
    &str => Text via str::to_owned,
    u32 => Int via i64::from,
    i32 => Int via i64::from,
);

/// A statement and its arguments.
#[derive(Debug, Clone)]
pub struct Sql {
    pub text: Cow<'static, str>,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        Self { text: text.into(), args: Vec::new() }
    }

    /// Appends the value for the next placeholder.
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }
}

/// A row type both backends can decode.
pub trait Record:
    for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin
{
}
impl<T> Record for T where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin
{
}

/// Which SQL dialect a transaction speaks, for the few statements that differ (full-text search).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// An open transaction. Dropping it without `commit` rolls it back.
pub trait Tx: Send {
    fn dialect(&self) -> Dialect;
    fn execute(&mut self, sql: Sql) -> impl Future<Output = Result<u64, sqlx::Error>> + Send;
    fn fetch_all<R: Record>(&mut self, sql: Sql) -> impl Future<Output = Result<Vec<R>, sqlx::Error>> + Send;
    fn fetch_optional<R: Record>(&mut self, sql: Sql) -> impl Future<Output = Result<Option<R>, sqlx::Error>> + Send;
    /// PostgreSQL: runs `COPY … FROM STDIN` (`statement`) with `data` in COPY's text format and
    /// returns the rows copied. SQLite has no COPY: callers write multi-row inserts there instead.
    fn copy_in(&mut self, statement: String, data: Vec<u8>) -> impl Future<Output = Result<u64, sqlx::Error>> + Send;
    fn commit(self) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
    /// Ends the transaction now. A dropped sqlx transaction is only rolled back when its connection
    /// is next used, and on PostgreSQL it would hold its locks until then.
    fn rollback(self) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

/// A database phakhi can run on.
pub trait Backend: Send + Sync + std::fmt::Debug + 'static {
    type Tx: Tx;
    /// `sqlite` or `postgres`.
    const NAME: &'static str;
    /// A transaction that may write. SQLite serialises these through its single writer connection.
    fn begin_write(&self) -> impl Future<Output = Result<Self::Tx, sqlx::Error>> + Send;
    /// A read-only transaction: a consistent snapshot for reads spanning several tables.
    fn begin_read(&self) -> impl Future<Output = Result<Self::Tx, sqlx::Error>> + Send;
    /// PostgreSQL's `VACUUM` of `table`, or of every table with their statistics when `None`, after
    /// the writes it follows committed (it cannot run inside a transaction). It clears out deleted
    /// rows: until it runs after a rebuild of the search index, the GIN indexes still hold every
    /// deleted document's entries, each checked against the table by every search (a broad national
    /// search read 4,500 table pages instead of 1,000). And it marks the pages whose rows every
    /// transaction sees, so that index-only scans stop reading the table: after a national bulk load,
    /// a province's training hours took 13–15 ms, 4 ms once vacuumed. Autovacuum does both in time,
    /// but may be slow to after a load, or (as on some test machines) off. Both measured. SQLite
    /// removes index entries as it deletes rows and needs nothing.
    fn vacuum(&self, table: Option<&'static str>) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

/// Whether a migration holds `statement` as written, however it wraps the lines: runs of spaces and
/// line breaks, and spaces just inside parentheses, do not count. For the tests that keep a
/// migration's backfill equal to the statement that rebuilds the same table.
#[cfg(test)]
pub(crate) fn migration_holds(migration: &str, statement: &str) -> bool {
    let words = |sql: &str| sql.split_whitespace().collect::<Vec<_>>().join(" ").replace("( ", "(").replace(" )", ")");
    words(migration).contains(&words(statement))
}
