//! `phakhi export --format opensdg`: every plan indicator's values as an Open SDG data file — one CSV
//! per indicator with the columns `Year`, one per disaggregation, `GeoCode` and `Value`, where a blank
//! disaggregation or GeoCode means the total or the whole country.
//!
//! Values are the public's: approved entered values, and computed values for each fiscal year of the
//! plan over the plan's area. A computed value resting on a count of 1–4 people is left out, and so is
//! an entered value broken down by people's gender, age band or target group that is a whole number
//! from 1 to 4 (the disclosure rule of docs/privacy.md). `Year` is the Buddhist Era fiscal year, as
//! every figure in phakhi is kept.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::Context;
use phakhi_domain::indicator::{Indicator, IndicatorSource, IndicatorValue, ValueStatus};
use phakhi_domain::plan::Plan;
use phakhi_domain::{FiscalYear, IndicatorId};
use phakhi_store::{IndicatorFilter, IndicatorValueFilter, Page, PlanFilter, Store};

/// One row of a data file before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub year: i32,
    /// Dimension → value code; absent dimensions are the total.
    pub disaggregation: std::collections::BTreeMap<String, String>,
    pub geo_code: Option<String>,
    pub value: f64,
}

/// What an export wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub rows: usize,
    pub suppressed: usize,
}

/// Whether an entered value may be published: not a small count of people.
fn publishable(row: &Row) -> bool {
    phakhi_domain::disclosure::value_publishable(row.disaggregation.keys().map(String::as_str), row.value)
}

/// The CSV text of one indicator's rows: the disaggregation columns are those any row uses, in order.
pub fn csv(rows: &[Row]) -> anyhow::Result<String> {
    let dimensions: BTreeSet<&str> = rows.iter().flat_map(|r| r.disaggregation.keys().map(String::as_str)).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = std::iter::once("Year").chain(dimensions.iter().copied()).chain(["GeoCode", "Value"]).collect();
    out.write_record(&header)?;
    for r in rows {
        let mut record = vec![r.year.to_string()];
        record.extend(dimensions.iter().map(|d| r.disaggregation.get(*d).cloned().unwrap_or_default()));
        record.push(r.geo_code.clone().unwrap_or_default());
        record.push(r.value.to_string());
        out.write_record(&record)?;
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

fn entered_rows(values: &[IndicatorValue]) -> Vec<Row> {
    values
        .iter()
        .filter(|v| v.status == ValueStatus::Approved)
        .map(|v| Row {
            year: v.input.fiscal_year.be(),
            disaggregation: v.input.disaggregation.clone(),
            geo_code: v.input.area_code.clone(),
            value: v.input.value,
        })
        .collect()
}

/// Every computed indicator's value, by indicator and Buddhist Era fiscal year.
type Computed = HashMap<(IndicatorId, i32), phakhi_store::IndicatorValue>;

/// Each year any plan runs, recomputed once for all its plans' computed indicators (indicators
/// sharing a formula are evaluated together, by area).
async fn recompute(store: &dyn Store, plans: &[Plan]) -> anyhow::Result<Computed> {
    let years: BTreeSet<i32> = plans.iter().flat_map(|p| p.input.start_year.be()..=p.input.end_year.be()).collect();
    let mut computed = Computed::new();
    for be in years {
        let values = store.computed_indicator_values(FiscalYear::from_be(be)?).await.with_context(|| format!("recomputing {be}"))?;
        computed.extend(values.into_iter().map(|v| ((v.indicator, be), v.value)));
    }
    Ok(computed)
}

/// The computed indicator's value for each year of its plan over the plan's area; `None` for a year
/// whose value is withheld.
fn computed_rows(plan: &Plan, indicator: IndicatorId, computed: &Computed) -> Vec<Option<Row>> {
    (plan.input.start_year.be()..=plan.input.end_year.be())
        .filter_map(|be| match computed.get(&(indicator, be)).map(|v| (v.value, v.uses_a_small_count)) {
            Some((Some(value), false)) => {
                Some(Some(Row { year: be, disaggregation: Default::default(), geo_code: plan.input.area_code.clone(), value }))
            }
            Some((Some(_), true)) => Some(None),
            // Undefined (a division by zero): no row, nothing withheld.
            Some((None, _)) | None => None,
        })
        .collect()
}

/// `cm-hr-2566_1-1.csv`: the plan's and the indicator's codes, lower-cased, dots as dashes.
fn file_name(plan: &Plan, indicator: &Indicator) -> String {
    let clean = |s: &str| s.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>();
    format!("indicator_{}_{}.csv", clean(&plan.input.code), clean(&indicator.input.code))
}

/// The data file of every indicator, as [`export`] names them (for the CKAN dataset's resources).
pub fn file_names(dump: &phakhi_store::Dump) -> Vec<String> {
    let plan = |i: &Indicator| dump.plans.iter().find(|p| p.id == i.input.plan_id);
    dump.indicators.iter().filter_map(|i| plan(i).map(|p| file_name(p, i))).collect()
}

/// Writes one data file per indicator of every plan into `dir` (created if needed).
pub async fn export(store: &dyn Store, dir: &Path) -> anyhow::Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Written::default();
    let plans = store.list_plans(&PlanFilter::default(), &Page::all()).await?.items;
    let computed = recompute(store, &plans).await?;
    for plan in plans {
        let filter = IndicatorFilter { plan: Some(plan.id), ..Default::default() };
        for indicator in store.list_indicators(&filter, &Page::all()).await?.items {
            let candidates: Vec<Option<Row>> = match &indicator.input.source {
                IndicatorSource::Entered => {
                    let approved = IndicatorValueFilter { status: Some(ValueStatus::Approved), ..Default::default() };
                    let values = store.list_indicator_values(indicator.id, &approved).await?;
                    entered_rows(&values).into_iter().map(|r| publishable(&r).then_some(r)).collect()
                }
                IndicatorSource::Computed { .. } => computed_rows(&plan, indicator.id, &computed),
            };
            written.suppressed += candidates.iter().filter(|r| r.is_none()).count();
            let mut rows: Vec<Row> = candidates.into_iter().flatten().collect();
            rows.sort_by(|a, b| (a.year, &a.geo_code, &a.disaggregation).cmp(&(b.year, &b.geo_code, &b.disaggregation)));
            let path = dir.join(file_name(&plan, &indicator));
            std::fs::write(&path, csv(&rows)?).with_context(|| format!("writing {}", path.display()))?;
            written.files += 1;
            written.rows += rows.len();
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: i32, dims: &[(&str, &str)], geo: Option<&str>, value: f64) -> Row {
        Row {
            year,
            disaggregation: dims.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            geo_code: geo.map(str::to_owned),
            value,
        }
    }

    #[test]
    fn totals_leave_the_disaggregation_and_geocode_blank() {
        let text = csv(&[row(2567, &[], None, 12.5), row(2567, &[("gender", "female")], Some("50"), 7.0)]).unwrap();
        assert_eq!(text, "Year,gender,GeoCode,Value\n2567,,,12.5\n2567,female,50,7\n");
    }

    #[test]
    fn small_counts_of_people_are_not_published_but_small_counts_of_agencies_are() {
        assert!(!publishable(&row(2567, &[("gender", "male")], None, 3.0)));
        assert!(!publishable(&row(2567, &[("age_band", "60+")], Some("50"), 1.0)));
        assert!(publishable(&row(2567, &[("gender", "male")], None, 5.0)));
        assert!(publishable(&row(2567, &[("gender", "male")], None, 0.0)), "a zero reveals no one");
        assert!(publishable(&row(2567, &[("gender", "male")], None, 2.5)), "a rate, not a count");
        assert!(publishable(&row(2567, &[], Some("50"), 2.0)), "two agencies of a province");
    }

    #[test]
    fn an_empty_indicator_still_has_its_header() {
        assert_eq!(csv(&[]).unwrap(), "Year,GeoCode,Value\n");
    }
}
