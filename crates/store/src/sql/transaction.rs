//! [`Tx`] over a sqlx transaction, for both databases.
//!
//! The two implementations are the same code over different concrete sqlx types; a macro writes it
//! once, because expressing "every value type binds to this database" as generic bounds over
//! `sqlx::Database` is far harder to read than the code itself.

use super::{Arg, Dialect, Record, Sql, Tx};
use sqlx::AssertSqlSafe;

/// An open sqlx transaction on database `DB`.
#[derive(Debug)]
pub struct SqlxTx<DB: sqlx::Database>(pub sqlx::Transaction<'static, DB>);

macro_rules! impl_tx {
    ($db:ty, $dialect:expr) => {
        impl SqlxTx<$db> {
            fn prepare(sql: Sql) -> sqlx::query::Query<'static, $db, <$db as sqlx::Database>::Arguments> {
                let mut query = sqlx::query(AssertSqlSafe(sql.text));
                for arg in sql.args {
                    query = match arg {
                        Arg::Uuid(v) => query.bind(v),
                        Arg::Text(v) => query.bind(v),
                        Arg::Int(v) => query.bind(v),
                        Arg::Real(v) => query.bind(v),
                        Arg::Bool(v) => query.bind(v),
                        Arg::Date(v) => query.bind(v),
                        Arg::Timestamp(v) => query.bind(v),
                        Arg::Json(v) => query.bind(v.map(sqlx::types::Json)),
                        Arg::Bytes(v) => query.bind(v),
                    };
                }
                query
            }
        }

        impl Tx for SqlxTx<$db> {
            fn dialect(&self) -> Dialect {
                $dialect
            }

            async fn execute(&mut self, sql: Sql) -> Result<u64, sqlx::Error> {
                Ok(Self::prepare(sql).execute(&mut *self.0).await?.rows_affected())
            }

            async fn fetch_all<R: Record>(&mut self, sql: Sql) -> Result<Vec<R>, sqlx::Error> {
                let rows = Self::prepare(sql).fetch_all(&mut *self.0).await?;
                rows.iter().map(|row| R::from_row(row)).collect()
            }

            async fn fetch_optional<R: Record>(&mut self, sql: Sql) -> Result<Option<R>, sqlx::Error> {
                let row = Self::prepare(sql).fetch_optional(&mut *self.0).await?;
                row.as_ref().map(|row| R::from_row(row)).transpose()
            }

            async fn copy_in(&mut self, statement: String, data: Vec<u8>) -> Result<u64, sqlx::Error> {
                self.copy_in_data(statement, data).await
            }

            async fn commit(self) -> Result<(), sqlx::Error> {
                self.0.commit().await
            }

            async fn rollback(self) -> Result<(), sqlx::Error> {
                self.0.rollback().await
            }
        }
    };
}

impl_tx!(sqlx::Sqlite, Dialect::Sqlite);
impl_tx!(sqlx::Postgres, Dialect::Postgres);

impl SqlxTx<sqlx::Sqlite> {
    async fn copy_in_data(&mut self, _statement: String, _data: Vec<u8>) -> Result<u64, sqlx::Error> {
        Err(sqlx::Error::Protocol("COPY is PostgreSQL's; SQLite is written with INSERT".into()))
    }
}

impl SqlxTx<sqlx::Postgres> {
    async fn copy_in_data(&mut self, statement: String, data: Vec<u8>) -> Result<u64, sqlx::Error> {
        let mut copy = self.0.copy_in_raw(&statement).await?;
        copy.send(data).await?;
        copy.finish().await
    }
}
