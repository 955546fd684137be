//! SQL for the gaps of a fiscal year: what no programme or activity of the year reaches. Each list is
//! one query in which every candidate (a goal, a target group, a province, a signatory) probes the
//! indexes for one piece of the year's work and stops at the first it finds. Collecting the year's
//! whole work first (170,000 activities at national scale) took 0.7–1.3 s per list; a probe reads a
//! few rows where there is work, and a gap (rare, and what the list is for) reads that candidate's
//! work of every year.

use super::activities::fiscal_year_bounds;
use super::{Sql, Tx};
use crate::StoreResult;
use crate::error::Context;
use crate::gaps::{Gaps, MissingValue, SilentSignatory, Uncovered};
use phakhi_domain::FiscalYear;

/// The framework items whose coverage is reported: SDG goals and targets (indicators are too fine to
/// be a gap of a network's work) and the learning-city areas.
const REPORTED_ITEMS: &str = "((f.code = 'sdg' AND fi.level IN ('goal', 'target')) OR (f.code = 'unesco-lc' AND fi.level = 'area'))";

pub async fn gaps(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Gaps> {
    Ok(Gaps {
        fiscal_year: fy,
        framework_items: framework_items(tx, fy).await?,
        target_groups: target_groups(tx, fy).await?,
        provinces: provinces(tx, fy).await?,
        silent_signatories: silent_signatories(tx, fy).await?,
        indicators_without_value: indicators_without_value(tx, fy).await?,
    })
}

/// `$1` fiscal year (BE), `$2`/`$3` its bounds: binds them.
fn in_year(sql: String, fy: FiscalYear) -> Sql {
    let (start, end) = fiscal_year_bounds(fy);
    Sql::new(sql).bind(fy.be()).bind(start).bind(end)
}

/// The probe is a scalar subquery with `LIMIT 1` rather than `NOT EXISTS`: PostgreSQL turns `NOT
/// EXISTS` into an anti-join against the whole year's aligned work (2.4 s at national scale) but runs a
/// limited subquery per item (31 ms).
async fn framework_items(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<Uncovered>> {
    let sql = in_year(
        format!(
            "WITH RECURSIVE under(item_id, top_id) AS ( \
                 SELECT fi.id, fi.id FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id WHERE {REPORTED_ITEMS} \
                 UNION ALL SELECT c.id, u.top_id FROM framework_items c JOIN under u ON c.parent_id = u.item_id) \
             SELECT f.code, fi.code, fi.level, COALESCE(fi.title_th, fi.title_en, fi.code), fi.title_en \
             FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id \
             WHERE {REPORTED_ITEMS} AND ( \
                 SELECT 1 FROM under u JOIN alignments al ON al.item_id = u.item_id \
                 LEFT JOIN programmes p ON al.subject_kind = 'programme' AND p.id = al.subject_id AND p.fiscal_year = $1 \
                 LEFT JOIN activities a ON al.subject_kind = 'activity' AND a.id = al.subject_id \
                 AND a.starts_at >= $2 AND a.starts_at < $3 \
                 WHERE u.top_id = fi.id AND (p.id IS NOT NULL OR a.id IS NOT NULL) LIMIT 1) IS NULL"
        ),
        fy,
    );
    let rows: Vec<(String, String, String, String, Option<String>)> = tx.fetch_all(sql).await.context("finding framework gaps")?;
    let mut items: Vec<Uncovered> = rows
        .into_iter()
        .map(|(scheme, code, level, name_th, name_en)| Uncovered { scheme, code, level: Some(level), name_th, name_en })
        .collect();
    items.sort_by_cached_key(|i| (i.scheme.clone(), code_order(&i.code)));
    Ok(items)
}

/// `5.10` after `5.9`: codes compared part by part, numbers as numbers.
fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split('.').map(|part| (part.parse().unwrap_or(u64::MAX), part.to_owned())).collect()
}

async fn target_groups(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<Uncovered>> {
    let sql = in_year(
        "SELECT tg.code, tg.name_th, tg.name_en FROM target_groups tg \
         WHERE NOT EXISTS (SELECT 1 FROM programme_target_groups x JOIN programmes p ON p.id = x.programme_id \
             WHERE x.target_group = tg.code AND p.fiscal_year = $1) \
         AND NOT EXISTS (SELECT 1 FROM activity_target_groups x JOIN activities a ON a.id = x.activity_id \
             WHERE x.target_group = tg.code AND a.starts_at >= $2 AND a.starts_at < $3) \
         ORDER BY tg.position, tg.code"
            .to_owned(),
        fy,
    );
    let rows: Vec<(String, String, String)> = tx.fetch_all(sql).await.context("finding target groups without work")?;
    Ok(rows
        .into_iter()
        .map(|(code, name_th, name_en)| Uncovered { scheme: "target_group".into(), code, level: None, name_th, name_en: Some(name_en) })
        .collect())
}

async fn provinces(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<Uncovered>> {
    let sql = in_year(
        "SELECT ar.code, ar.name_th, ar.name_en FROM areas ar WHERE ar.level = 'province' \
         AND NOT EXISTS (SELECT 1 FROM programmes p WHERE p.fiscal_year = $1 AND substr(p.area_code, 1, 2) = ar.code) \
         AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.starts_at >= $2 AND a.starts_at < $3 \
             AND substr(a.area_code, 1, 2) = ar.code) \
         ORDER BY ar.code"
            .to_owned(),
        fy,
    );
    let rows: Vec<(String, String, String)> = tx.fetch_all(sql).await.context("finding provinces without work")?;
    Ok(rows
        .into_iter()
        .map(|(code, name_th, name_en)| Uncovered { scheme: "province".into(), code, level: None, name_th, name_en: Some(name_en) })
        .collect())
}

/// `CROSS JOIN` makes SQLite, which plans without statistics, start from the party's own partner rows
/// rather than from the whole year's programmes or activities; PostgreSQL plans it as any join.
async fn silent_signatories(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<SilentSignatory>> {
    let sql = in_year(
        "SELECT ag.id AS agreement_id, ag.title_th AS agreement_title_th, ag.title_en AS agreement_title_en, \
         o.id AS organization_id, o.name_th AS organization_name_th, o.name_en AS organization_name_en FROM agreement_parties ap \
         JOIN agreements ag ON ag.id = ap.agreement_id JOIN organizations o ON o.id = ap.organization_id \
         WHERE ag.status = 'active' \
         AND NOT EXISTS (SELECT 1 FROM programmes p WHERE p.lead_organization_id = o.id AND p.fiscal_year = $1) \
         AND NOT EXISTS (SELECT 1 FROM programme_partners x CROSS JOIN programmes p \
             WHERE p.id = x.programme_id AND x.organization_id = o.id AND p.fiscal_year = $1) \
         AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_organization_id = o.id AND a.starts_at >= $2 AND a.starts_at < $3) \
         AND NOT EXISTS (SELECT 1 FROM activity_partners x CROSS JOIN activities a \
             WHERE a.id = x.activity_id AND x.organization_id = o.id AND a.starts_at >= $2 AND a.starts_at < $3) \
         ORDER BY ag.title_th, ag.id, ap.position"
            .to_owned(),
        fy,
    );
    tx.fetch_all(sql).await.context("finding signatories without work")
}

async fn indicators_without_value(tx: &mut impl Tx, fy: FiscalYear) -> StoreResult<Vec<MissingValue>> {
    let sql = Sql::new(
        "SELECT i.id AS indicator_id, i.code, i.name_th, i.name_en, p.id AS plan_id, p.title_th AS plan_title_th, \
         p.title_en AS plan_title_en FROM indicators i JOIN plans p ON p.id = i.plan_id \
         WHERE i.source = 'entered' AND p.start_year <= $1 AND p.end_year >= $2 AND NOT EXISTS ( \
             SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id AND v.fiscal_year = $3 AND v.status = 'approved') \
         ORDER BY p.title_th, i.code",
    )
    .bind(fy.be())
    .bind(fy.be())
    .bind(fy.be());
    tx.fetch_all(sql).await.context("finding indicators without a value")
}

#[cfg(test)]
mod tests {
    use super::code_order;

    #[test]
    fn codes_sort_as_numbers_part_by_part() {
        let mut codes = vec!["5.10", "5.9", "10.1", "5.a", "5"];
        codes.sort_by_key(|c| code_order(c));
        assert_eq!(codes, ["5", "5.9", "5.10", "5.a", "10.1"]);
    }
}
