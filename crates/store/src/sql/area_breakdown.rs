//! A formula's value in an area and in each area one level down — the roll-up by area — in as many
//! queries as evaluating it once: each aggregate is grouped by the first digits of its records' DOPA
//! codes, and each share's organisations by theirs.
//!
//! Formulas only count and sum, and a record has one area, so what a formula needs in a place adds
//! up across places: each place keeps its sums (and, for a share, how many organisations meet the
//! condition out of how many are in the set), a region is the sum of its provinces, the whole is the
//! sum of every place, and the formula is applied to each place's sums at the end. That equals
//! evaluating the formula in the place alone (`crates/store/tests/indicators.rs` checks both). The
//! country by province is read from the yearly figures when they hold the aggregate (decision 39).

use std::collections::{BTreeMap, HashMap, HashSet};

use phakhi_domain::area::Area;
use phakhi_domain::formula::{Aggregate, Field, Formula, Lookup, Measure, Share};
use uuid::Uuid;

use super::figures::{self, Counted};
use super::indicators::{OneOrganization, aggregate, by_organization, conditions, rests_on_a_small_count, share, source, subject};
use super::query::Select;
use super::{Tx, areas};
use crate::error::Context;
use crate::{AreaBreakdown, AreaPart, IndicatorScope as Scope, IndicatorValue, RegionPart, StoreResult};

/// A part's DOPA code; `None` for records placed only at the scope's own level, or nowhere.
type Place = Option<String>;

/// What a formula needs in one place, in a form that adds up across places.
#[derive(Debug, Clone, Default)]
struct Sums {
    aggregates: HashMap<Aggregate, f64>,
    /// By the share's position in the formula: organisations meeting its condition, organisations in its set.
    shares: HashMap<usize, (usize, usize)>,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        for (a, v) in &other.aggregates {
            *self.aggregates.entry(a.clone()).or_default() += v;
        }
        for (i, (meeting, of)) in &other.shares {
            let entry = self.shares.entry(*i).or_default();
            entry.0 += meeting;
            entry.1 += of;
        }
    }
}

/// Values that are the same in every place: aggregates naming their own area or counting commitments
/// (which have none), and shares whose set names its own area.
#[derive(Debug, Default)]
struct Fixed {
    aggregates: HashMap<Aggregate, f64>,
    shares: HashMap<usize, Option<f64>>,
}

/// The formula's values in one place.
struct InPlace<'a> {
    shares: &'a [&'a Share],
    fixed: &'a Fixed,
    sums: &'a Sums,
}

impl Lookup for InPlace<'_> {
    fn aggregate(&self, a: &Aggregate) -> Option<f64> {
        // No record of a kind in a place is a count (or sum) of zero there.
        Some(self.fixed.aggregates.get(a).or_else(|| self.sums.aggregates.get(a)).copied().unwrap_or(0.0))
    }

    fn share(&self, s: &Share) -> Option<f64> {
        let i = self.shares.iter().position(|x| *x == s)?;
        if let Some(v) = self.fixed.shares.get(&i) {
            return *v;
        }
        let (meeting, of) = self.sums.shares.get(&i).copied().unwrap_or_default();
        (of > 0).then(|| meeting as f64 / of as f64)
    }
}

fn value_of(formula: &Formula, shares: &[&Share], fixed: &Fixed, sums: &Sums) -> IndicatorValue {
    let place = InPlace { shares, fixed, sums };
    let uses_a_small_count = formula.aggregates().into_iter().any(|a| place.aggregate(a).is_some_and(|v| rests_on_a_small_count(a, v)));
    IndicatorValue { value: formula.evaluate(&place), uses_a_small_count }
}

pub async fn breakdown(tx: &mut impl Tx, formula: &Formula, scope: &Scope) -> StoreResult<AreaBreakdown> {
    let areas = areas::children(tx, scope.area.as_deref()).await?;
    let Some(digits) = areas.first().map(|a| a.code.len()) else {
        // A subdistrict has nothing below it.
        let whole = super::indicators::evaluate(tx, formula, scope).await?;
        return Ok(AreaBreakdown { whole, parts: Vec::new(), unplaced: None, regions: Vec::new() });
    };
    let codes: HashSet<&str> = areas.iter().map(|a| a.code.as_str()).collect();
    let place = |key: Option<String>| key.filter(|k| codes.contains(k.as_str()));
    let shares = formula.shares();
    let mut fixed = Fixed::default();
    let mut places: BTreeMap<Place, Sums> = BTreeMap::new();
    for a in formula.aggregates() {
        if names_its_own_place(a) {
            fixed.aggregates.insert(a.clone(), aggregate(tx, a, scope).await?);
            continue;
        }
        for (key, v) in aggregate_by_place(tx, a, scope, digits).await? {
            *places.entry(place(key)).or_default().aggregates.entry(a.clone()).or_default() += v;
        }
    }
    for (i, s) in shares.iter().enumerate() {
        if s.organizations.iter().any(|f| f.field == Field::Area) {
            fixed.shares.insert(i, share(tx, s, scope).await?);
            continue;
        }
        for (key, meets) in share_members_by_place(tx, s, scope).await? {
            let entry = places.entry(place(key.map(|k| k.chars().take(digits).collect()))).or_default().shares.entry(i).or_default();
            entry.0 += usize::from(meets);
            entry.1 += 1;
        }
    }
    let mut all = Sums::default();
    places.values().for_each(|s| all.add(s));
    let whole = value_of(formula, &shares, &fixed, &all);
    let unplaced = places.get(&None).map(|s| value_of(formula, &shares, &fixed, s));
    let empty = Sums::default();
    let sums_of = |code: &str| places.get(&Some(code.to_owned())).unwrap_or(&empty);
    let regions = if scope.area.is_none() {
        regions(&areas, |codes| {
            let mut sums = Sums::default();
            codes.iter().for_each(|c| sums.add(sums_of(c)));
            value_of(formula, &shares, &fixed, &sums)
        })
    } else {
        Vec::new()
    };
    let parts = areas.into_iter().map(|area| AreaPart { value: value_of(formula, &shares, &fixed, sums_of(&area.code)), area }).collect();
    Ok(AreaBreakdown { whole, parts, unplaced, regions })
}

/// Whether an aggregate's value is the same in every place of the breakdown.
fn names_its_own_place(a: &Aggregate) -> bool {
    a.measure == Measure::Commitments || a.filters.iter().any(|f| f.field == Field::Area)
}

/// An aggregate's sums by the first `digits` of its records' area codes (the whole code when shorter;
/// `None` for records with no area).
async fn aggregate_by_place(tx: &mut impl Tx, a: &Aggregate, scope: &Scope, digits: usize) -> StoreResult<Vec<(Option<String>, f64)>> {
    if scope.area.is_none()
        && digits == 2
        && let Some(found) = by_province_from_figures(tx, a, scope).await?
    {
        return Ok(found);
    }
    let source = source(a.measure);
    let (alias, _) = subject(a.measure);
    let mut q = Select::new(source.value, source.from);
    conditions(tx, &mut q, a, scope).await?;
    let key = format!("substr({alias}.area_code, 1, {digits})");
    let rows: Vec<(Option<String>, Option<f64>)> =
        tx.fetch_all(q.grouped_as_double(&key)).await.context("computing an indicator by area")?;
    Ok(rows.into_iter().map(|(key, v)| (key, v.unwrap_or(0.0))).collect())
}

/// The country's aggregate by province from the yearly figures, when they hold it (as for
/// [`super::indicators::yearly_figure`], decision 39): each province's row, and what the whole counts
/// beyond the provinces as the records with no province. `None` when the figures do not hold it.
async fn by_province_from_figures(tx: &mut impl Tx, a: &Aggregate, scope: &Scope) -> StoreResult<Option<Vec<(Option<String>, f64)>>> {
    let Some((fiscal_year, dimension, code, counted)) = super::indicators::yearly_figure(a, scope) else { return Ok(None) };
    // The figures count programmes in the country only, not by province.
    let (by, part) = match dimension {
        "total" => ("province", None),
        other => match super::indicators::province_dimension(other) {
            Some(by) => (by, Some(code.as_str())),
            None => return Ok(None),
        },
    };
    if counted == Counted::Programmes {
        return Ok(None);
    }
    let whole = figures::one(tx, fiscal_year, dimension, &code, counted).await?;
    let provinces = figures::by_province(tx, fiscal_year, by, part, counted).await?;
    let unplaced = whole - provinces.iter().map(|(_, v)| v).sum::<f64>();
    let mut found: Vec<(Option<String>, f64)> = provinces.into_iter().map(|(p, v)| (Some(p), v)).collect();
    if unplaced != 0.0 {
        found.push((None, unplaced));
    }
    Ok(Some(found))
}

/// A share's organisations with their area codes, and whether each meets the condition (judged on
/// the organisation's own work in the period, wherever it took place, as [`share`] does).
async fn share_members_by_place(tx: &mut impl Tx, s: &Share, scope: &Scope) -> StoreResult<Vec<(Option<String>, bool)>> {
    let set =
        Aggregate { function: phakhi_domain::formula::Function::Count, measure: Measure::Organizations, filters: s.organizations.clone() };
    let mut q = Select::new("o.id, o.area_code", "organizations o");
    conditions(tx, &mut q, &set, scope).await?;
    let members: Vec<(Uuid, Option<String>)> = tx.fetch_all(q.plain()).await.context("choosing the organisations of a share by area")?;
    let own_work = Scope { fiscal_year: scope.fiscal_year, area: None };
    let ids: Vec<Uuid> = members.iter().map(|(id, _)| *id).collect();
    let mut values = Vec::new();
    for a in s.condition.aggregates() {
        values.push((a.clone(), by_organization(tx, a, &own_work, &ids).await?));
    }
    Ok(members.into_iter().map(|(org, area)| (area, s.condition.holds(&OneOrganization { org, values: &values }))).collect())
}

/// The six regions of the provinces, in the order of their first province's code.
fn regions(provinces: &[Area], value: impl Fn(&[String]) -> IndicatorValue) -> Vec<RegionPart> {
    let mut grouped: Vec<(String, String, Vec<String>)> = Vec::new();
    for p in provinces {
        let (Some(th), Some(en)) = (&p.region_th, &p.region_en) else { continue };
        match grouped.iter_mut().find(|(t, _, _)| t == th) {
            Some((_, _, codes)) => codes.push(p.code.clone()),
            None => grouped.push((th.clone(), en.clone(), vec![p.code.clone()])),
        }
    }
    grouped.into_iter().map(|(name_th, name_en, provinces)| RegionPart { value: value(&provinces), name_th, name_en, provinces }).collect()
}
