//! Export and import of the complete dump.

use super::{Sql, Tx};
use super::{activities, agreements, alignments, commitments, frameworks, networks, organizations, programmes, target_groups};
use super::{indicator_values, plan_indicators, plan_items, plans};
use crate::error::Context;
use crate::{DUMP_FORMAT, DUMP_VERSION, Dump, StoreError, StoreResult};

pub async fn export(tx: &mut impl Tx) -> StoreResult<Dump> {
    Ok(Dump {
        format: DUMP_FORMAT.to_owned(),
        version: DUMP_VERSION,
        target_groups: target_groups::all_custom(tx).await?,
        organizations: organizations::all(tx).await?,
        networks: networks::all(tx).await?,
        agreements: agreements::all(tx).await?,
        commitments: commitments::all(tx).await?,
        programmes: programmes::all(tx).await?,
        activities: activities::all(tx).await?,
        frameworks: frameworks::all_custom(tx).await?,
        framework_items: frameworks::all_custom_items(tx).await?,
        alignments: alignments::all(tx).await?,
        plans: plans::all(tx).await?,
        indicators: plan_indicators::all(tx).await?,
        plan_items: plan_items::all(tx).await?,
        indicator_values: indicator_values::all(tx).await?,
    })
}

/// Writes a dump's plans, indicators, trees and values as given (import and bulk loading).
pub async fn insert_plans(tx: &mut impl Tx, dump: &Dump) -> StoreResult<()> {
    for p in &dump.plans {
        plans::insert(tx, p).await?;
    }
    for i in &dump.indicators {
        plan_indicators::insert(tx, i).await?;
    }
    for item in &dump.plan_items {
        plan_items::insert(tx, item).await?;
    }
    for v in &dump.indicator_values {
        indicator_values::insert(tx, v).await?;
    }
    Ok(())
}

/// Tables that must be empty before an import (reference data excepted).
const USER_TABLES: [&str; 9] = [
    "SELECT COUNT(*) FROM plans",
    "SELECT COUNT(*) FROM organizations",
    "SELECT COUNT(*) FROM networks",
    "SELECT COUNT(*) FROM agreements",
    "SELECT COUNT(*) FROM programmes",
    "SELECT COUNT(*) FROM activities",
    "SELECT COUNT(*) FROM alignments",
    "SELECT COUNT(*) FROM frameworks WHERE NOT builtin",
    "SELECT COUNT(*) FROM target_groups WHERE NOT builtin",
];

fn invalid_in(list: &str, index: usize, v: phakhi_domain::Violations) -> StoreError {
    let mut nested = phakhi_domain::Violations::new();
    nested.nest(&format!("/{list}/{index}"), v);
    StoreError::Invalid(nested)
}

fn checked(list: &str, records: impl IntoIterator<Item = phakhi_domain::Violations>) -> StoreResult<()> {
    for (i, v) in records.into_iter().enumerate() {
        if !v.is_empty() {
            return Err(invalid_in(list, i, v));
        }
    }
    Ok(())
}

pub async fn import(tx: &mut impl Tx, dump: &Dump) -> StoreResult<()> {
    use phakhi_domain::Validate;
    if dump.format != DUMP_FORMAT || dump.version != DUMP_VERSION {
        return Err(StoreError::conflict(
            format!("ไฟล์นี้ไม่ใช่ไฟล์ส่งออกของ phakhi รุ่น {DUMP_VERSION}"),
            format!("This is not a phakhi dump of version {DUMP_VERSION} (found {} {})", dump.format, dump.version),
        ));
    }
    for sql in USER_TABLES {
        let (n,): (i64,) = tx.fetch_optional(Sql::new(sql)).await.context("checking the database is empty")?.unwrap_or((0,));
        if n > 0 {
            return Err(StoreError::conflict(
                "นำเข้าได้เฉพาะฐานข้อมูลที่ยังไม่มีข้อมูล",
                "A dump can only be imported into a database that holds no records yet",
            ));
        }
    }
    checked("target_groups", dump.target_groups.iter().map(Validate::validate))?;
    checked("organizations", dump.organizations.iter().map(|o| o.input.validate()))?;
    checked("networks", dump.networks.iter().map(|n| n.input.validate()))?;
    checked("agreements", dump.agreements.iter().map(|a| a.input.validate()))?;
    checked("commitments", dump.commitments.iter().map(|c| c.input.validate()))?;
    checked("programmes", dump.programmes.iter().map(|p| p.input.validate()))?;
    checked("activities", dump.activities.iter().map(|a| a.input.validate()))?;
    checked("frameworks", dump.frameworks.iter().map(|f| f.input.validate()))?;
    checked("framework_items", dump.framework_items.iter().map(|i| i.input.validate()))?;
    checked("plans", dump.plans.iter().map(|p| p.input.validate()))?;
    checked("indicators", dump.indicators.iter().map(|i| i.input.validate()))?;
    checked("plan_items", dump.plan_items.iter().map(|i| i.input.validate()))?;
    checked("indicator_values", dump.indicator_values.iter().map(|v| v.input.validate()))?;

    for (i, g) in dump.target_groups.iter().enumerate() {
        target_groups::upsert(tx, g, i64::MAX / 2 + i as i64, false).await?;
    }
    // Parents are linked after every organisation exists, so the dump's order does not matter.
    for o in &dump.organizations {
        let mut without_parent = o.clone();
        without_parent.input.parent_id = None;
        organizations::insert(tx, &without_parent).await?;
    }
    for o in dump.organizations.iter().filter(|o| o.input.parent_id.is_some()) {
        tx.execute(Sql::new("UPDATE organizations SET parent_id = $1 WHERE id = $2").bind(o.input.parent_id.map(|p| p.0)).bind(o.id.0))
            .await
            .context("linking parent organisations")?;
    }
    for n in &dump.networks {
        networks::insert(tx, n).await?;
    }
    for a in &dump.agreements {
        agreements::insert(tx, a).await?;
    }
    for c in &dump.commitments {
        commitments::insert(tx, c).await?;
    }
    for p in &dump.programmes {
        programmes::insert(tx, p).await?;
    }
    for a in &dump.activities {
        activities::insert(tx, a).await?;
    }
    for f in &dump.frameworks {
        frameworks::insert(tx, f).await?;
    }
    for item in &dump.framework_items {
        let mut without_parent = item.clone();
        without_parent.input.parent_id = None;
        frameworks::insert_item(tx, &without_parent).await?;
    }
    for item in dump.framework_items.iter().filter(|i| i.input.parent_id.is_some()) {
        tx.execute(
            Sql::new("UPDATE framework_items SET parent_id = $1 WHERE id = $2").bind(item.input.parent_id.map(|p| p.0)).bind(item.id.0),
        )
        .await
        .context("linking parent items")?;
    }
    for a in &dump.alignments {
        alignments::insert(tx, a).await?;
    }
    insert_plans(tx, dump).await?;
    // The database held no records before: the yearly figures are those of the dump, summed once.
    super::figures::rebuild(tx).await
}
