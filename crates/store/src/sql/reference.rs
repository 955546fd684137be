//! Installing reference data: areas, built-in target groups and frameworks, once per version.

use std::collections::HashMap;

use phakhi_domain::Vocabulary;
use uuid::Uuid;

use super::checks::{self, placeholders};
use super::{Arg, Sql, Tx};
use super::{figures, frameworks};
use crate::error::Context;
use crate::{ReferenceSet, StoreResult};

/// Rows per multi-row INSERT: 500 rows × at most 13 columns stays under both databases' parameter limits.
const BATCH: usize = 500;

/// Inserts or refreshes rows in batches with one multi-row `INSERT … ON CONFLICT … DO UPDATE`.
async fn upsert_rows(tx: &mut impl Tx, table: &str, columns: &[&str], key: &str, rows: Vec<Vec<Arg>>) -> StoreResult<()> {
    let updates: Vec<String> = columns.iter().filter(|c| **c != key).map(|c| format!("{c} = excluded.{c}")).collect();
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len()).map(|r| format!("({})", placeholders(r * columns.len() + 1, columns.len()))).collect();
        let mut sql = Sql::new(format!(
            "INSERT INTO {table} ({}) VALUES {} ON CONFLICT ({key}) DO UPDATE SET {}",
            columns.join(", "),
            values.join(", "),
            updates.join(", ")
        ));
        sql.args = chunk.iter().flatten().cloned().collect();
        tx.execute(sql).await.context("installing reference data")?;
    }
    Ok(())
}

/// Installs the set unless this exact version is already installed. Returns whether anything was written.
pub async fn install(tx: &mut impl Tx, set: &ReferenceSet) -> StoreResult<bool> {
    let installed: Option<(String,)> = tx
        .fetch_optional(Sql::new("SELECT checksum FROM reference_data WHERE name = 'all'"))
        .await
        .context("reading the reference data version")?;
    if installed.as_ref().is_some_and(|(c,)| *c == set.checksum) {
        return Ok(false);
    }
    let goals_before = figures::goal_tree(tx).await?;
    let areas = set.areas.iter().map(|a| {
        vec![
            a.code.clone().into(),
            a.level.code().into(),
            a.parent_code.clone().into(),
            a.name_th.clone().into(),
            a.name_en.clone().into(),
            a.iso_3166_2.clone().into(),
            a.postcode.clone().into(),
            a.region_th.clone().into(),
            a.region_en.clone().into(),
        ]
    });
    upsert_rows(
        tx,
        "areas",
        &["code", "level", "parent_code", "name_th", "name_en", "iso_3166_2", "postcode", "region_th", "region_en"],
        "code",
        areas.collect(),
    )
    .await?;
    let groups = set
        .target_groups
        .iter()
        .enumerate()
        .map(|(i, g)| vec![g.code.clone().into(), g.name_th.clone().into(), g.name_en.clone().into(), true.into(), (i as i64).into()]);
    upsert_rows(tx, "target_groups", &["code", "name_th", "name_en", "builtin", "position"], "code", groups.collect()).await?;

    let at = checks::now();
    let frameworks = set.frameworks.iter().map(|f| {
        let mut row = vec![f.id.0.into()];
        row.extend(frameworks::fields(&f.input));
        row.extend([true.into(), 1i64.into(), at.into(), at.into()]);
        row
    });
    let framework_columns = [
        "id",
        "code",
        "kind",
        "name_th",
        "name_en",
        "publisher",
        "url",
        "description_th",
        "description_en",
        "builtin",
        "version",
        "created_at",
        "updated_at",
    ];
    upsert_rows(tx, "frameworks", &framework_columns, "id", frameworks.collect()).await?;
    let items = set.frameworks.iter().flat_map(|f| {
        f.items.iter().map(move |(id, input)| {
            let mut row = vec![id.0.into(), f.id.0.into()];
            row.extend(frameworks::item_fields(input));
            row.extend([1i64.into(), at.into(), at.into()]);
            row
        })
    });
    let item_columns = [
        "id",
        "framework_id",
        "parent_id",
        "code",
        "level",
        "title_th",
        "title_en",
        "position",
        "colour",
        "version",
        "created_at",
        "updated_at",
    ];
    upsert_rows(tx, "framework_items", &item_columns, "id", items.collect()).await?;
    for f in &set.frameworks {
        for (id, item) in &f.items {
            super::search::index(tx, &super::search::Document::item(&f.input.code, id.0, item)).await?;
        }
    }
    upsert_rows(
        tx,
        "reference_data",
        &["name", "checksum", "installed_at"],
        "name",
        vec![vec!["all".into(), set.checksum.clone().into(), at.into()]],
    )
    .await?;
    // An SDG item that moved to another goal takes the records aligned to it along: the goals'
    // figures are summed again (new items have nothing aligned to them yet).
    let goals_after: HashMap<Uuid, String> = figures::goal_tree(tx).await?.into_iter().collect();
    if goals_before.iter().any(|(item, goal)| goals_after.get(item) != Some(goal)) {
        figures::rebuild(tx).await?;
    }
    Ok(true)
}
