//! A plan's progress for a fiscal year and area: each indicator's value (the approved one for
//! entered indicators, the formula evaluated over the records for computed ones), its progress
//! towards target, and the roll-up of the tree — the methods are the domain's
//! ([`phakhi_domain::progress`]).

use std::collections::HashMap;

use phakhi_domain::indicator::Indicator;
use phakhi_domain::plan::PlanItem;
use phakhi_domain::progress::{Node, roll_up_tree, towards_target};
use phakhi_domain::{FiscalYear, IndicatorId, PlanId, PlanItemId};

use super::checks::References;
use super::{indicator_values, indicators, plan_indicators, plan_items, plans};
use crate::{IndicatorReading, IndicatorScope, ItemProgress, PlanProgress, StoreError, StoreResult};

/// `exact`: whether the reader may see values resting on small counts of people.
pub async fn progress(
    tx: &mut impl super::Tx,
    id: PlanId,
    year: FiscalYear,
    area: Option<String>,
    exact: bool,
) -> StoreResult<PlanProgress> {
    let plan = plans::get(tx, id).await?;
    let area = area.or_else(|| plan.input.area_code.clone());
    let mut refs = References::new();
    refs.area(tx, "area", area.as_deref()).await?;
    refs.finish()?;
    let items = plan_items::of_plan(tx, id).await?;
    let mut readings: HashMap<IndicatorId, IndicatorReading> = HashMap::new();
    for indicator in plan_indicators::of_plan(tx, id).await? {
        let reading = read(tx, indicator, year, area.as_deref(), exact).await?;
        readings.insert(reading.indicator.id, reading);
    }
    let nodes: Vec<Node<PlanItemId>> = items
        .iter()
        .map(|item| Node {
            key: item.id,
            parent: item.input.parent_id,
            weight: item.input.weight,
            own: item.input.indicator_id.map(|i| own_progress(readings.get(&i), year)),
        })
        .collect();
    let rolled = roll_up_tree(&nodes);
    let top: Vec<(f64, phakhi_domain::progress::Progress)> =
        items.iter().zip(&rolled).filter(|(i, _)| i.input.parent_id.is_none()).map(|(i, r)| (i.input.weight, r.progress)).collect();
    let overall = phakhi_domain::progress::roll_up(&top).progress;
    let mut rows: Vec<ItemProgress> = items
        .iter()
        .zip(rolled)
        .map(|(item, r)| ItemProgress {
            item: item.clone(),
            depth: 0,
            progress: r.progress,
            counted: r.counted,
            excluded: r.excluded.iter().map(|&x| items[x].id).collect(),
            indicator: item.input.indicator_id.and_then(|i| readings.get(&i).cloned()),
        })
        .collect();
    rows = reading_order(rows);
    Ok(PlanProgress { plan, fiscal_year: year.be(), area, overall, exact, items: rows })
}

/// An indicator's progress from its reading; an indicator missing from the plan has no data.
fn own_progress(reading: Option<&IndicatorReading>, year: FiscalYear) -> phakhi_domain::progress::Progress {
    match reading {
        Some(r) => {
            let i = &r.indicator.input;
            towards_target(i.direction, i.baseline, &i.targets, r.value, year)
        }
        None => phakhi_domain::progress::roll_up(&[]).progress,
    }
}

/// An indicator's value for the year and area, as this reader may see it.
async fn read(
    tx: &mut impl super::Tx,
    indicator: Indicator,
    year: FiscalYear,
    area: Option<&str>,
    exact: bool,
) -> StoreResult<IndicatorReading> {
    let (mut value, mut suppressed, mut problem) = (None, false, None);
    match indicator.input.formula() {
        None => value = indicator_values::approved_total(tx, indicator.id, year, area).await?,
        Some(Err(e)) => problem = Some(e.to_string()),
        Some(Ok(formula)) => {
            let scope = IndicatorScope { fiscal_year: Some(year), area: area.map(str::to_owned) };
            match indicators::evaluate(tx, &formula, &scope).await {
                Ok(v) => {
                    suppressed = v.uses_a_small_count && !exact;
                    value = if suppressed { None } else { v.value };
                }
                // A formula whose framework item was removed since it was saved: say so, and go on.
                Err(StoreError::Invalid(v)) => problem = Some(v.to_string()),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(IndicatorReading {
        final_target: indicator.input.final_target(),
        target_for_year: indicator.input.target_for(year),
        indicator,
        value,
        suppressed,
        problem,
    })
}

/// Depth-first: each item followed by its children, siblings by position then code.
fn reading_order(rows: Vec<ItemProgress>) -> Vec<ItemProgress> {
    let mut children: HashMap<Option<PlanItemId>, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        children.entry(r.item.input.parent_id).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by(|&a, &b| sibling_key(&rows[a].item).cmp(&sibling_key(&rows[b].item)));
    }
    let mut order: Vec<(usize, u8)> = Vec::with_capacity(rows.len());
    let mut stack: Vec<(usize, u8)> = children.get(&None).map(|l| l.iter().rev().map(|&i| (i, 0)).collect()).unwrap_or_default();
    while let Some((i, depth)) = stack.pop() {
        order.push((i, depth));
        if let Some(list) = children.get(&Some(rows[i].item.id)) {
            stack.extend(list.iter().rev().map(|&c| (c, depth + 1)));
        }
    }
    let mut slots: Vec<Option<ItemProgress>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|(i, depth)| slots[i].take().map(|r| ItemProgress { depth, ..r })).collect()
}

fn sibling_key(item: &PlanItem) -> (i64, String) {
    (item.input.position, item.input.code.clone())
}
