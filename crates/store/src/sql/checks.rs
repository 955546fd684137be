//! Checks that need the database: does the area, organisation, target group … a record refers to
//! exist; is the record still at the version the client read. Shared by every entity module.

use chrono::{DateTime, SubsecRound, Utc};
use phakhi_domain::{RecordMeta, Violations};
use uuid::Uuid;

use super::{Arg, Sql, Tx};
use crate::error::Context;
use crate::{Precondition, StoreError, StoreResult};

/// Now, at the precision both databases store (microseconds), so a record reads back exactly as
/// written and dumps round-trip.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Whether `sql` (a `SELECT COUNT(*) … WHERE key = $1`) counts any row.
async fn exists<T: Tx>(tx: &mut T, sql: &'static str, key: Arg) -> StoreResult<bool> {
    let row: Option<(i64,)> = tx.fetch_optional(Sql::new(sql).bind(key)).await.context("checking a reference")?;
    Ok(row.is_some_and(|(n,)| n > 0))
}

/// The references a record makes, checked together so every unknown one is reported at once.
#[derive(Debug, Default)]
pub struct References(Violations);

impl References {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts with the input's own rule violations, so the reply lists those and unknown
    /// references together.
    pub fn validated(input: &impl phakhi_domain::Validate) -> Self {
        Self(input.validate())
    }

    pub async fn area<T: Tx>(&mut self, tx: &mut T, field: &str, code: Option<&str>) -> StoreResult<()> {
        if let Some(code) = code
            && !exists(tx, "SELECT COUNT(*) FROM areas WHERE code = $1", code.into()).await?
        {
            self.0.add(field, "unknown_area", format!("ไม่พบรหัสพื้นที่ {code}"), format!("Unknown area code {code}"));
        }
        Ok(())
    }

    pub async fn organization<T: Tx>(&mut self, tx: &mut T, field: &str, id: Option<Uuid>) -> StoreResult<()> {
        if let Some(id) = id
            && !exists(tx, "SELECT COUNT(*) FROM organizations WHERE id = $1", id.into()).await?
        {
            self.0.add(field, "unknown_organization", "ไม่พบองค์กรนี้", format!("No organisation {id}"));
        }
        Ok(())
    }

    pub async fn organizations<T: Tx>(&mut self, tx: &mut T, field: &str, ids: &[Uuid]) -> StoreResult<()> {
        for (i, id) in ids.iter().enumerate() {
            self.organization(tx, &format!("{field}/{i}"), Some(*id)).await?;
        }
        Ok(())
    }

    pub async fn target_groups<T: Tx>(&mut self, tx: &mut T, field: &str, codes: &[String]) -> StoreResult<()> {
        for (i, code) in codes.iter().enumerate() {
            self.target_group(tx, &format!("{field}/{i}"), Some(code)).await?;
        }
        Ok(())
    }

    pub async fn target_group<T: Tx>(&mut self, tx: &mut T, field: &str, code: Option<&str>) -> StoreResult<()> {
        if let Some(code) = code
            && !exists(tx, "SELECT COUNT(*) FROM target_groups WHERE code = $1", code.into()).await?
        {
            self.0.add(field, "unknown_target_group", format!("ไม่พบกลุ่มเป้าหมาย {code}"), format!("Unknown target group {code}"));
        }
        Ok(())
    }

    pub async fn row<T: Tx>(
        &mut self,
        tx: &mut T,
        field: &str,
        sql: &'static str,
        id: Option<Uuid>,
        th: &str,
        en: &str,
    ) -> StoreResult<()> {
        if let Some(id) = id
            && !exists(tx, sql, id.into()).await?
        {
            self.0.add(field, "unknown_reference", th, format!("{en} {id}"));
        }
        Ok(())
    }

    /// Adds a violation found by other means.
    pub fn add(&mut self, field: &str, code: &str, th: &str, en: &str) {
        self.0.add(field, code, th, en);
    }

    /// `Err(Invalid)` if anything was unknown.
    pub fn finish(self) -> StoreResult<()> {
        self.0.into_result().map_err(StoreError::Invalid)
    }
}

/// Validates an input's own rules.
pub fn validate(input: &impl phakhi_domain::Validate) -> StoreResult<()> {
    input.validate().into_result().map_err(StoreError::Invalid)
}

/// Moves a record to its next version, honouring the client's precondition, and returns its new
/// bookkeeping. The conditional UPDATE also guards against a concurrent writer on PostgreSQL.
pub async fn next_version<T: Tx>(
    tx: &mut T,
    table: &'static str,
    entity: &'static str,
    id: Uuid,
    pre: Precondition,
) -> StoreResult<RecordMeta> {
    let (current, created_at) = current_version(tx, table, entity, id, pre).await?;
    let updated_at = now();
    let changed = tx
        .execute(
            Sql::new(format!("UPDATE {table} SET version = $1, updated_at = $2 WHERE id = $3 AND version = $4"))
                .bind(current + 1)
                .bind(updated_at)
                .bind(id)
                .bind(current),
        )
        .await
        .context("updating a version")?;
    if changed == 0 {
        return Err(StoreError::VersionMismatch { current: current + 1 });
    }
    Ok(RecordMeta { version: current + 1, created_at, updated_at })
}

/// The record's version and creation time, after checking the precondition.
pub async fn current_version<T: Tx>(
    tx: &mut T,
    table: &'static str,
    entity: &'static str,
    id: Uuid,
    pre: Precondition,
) -> StoreResult<(i64, DateTime<Utc>)> {
    let row: Option<(i64, DateTime<Utc>)> = tx
        .fetch_optional(Sql::new(format!("SELECT version, created_at FROM {table} WHERE id = $1")).bind(id))
        .await
        .context("reading a version")?;
    let Some((current, created_at)) = row else { return Err(StoreError::not_found(entity, id)) };
    match pre {
        Precondition::Version(expected) if expected != current => Err(StoreError::VersionMismatch { current }),
        _ => Ok((current, created_at)),
    }
}

/// Bookkeeping of a record created now.
pub fn first_version() -> RecordMeta {
    let at = now();
    RecordMeta { version: 1, created_at: at, updated_at: at }
}

/// Parses a vocabulary code read from the database.
pub fn code<V: phakhi_domain::Vocabulary>(table: &'static str, value: &str) -> StoreResult<V> {
    V::from_code(value).ok_or_else(|| StoreError::Corrupt { table, detail: format!("'{value}' is not a {}", V::NAME) })
}

/// Placeholders `$first … $first+n-1` for an IN list.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Ids are loaded in chunks so an IN list never exceeds either database's parameter limit.
pub const CHUNK: usize = 500;

/// Runs `sql_prefix IN (…) sql_suffix` for every chunk of ids and concatenates the rows.
pub async fn fetch_for_ids<T: Tx, R: super::Record>(tx: &mut T, sql_prefix: &str, sql_suffix: &str, ids: &[Uuid]) -> StoreResult<Vec<R>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(format!("{sql_prefix} IN ({}) {sql_suffix}", placeholders(1, chunk.len())));
        for id in chunk {
            sql = sql.bind(*id);
        }
        rows.extend(tx.fetch_all::<R>(sql).await.context("loading related rows")?);
    }
    Ok(rows)
}

/// Deletes a record after checking its precondition.
pub async fn delete_row<T: Tx>(tx: &mut T, table: &'static str, entity: &'static str, id: Uuid, pre: Precondition) -> StoreResult<()> {
    current_version(tx, table, entity, id, pre).await?;
    tx.execute(Sql::new(format!("DELETE FROM {table} WHERE id = $1")).bind(id)).await.context("deleting a record")?;
    Ok(())
}

/// Removes the alignments of a record being deleted (they have no meaning without it).
pub async fn delete_alignments_of<T: Tx>(tx: &mut T, kind: &str, id: Uuid) -> StoreResult<()> {
    tx.execute(Sql::new("DELETE FROM alignments WHERE subject_kind = $1 AND subject_id = $2").bind(kind).bind(id))
        .await
        .context("deleting alignments")?;
    Ok(())
}
