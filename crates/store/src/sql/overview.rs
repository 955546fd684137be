//! SQL for the network at a glance. Counts of organisations, networks and agreements are aggregate
//! queries over their (small) tables; everything counted by fiscal year — programmes, activities,
//! participants and their breakdowns, SDG coverage — is read from the yearly figures kept summed as
//! records are written (`figures`), because summing ten million participation cells per request
//! took 16 s at national scale.

use phakhi_domain::FiscalYear;

use super::figures::{self, Dimension};
use super::{Sql, Tx};
use crate::error::Context;
use crate::{Overview, StoreResult, Tally};

pub async fn overview(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Overview> {
    let organizations_by_sector = tallies(
        tx,
        Sql::new("SELECT sector, COUNT(*) FROM organizations WHERE status = 'active' GROUP BY sector ORDER BY 2 DESC, 1"),
        "counting organisations by sector",
    )
    .await?;
    let agreements_by_status = tallies(
        tx,
        Sql::new("SELECT status, COUNT(*) FROM agreements GROUP BY status ORDER BY 2 DESC, 1"),
        "counting agreements by status",
    )
    .await?;
    let networks = count(tx, Sql::new("SELECT COUNT(*) FROM networks"), "counting networks").await?;
    let year = fy.be();
    let (programmes, activities, participants) = figures::totals(tx, year).await?;
    Ok(Overview {
        fiscal_year: fy,
        fiscal_years_with_records: fiscal_years_with_records(tx).await?,
        organizations_by_sector,
        networks,
        agreements_by_status,
        programmes,
        activities,
        participants,
        participants_by_gender: figures::participant_tallies(tx, year, Dimension::Gender).await?,
        participants_by_target_group: figures::participant_tallies(tx, year, Dimension::TargetGroup).await?,
        sdg_goals: figures::goal_coverage(tx, year).await?,
        by_province: figures::activity_tallies(tx, year, Dimension::Province).await?,
        by_month: figures::activity_tallies(tx, year, Dimension::Month).await?,
    })
}

async fn count(tx: &mut impl Tx, sql: Sql, context: &'static str) -> StoreResult<u64> {
    let (n,): (i64,) = tx.fetch_optional(sql).await.context(context)?.unwrap_or((0,));
    Ok(u64::try_from(n).unwrap_or(0))
}

async fn tallies(tx: &mut impl Tx, sql: Sql, context: &'static str) -> StoreResult<Vec<Tally>> {
    let rows: Vec<(String, i64)> = tx.fetch_all(sql).await.context(context)?;
    Ok(rows.into_iter().map(|(code, n)| Tally { code, count: u64::try_from(n).unwrap_or(0) }).collect())
}

/// Fiscal years with programmes, or with activities starting in them (Thai time), newest first.
async fn fiscal_years_with_records(tx: &mut impl Tx) -> StoreResult<Vec<FiscalYear>> {
    let years = figures::fiscal_years(tx).await?;
    Ok(years.into_iter().filter_map(|y| i32::try_from(y).ok()).filter_map(|y| FiscalYear::from_be(y).ok()).collect())
}
