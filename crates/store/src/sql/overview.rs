//! SQL for the network at a glance: counts grouped by sector, status, gender, target group, SDG goal,
//! province and month. Each figure is one aggregate query; nothing is summed in Rust.

use phakhi_domain::FiscalYear;

use super::activities::fiscal_year_bounds;
use super::{Dialect, Sql, Tx};
use crate::error::Context;
use crate::{ActivityTally, Coverage, Overview, StoreResult, Tally};

pub async fn overview(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Overview> {
    let (start, end) = fiscal_year_bounds(fy);
    let in_year = |sql: &'static str| Sql::new(sql).bind(start).bind(end);

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
    let programmes =
        count(tx, Sql::new("SELECT COUNT(*) FROM programmes WHERE fiscal_year = $1").bind(fy.be()), "counting programmes").await?;
    let activities =
        count(tx, in_year("SELECT COUNT(*) FROM activities WHERE starts_at >= $1 AND starts_at < $2"), "counting activities").await?;
    let participants = count(
        tx,
        in_year(
            "SELECT CAST(COALESCE(SUM(c.count), 0) AS BIGINT) FROM participation_cells c JOIN activities a ON a.id = c.activity_id \
             WHERE a.starts_at >= $1 AND a.starts_at < $2",
        ),
        "counting participants",
    )
    .await?;
    let participants_by_gender = tallies(
        tx,
        in_year(
            "SELECT c.gender, CAST(SUM(c.count) AS BIGINT) FROM participation_cells c JOIN activities a ON a.id = c.activity_id \
             WHERE a.starts_at >= $1 AND a.starts_at < $2 GROUP BY c.gender ORDER BY 2 DESC, 1",
        ),
        "counting participants by gender",
    )
    .await?;
    let participants_by_target_group = tallies(
        tx,
        in_year(
            "SELECT COALESCE(c.target_group, 'not_stated'), CAST(SUM(c.count) AS BIGINT) FROM participation_cells c \
             JOIN activities a ON a.id = c.activity_id WHERE a.starts_at >= $1 AND a.starts_at < $2 \
             GROUP BY COALESCE(c.target_group, 'not_stated') ORDER BY 2 DESC, 1",
        ),
        "counting participants by target group",
    )
    .await?;
    let sdg_goals = sdg_goals(tx, fy).await?;
    let by_province = activity_tallies(tx, "substr(a.area_code, 1, 2)", "a.area_code IS NOT NULL", fy).await?;
    let month = match tx.dialect() {
        Dialect::Sqlite => "strftime('%Y-%m', a.starts_at, '+7 hours')",
        Dialect::Postgres => "to_char(a.starts_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM')",
    };
    let by_month = activity_tallies(tx, month, "1 = 1", fy).await?;
    let fiscal_years_with_records = fiscal_years_with_records(tx).await?;
    Ok(Overview {
        fiscal_year: fy,
        fiscal_years_with_records,
        organizations_by_sector,
        networks,
        agreements_by_status,
        programmes,
        activities,
        participants,
        participants_by_gender,
        participants_by_target_group,
        sdg_goals,
        by_province,
        by_month,
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

/// Activities and participants of the fiscal year grouped by `key` (a SQL expression over `a`).
async fn activity_tallies(tx: &mut impl Tx, key: &str, condition: &str, fy: FiscalYear) -> StoreResult<Vec<ActivityTally>> {
    let (start, end) = fiscal_year_bounds(fy);
    let sql = format!(
        "SELECT {key} AS k, COUNT(*), CAST(COALESCE(SUM(p.n), 0) AS BIGINT) FROM activities a \
         LEFT JOIN (SELECT activity_id, SUM(count) AS n FROM participation_cells GROUP BY activity_id) p ON p.activity_id = a.id \
         WHERE a.starts_at >= $1 AND a.starts_at < $2 AND {condition} GROUP BY {key} ORDER BY 1"
    );
    let rows: Vec<(String, i64, i64)> = tx.fetch_all(Sql::new(sql).bind(start).bind(end)).await.context("counting activities by group")?;
    Ok(rows
        .into_iter()
        .map(|(key, a, p)| ActivityTally { key, activities: u64::try_from(a).unwrap_or(0), participants: u64::try_from(p).unwrap_or(0) })
        .collect())
}

/// Every SDG goal with the programmes of the year and the activities starting in it that are aligned
/// to the goal or to any of its targets and indicators.
async fn sdg_goals(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<Coverage>> {
    let (start, end) = fiscal_year_bounds(fy);
    let sql = Sql::new(
        "WITH RECURSIVE under_goal(item_id, goal_id) AS ( \
             SELECT fi.id, fi.id FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id \
             WHERE f.code = 'sdg' AND fi.parent_id IS NULL \
             UNION ALL SELECT c.id, u.goal_id FROM framework_items c JOIN under_goal u ON c.parent_id = u.item_id), \
         aligned AS ( \
             SELECT DISTINCT u.goal_id, al.subject_kind, al.subject_id FROM alignments al JOIN under_goal u ON u.item_id = al.item_id \
             WHERE al.subject_kind IN ('programme', 'activity')) \
         SELECT g.code, \
             (SELECT COUNT(*) FROM aligned x JOIN programmes p ON p.id = x.subject_id \
              WHERE x.goal_id = g.id AND x.subject_kind = 'programme' AND p.fiscal_year = $1), \
             (SELECT COUNT(*) FROM aligned x JOIN activities a ON a.id = x.subject_id \
              WHERE x.goal_id = g.id AND x.subject_kind = 'activity' AND a.starts_at >= $2 AND a.starts_at < $3) \
         FROM framework_items g JOIN frameworks f ON f.id = g.framework_id \
         WHERE f.code = 'sdg' AND g.parent_id IS NULL ORDER BY g.position",
    )
    .bind(fy.be())
    .bind(start)
    .bind(end);
    let rows: Vec<(String, i64, i64)> = tx.fetch_all(sql).await.context("measuring SDG coverage")?;
    Ok(rows
        .into_iter()
        .map(|(code, p, a)| Coverage { code, programmes: u64::try_from(p).unwrap_or(0), activities: u64::try_from(a).unwrap_or(0) })
        .collect())
}

/// Fiscal years of programmes, and of activities by their start in Thai time.
async fn fiscal_years_with_records(tx: &mut impl Tx) -> StoreResult<Vec<FiscalYear>> {
    let programme_years: Vec<(i64,)> =
        tx.fetch_all(Sql::new("SELECT DISTINCT fiscal_year FROM programmes")).await.context("listing fiscal years")?;
    let (first, last): (Option<chrono::DateTime<chrono::Utc>>, Option<chrono::DateTime<chrono::Utc>>) = tx
        .fetch_optional(Sql::new("SELECT MIN(starts_at), MAX(starts_at) FROM activities"))
        .await
        .context("finding the span of activities")?
        .unwrap_or((None, None));
    let mut years: Vec<FiscalYear> =
        programme_years.into_iter().filter_map(|(y,)| i32::try_from(y).ok()).filter_map(|y| FiscalYear::from_be(y).ok()).collect();
    if let (Some(first), Some(last)) = (first, last) {
        let thai = |t: chrono::DateTime<chrono::Utc>| FiscalYear::containing((t + chrono::Duration::hours(7)).date_naive());
        let (from, to) = (thai(first).be(), thai(last).be());
        // Only years in which some activity actually starts.
        for be in from..=to {
            let fy = FiscalYear::from_be(be).expect("between two valid fiscal years");
            let (start, end) = fiscal_year_bounds(fy);
            let n = count(
                tx,
                Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM activities WHERE starts_at >= $1 AND starts_at < $2 LIMIT 1) x")
                    .bind(start)
                    .bind(end),
                "checking a fiscal year for activities",
            )
            .await?;
            if n > 0 {
                years.push(fy);
            }
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}
