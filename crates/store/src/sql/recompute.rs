//! Every computed indicator's value for one fiscal year, each over its plan's area: the recompute
//! behind the open-data export and `/api/v1/indicators/computed`.
//!
//! The country's plan and the provinces' plans share their formulas, so indicators are grouped by
//! formula and by the area one level above theirs, and each group is answered by one roll-up by area
//! ([`area_breakdown::breakdown`]): a formula's every province in one grouped pass instead of one
//! evaluation per province (decision 43). A group in one area is evaluated there alone, which reads less.

use std::collections::BTreeMap;

use phakhi_domain::FiscalYear;
use phakhi_domain::area::parent_code;
use phakhi_domain::formula::Formula;

use super::{Tx, area_breakdown, indicators, plan_indicators};
use crate::{ComputedValue, IndicatorScope, IndicatorValue, StoreError, StoreResult};

pub async fn year(tx: &mut impl Tx, fiscal_year: FiscalYear) -> StoreResult<Vec<ComputedValue>> {
    let computed = plan_indicators::computed_in_force(tx, fiscal_year).await?;
    let mut groups: BTreeMap<(&str, Option<String>), Vec<usize>> = BTreeMap::new();
    for (n, (_, formula, area)) in computed.iter().enumerate() {
        groups.entry((formula.as_str(), area.as_deref().and_then(parent_code).map(str::to_owned))).or_default().push(n);
    }
    let mut values: Vec<Option<IndicatorValue>> = vec![None; computed.len()];
    for ((text, above), members) in groups {
        let formula = Formula::parse(text)
            .map_err(|e| StoreError::Corrupt { table: "indicators", detail: format!("the formula {text} does not parse: {e}") })?;
        let in_area = |area: &Option<String>| IndicatorScope { fiscal_year: Some(fiscal_year), area: area.clone() };
        let first_area = &computed[members[0]].2;
        if members.iter().all(|n| &computed[*n].2 == first_area) {
            // One area (often one indicator): evaluated there alone, which reads less than a roll-up.
            let value = indicators::evaluate(tx, &formula, &in_area(first_area)).await?;
            members.iter().for_each(|n| values[*n] = Some(value));
            continue;
        }
        let rolled = area_breakdown::breakdown(tx, &formula, &in_area(&above)).await?;
        for n in members {
            let area = &computed[n].2;
            let part = rolled.parts.iter().find(|p| Some(&p.area.code) == area.as_ref()).map(|p| p.value);
            values[n] = match (area, part) {
                (None, _) => Some(rolled.whole),
                (Some(_), Some(value)) => Some(value),
                // A plan placed in an area the reference does not hold: the query alone answers for it.
                (Some(_), None) => Some(indicators::evaluate(tx, &formula, &in_area(area)).await?),
            };
        }
    }
    Ok(computed
        .into_iter()
        .zip(values)
        .map(|((indicator, _, area), value)| ComputedValue { indicator, area, value: value.expect("every indicator is in a group") })
        .collect())
}
