//! The `result` elements: participation counted in the activities, and the plan indicators a
//! programme's lead is responsible for — with baselines, targets and actuals per Thai fiscal year.
//! What the public may not see is written without its value and with a comment saying why.

use std::collections::HashMap;

use chrono::NaiveDate;
use phakhi_domain::disclosure::{self, Shown};
use phakhi_domain::formula::Formula;
use phakhi_domain::indicator::{Direction, Indicator, IndicatorSource, ValueStatus};
use phakhi_domain::participation::{ParticipationCell, summarise};
use phakhi_domain::plan::Plan;
use phakhi_domain::programme::Programme;
use phakhi_domain::{FiscalYear, IndicatorId};
use phakhi_store::{IndicatorScope, Store};

use super::xml::{Bilingual, Xml};
use super::{IatiError, Records};

/// Why a figure has no value, in both languages.
const WITHHELD_TH: &str = "ไม่เปิดเผย: จำนวนคนน้อยกว่า 5 คน (หรือคำนวณย้อนกลับได้จากจำนวนอื่น) เพื่อคุ้มครองข้อมูลส่วนบุคคล";
const WITHHELD_EN: &str = "Withheld: fewer than 5 people (or recoverable from the other figures), to protect personal data";

/// A baseline, target or actual: a value, or a figure withheld from the public.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub value: Option<f64>,
    /// IATI `dimension` name and value (`gender` / `female`); none for the total.
    pub dimensions: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub targets: Vec<Figure>,
    pub actuals: Vec<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Baseline {
    pub year: FiscalYear,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndicatorBlock {
    /// IndicatorMeasure: 1 unit, 2 percentage.
    pub measure: &'static str,
    pub ascending: bool,
    pub title: (String, Option<String>),
    pub description: Option<(String, Option<String>)>,
    pub baseline: Option<Baseline>,
    pub periods: Vec<Period>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResultBlock {
    /// ResultType: 1 output, 2 outcome.
    pub kind: &'static str,
    pub title: (String, Option<String>),
    pub indicators: Vec<IndicatorBlock>,
}

/// Computed indicators' values by indicator and Buddhist Era fiscal year: `None` when withheld.
pub(crate) type Readings = HashMap<(IndicatorId, i32), Option<f64>>;

/// A number as IATI values are written: whole numbers without a decimal point.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

/// The Gregorian year a fiscal year ends in (2567 → 2024): IATI's `year` is Gregorian.
fn gregorian(year: FiscalYear) -> u32 {
    year.last_day().format("%Y").to_string().parse().unwrap_or(1)
}

fn figure(shown: Shown, dimension: Option<(&str, &str)>, withheld: &mut usize) -> Figure {
    if shown == Shown::Suppressed {
        *withheld += 1;
    }
    Figure {
        value: shown.count().map(|n| n as f64),
        dimensions: dimension.map(|(k, v)| (k.to_owned(), v.to_owned())).into_iter().collect(),
    }
}

/// People reached by the activities between two days: the total and each gender and age band, as
/// the public may see them ([`disclosure::disclose`]); `None` when nobody was counted.
pub(crate) fn participation(cells: &[ParticipationCell], start: NaiveDate, end: NaiveDate, withheld: &mut usize) -> Option<ResultBlock> {
    let summary = summarise(cells);
    if summary.total == 0 {
        return None;
    }
    let shown = disclosure::disclose(&summary, false);
    let mut actuals = vec![figure(shown.total, None, withheld)];
    actuals.extend(shown.by_gender.iter().map(|(g, s)| figure(*s, Some(("gender", g)), withheld)));
    actuals.extend(shown.by_age_band.iter().map(|(a, s)| figure(*s, Some(("age", a)), withheld)));
    Some(ResultBlock {
        kind: "1",
        title: ("ผู้เข้าร่วมกิจกรรม".into(), Some("Participants in the activities".into())),
        indicators: vec![IndicatorBlock {
            measure: "1",
            ascending: true,
            title: ("จำนวนผู้เข้าร่วม (คน)".into(), Some("Number of participants (people)".into())),
            description: None,
            baseline: None,
            periods: vec![Period { start, end, targets: vec![], actuals }],
        }],
    })
}

/// Whether the programme's lead answers for an indicator: named responsible for it, or, when the
/// indicator names nobody, for its plan — in a fiscal year the plan covers.
fn linked(plan: &Plan, indicator: &Indicator, programme: &Programme) -> bool {
    let lead = programme.input.lead_organization_id;
    let year = programme.input.fiscal_year;
    let in_years = plan.input.start_year <= year && year <= plan.input.end_year;
    let responsible = if indicator.input.responsible_organization_ids.is_empty() {
        plan.input.responsible_organization_ids.contains(&lead) || plan.input.organization_id == Some(lead)
    } else {
        indicator.input.responsible_organization_ids.contains(&lead)
    };
    in_years && responsible
}

/// Every plan with the indicators linked to the programme.
fn linked_indicators<'a>(r: &Records<'a>, programme: &Programme) -> Vec<(&'a Plan, Vec<&'a Indicator>)> {
    r.dump
        .plans
        .iter()
        .map(|plan| {
            let indicators = r.dump.indicators.iter().filter(|i| i.input.plan_id == plan.id && linked(plan, i, programme)).collect();
            (plan, indicators)
        })
        .filter(|(_, indicators): &(_, Vec<_>)| !indicators.is_empty())
        .collect()
}

/// Evaluates the computed indicators linked to any programme for each fiscal year of their plan up
/// to the current one, over the plan's area.
pub(crate) async fn read_computed(store: &dyn Store, r: &Records<'_>, current: FiscalYear) -> Result<Readings, IatiError> {
    let mut readings = Readings::new();
    for programme in &r.dump.programmes {
        for (plan, indicators) in linked_indicators(r, programme) {
            for indicator in indicators {
                let IndicatorSource::Computed { formula } = &indicator.input.source else { continue };
                let formula =
                    Formula::parse(formula).map_err(|source| IatiError::Formula { code: indicator.input.code.clone(), source })?;
                let last = plan.input.end_year.min(current);
                for be in plan.input.start_year.be()..=last.be() {
                    if readings.contains_key(&(indicator.id, be)) {
                        continue;
                    }
                    let Ok(fiscal_year) = FiscalYear::from_be(be) else { continue };
                    let scope = IndicatorScope { fiscal_year: Some(fiscal_year), area: plan.input.area_code.clone() };
                    let value = store.evaluate_formula(&formula, &scope).await?;
                    match (value.value, value.uses_a_small_count) {
                        (Some(v), false) => readings.insert((indicator.id, be), Some(v)),
                        (Some(_), true) => readings.insert((indicator.id, be), None),
                        (None, _) => None, // undefined (a division by zero): nothing to report
                    };
                }
            }
        }
    }
    Ok(readings)
}

/// An indicator's actuals in one fiscal year: approved entered values (a breakdown as dimensions,
/// small counts of people withheld) or the computed reading.
fn actuals(
    r: &Records<'_>,
    plan: &Plan,
    indicator: &Indicator,
    year: FiscalYear,
    readings: &Readings,
    withheld: &mut usize,
) -> Vec<Figure> {
    if let IndicatorSource::Computed { .. } = indicator.input.source {
        return match readings.get(&(indicator.id, year.be())) {
            Some(Some(v)) => vec![Figure { value: Some(*v), dimensions: vec![] }],
            Some(None) => {
                *withheld += 1;
                vec![Figure { value: None, dimensions: vec![] }]
            }
            None => vec![],
        };
    }
    let approved = r.dump.indicator_values.iter().filter(|v| v.indicator_id == indicator.id && v.status == ValueStatus::Approved);
    approved
        .filter(|v| v.input.fiscal_year == year)
        .map(|v| {
            let mut dimensions: Vec<(String, String)> = v.input.disaggregation.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
            if let Some(area) = v.input.area_code.as_ref().filter(|a| Some(*a) != plan.input.area_code.as_ref()) {
                dimensions.push(("area".into(), area.clone()));
            }
            let publishable = disclosure::value_publishable(v.input.disaggregation.keys().map(String::as_str), v.input.value);
            if !publishable {
                *withheld += 1;
            }
            Figure { value: publishable.then_some(v.input.value), dimensions }
        })
        .collect()
}

fn indicator_block(r: &Records<'_>, plan: &Plan, i: &Indicator, readings: &Readings, withheld: &mut usize) -> IndicatorBlock {
    let percent = i.input.unit_th.contains("ร้อยละ") || i.input.unit_en.as_deref().is_some_and(|u| u.to_lowercase().contains("percent"));
    let years = (plan.input.start_year.be()..=plan.input.end_year.be()).filter_map(|be| FiscalYear::from_be(be).ok());
    let periods = years
        .filter_map(|year| {
            let targets: Vec<Figure> =
                i.input.target_for(year).map(|t| Figure { value: Some(t.value), dimensions: vec![] }).into_iter().collect();
            let actuals = actuals(r, plan, i, year, readings, withheld);
            (!targets.is_empty() || !actuals.is_empty()).then(|| Period { start: year.first_day(), end: year.last_day(), targets, actuals })
        })
        .collect();
    let unit = |name: &str, unit: &str| format!("{name} ({unit})");
    IndicatorBlock {
        measure: if percent { "2" } else { "1" },
        ascending: i.input.direction == Direction::HigherIsBetter,
        title: (
            unit(&i.input.name_th, &i.input.unit_th),
            i.input.name_en.as_ref().map(|n| unit(n, i.input.unit_en.as_deref().unwrap_or(&i.input.unit_th))),
        ),
        description: i.input.definition_th.clone().map(|th| (th, i.input.definition_en.clone())),
        baseline: i.input.baseline.map(|b| Baseline { year: b.fiscal_year, value: b.value }),
        periods,
    }
}

/// One outcome per plan with indicators linked to the programme.
pub(crate) fn plan_indicators(r: &Records<'_>, programme: &Programme, readings: &Readings, withheld: &mut usize) -> Vec<ResultBlock> {
    linked_indicators(r, programme)
        .into_iter()
        .map(|(plan, indicators)| ResultBlock {
            kind: "2",
            title: (plan.input.title_th.clone(), plan.input.title_en.clone()),
            indicators: indicators.into_iter().map(|i| indicator_block(r, plan, i, readings, withheld)).collect(),
        })
        .collect()
}

fn bilingual(text: &(String, Option<String>)) -> Bilingual<'_> {
    Bilingual::new(&text.0, text.1.as_deref())
}

/// `<target>` or `<actual>`: the value, or no value and a comment saying why.
fn write_figure(x: &mut Xml, name: &str, f: &Figure) -> std::io::Result<()> {
    let value = f.value.map(number);
    let attributes: Vec<(&str, &str)> = value.as_deref().map(|v| ("value", v)).into_iter().collect();
    if f.value.is_some() && f.dimensions.is_empty() {
        return x.empty(name, &attributes);
    }
    x.open(name, &attributes)?;
    for (dimension, code) in &f.dimensions {
        x.empty("dimension", &[("name", dimension), ("value", code)])?;
    }
    if f.value.is_none() {
        x.described("comment", &[], Bilingual::new(WITHHELD_TH, Some(WITHHELD_EN)))?;
    }
    x.close(name)
}

fn write_indicator(x: &mut Xml, i: &IndicatorBlock) -> std::io::Result<()> {
    x.open("indicator", &[("measure", i.measure), ("ascending", if i.ascending { "1" } else { "0" })])?;
    x.described("title", &[], bilingual(&i.title))?;
    if let Some(d) = &i.description {
        x.described("description", &[], bilingual(d))?;
    }
    if let Some(b) = &i.baseline {
        let (year, day, value) = (gregorian(b.year).to_string(), b.year.last_day().to_string(), number(b.value));
        x.open("baseline", &[("year", &year), ("iso-date", &day), ("value", &value)])?;
        x.described("comment", &[], Bilingual::new(&b.year.label_th(), Some(&b.year.label_en())))?;
        x.close("baseline")?;
    }
    for p in &i.periods {
        x.open("period", &[])?;
        x.empty("period-start", &[("iso-date", &p.start.to_string())])?;
        x.empty("period-end", &[("iso-date", &p.end.to_string())])?;
        for t in &p.targets {
            write_figure(x, "target", t)?;
        }
        for a in &p.actuals {
            write_figure(x, "actual", a)?;
        }
        x.close("period")?;
    }
    x.close("indicator")
}

pub(crate) fn write(x: &mut Xml, result: &ResultBlock) -> std::io::Result<()> {
    x.open("result", &[("type", result.kind)])?;
    x.described("title", &[], bilingual(&result.title))?;
    for i in &result.indicators {
        write_indicator(x, i)?;
    }
    x.close("result")
}

#[cfg(test)]
mod tests {
    use super::*;
    use phakhi_domain::participation::{AgeBand, Gender};

    fn cell(gender: Gender, age_band: AgeBand, count: u32) -> ParticipationCell {
        ParticipationCell { gender, age_band, target_group: None, nationality: None, count }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 2, d).unwrap()
    }

    #[test]
    fn a_small_gender_count_and_its_partner_are_withheld_and_the_total_is_not() {
        let cells = [
            cell(Gender::Female, AgeBand::Youth, 41),
            cell(Gender::Male, AgeBand::Adult, 17),
            cell(Gender::GenderDiverse, AgeBand::Youth, 3),
        ];
        let mut withheld = 0;
        let block = participation(&cells, day(23), day(23), &mut withheld).unwrap();
        let actuals = &block.indicators[0].periods[0].actuals;
        let of = |k: &str, v: &str| actuals.iter().find(|f| f.dimensions == [(k.to_owned(), v.to_owned())]).unwrap().value;
        assert_eq!(actuals[0].value, Some(61.0));
        assert_eq!(of("gender", "gender_diverse"), None);
        assert_eq!(of("gender", "male"), None, "secondary suppression: 61 − 41 − 17 would give the 3 away");
        assert_eq!(of("gender", "female"), Some(41.0));
        assert_eq!(of("age", "15-24"), Some(44.0));
        assert_eq!(withheld, 2, "the gender-diverse count and its partner");
    }

    #[test]
    fn nobody_counted_is_no_result() {
        assert_eq!(participation(&[], day(1), day(2), &mut 0), None);
    }

    #[test]
    fn numbers_are_written_without_a_needless_decimal_point() {
        assert_eq!(number(62.0), "62");
        assert_eq!(number(12.5), "12.5");
    }
}
