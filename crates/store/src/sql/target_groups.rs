//! SQL for target groups.

use phakhi_domain::target_group::TargetGroup;

use super::checks;
use super::{Sql, Tx};
use crate::StoreResult;
use crate::error::Context;

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    name_th: String,
    name_en: String,
    builtin: bool,
}

pub async fn list(tx: &mut impl Tx) -> StoreResult<Vec<TargetGroup>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new("SELECT code, name_th, name_en, builtin FROM target_groups ORDER BY builtin DESC, position, code"))
        .await
        .context("listing target groups")?;
    Ok(rows.into_iter().map(|r| TargetGroup { code: r.code, name_th: r.name_th, name_en: r.name_en, builtin: r.builtin }).collect())
}

/// Inserts a target group a network adds (never built-in).
pub async fn create(tx: &mut impl Tx, mut group: TargetGroup) -> StoreResult<TargetGroup> {
    checks::validate(&group)?;
    group.builtin = false;
    upsert(tx, &group, i64::MAX / 2, false).await?;
    Ok(group)
}

/// Inserts a target group; with `replace`, refreshes the names of an existing one (reference data).
pub async fn upsert(tx: &mut impl Tx, g: &TargetGroup, position: i64, replace: bool) -> StoreResult<()> {
    let on_conflict = if replace {
        " ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en, builtin = excluded.builtin, \
         position = excluded.position"
    } else {
        ""
    };
    tx.execute(
        Sql::new(format!("INSERT INTO target_groups (code, name_th, name_en, builtin, position) VALUES ($1, $2, $3, $4, $5){on_conflict}"))
            .bind(g.code.as_str())
            .bind(g.name_th.as_str())
            .bind(g.name_en.as_str())
            .bind(g.builtin)
            .bind(position),
    )
    .await
    .context("writing a target group")?;
    Ok(())
}

/// Target groups a network added, for exports.
pub async fn all_custom(tx: &mut impl Tx) -> StoreResult<Vec<TargetGroup>> {
    Ok(list(tx).await?.into_iter().filter(|g| !g.builtin).collect())
}
