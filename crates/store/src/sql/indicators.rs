//! Evaluating a formula ([`phakhi_domain::formula`]) over the records, for one fiscal year and area.
//!
//! Each aggregate becomes one SQL query; a share becomes one query for its set of organisations and
//! one grouped query per aggregate of its condition (every organisation's value at once), so the
//! number of queries is fixed by the formula, never by the data.

use std::collections::HashMap;

use phakhi_domain::formula::{Aggregate, Field, Filter, Formula, Function, Lookup, Measure, Share};
use phakhi_domain::{FiscalYear, disclosure};
use uuid::Uuid;

use super::activities::fiscal_year_bounds;
use super::figures::{self, Counted};
use super::organization_work::{ANY_GOAL, Kept};
use super::query::{Select, aligned_condition, aligned_condition_per_record, contributes_condition, resolve_item};
use super::{Dialect, Tx};
use crate::error::Context;
use crate::{IndicatorScope as Scope, IndicatorValue, ItemRef, StoreError, StoreResult};

/// The values found for a formula's aggregates and shares.
#[derive(Default)]
struct Values {
    aggregates: HashMap<Aggregate, f64>,
    shares: Vec<(Share, Option<f64>)>,
}

impl Lookup for Values {
    fn aggregate(&self, aggregate: &Aggregate) -> Option<f64> {
        self.aggregates.get(aggregate).copied()
    }

    fn share(&self, share: &Share) -> Option<f64> {
        self.shares.iter().find(|(s, _)| s == share).and_then(|(_, v)| *v)
    }
}

pub async fn evaluate(tx: &mut impl Tx, formula: &Formula, scope: &Scope) -> StoreResult<IndicatorValue> {
    let mut values = Values::default();
    let mut uses_a_small_count = false;
    for a in formula.aggregates() {
        let v = aggregate(tx, a, scope).await?;
        uses_a_small_count |= rests_on_a_small_count(a, v);
        values.aggregates.insert(a.clone(), v);
    }
    for s in formula.shares() {
        let v = share(tx, s, scope).await?;
        values.shares.push((s.clone(), v));
    }
    Ok(IndicatorValue { value: formula.evaluate(&values), uses_a_small_count })
}

/// Whether an aggregate's value is a count of people from 1 to 4, which public views must not show.
pub(super) fn rests_on_a_small_count(a: &Aggregate, value: f64) -> bool {
    a.measure == Measure::Participants && disclosure::single(value as u64) == disclosure::Shown::Suppressed
}

/// The table an aggregate reads, the value it computes, and whose work its records are when a
/// share's condition groups them by organisation.
pub(super) struct Source {
    pub(super) from: &'static str,
    pub(super) value: &'static str,
    /// `None` for the measures a share's condition cannot use.
    pub(super) work: Option<Work>,
}

/// The records a share's condition adds up for each organisation: activities (and their
/// participation cells) or programmes, each counted once for every organisation that leads or
/// partners it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Work {
    Activities,
    Cells,
    Programmes,
}

/// The two ways a record is an organisation's work.
#[derive(Debug, Clone, Copy)]
pub(super) enum Side {
    Lead,
    Partner,
}

/// The records of one [`Side`], as a query reads them.
pub(super) struct Arm {
    /// `FROM`: the records (`a`, `c` or `p`), joined with their partners (`w`) on the partners' side.
    pub(super) from: String,
    /// The column holding the organisation.
    pub(super) organization: &'static str,
    /// The records of the organisations in a list of placeholders.
    pub(super) condition: String,
}

impl Work {
    /// The records' pairs with the organisations in `only` (a list of placeholders) on one side. The
    /// two sides' sums add up to the organisation's: the domain never lists the lead as a partner,
    /// and the partners' side leaves such a pair out should stored data ever hold one. Each side
    /// reads through the index on the organisation; the lead's through the lead and start time
    /// (migration 0017), so that only the period's records are read.
    pub(super) fn arm(self, side: Side, only: &str) -> Arm {
        let (records, subject, partners, partner_subject) = match self {
            Work::Activities => ("activities a", "a", "activity_partners", "activity_id"),
            Work::Cells => ("participation_cells c JOIN activities a ON a.id = c.activity_id", "a", "activity_partners", "activity_id"),
            Work::Programmes => ("programmes p", "p", "programme_partners", "programme_id"),
        };
        let lead = match self {
            Work::Activities | Work::Cells => "a.lead_organization_id",
            Work::Programmes => "p.lead_organization_id",
        };
        match side {
            Side::Lead => Arm { from: records.to_owned(), organization: lead, condition: format!("{lead} IN ({only})") },
            Side::Partner => Arm {
                from: format!("{records} JOIN {partners} w ON w.{partner_subject} = {subject}.id"),
                organization: "w.organization_id",
                condition: format!("w.organization_id IN ({only}) AND ({lead} IS NULL OR {lead} <> w.organization_id)"),
            },
        }
    }
}

pub(super) fn source(measure: Measure) -> Source {
    const ACTIVITIES: &str = "activities a";
    const CELLS: &str = "participation_cells c JOIN activities a ON a.id = c.activity_id";
    match measure {
        Measure::Activities => Source { from: ACTIVITIES, value: "COUNT(*)", work: Some(Work::Activities) },
        Measure::Hours => Source { from: ACTIVITIES, value: "SUM(a.hours)", work: Some(Work::Activities) },
        Measure::VolunteerHours => Source { from: ACTIVITIES, value: "SUM(a.volunteer_hours)", work: Some(Work::Activities) },
        Measure::Participants => Source { from: CELLS, value: "SUM(c.count)", work: Some(Work::Cells) },
        Measure::Programmes => Source { from: "programmes p", value: "COUNT(*)", work: Some(Work::Programmes) },
        Measure::Budget => Source { from: "programmes p", value: "SUM(p.budget_satang) / 100.0", work: Some(Work::Programmes) },
        Measure::Organizations => Source { from: "organizations o", value: "COUNT(*)", work: None },
        Measure::Agreements => Source { from: "agreements g", value: "COUNT(*)", work: None },
        Measure::Commitments => Source { from: "commitments k", value: "COUNT(*)", work: None },
    }
}

/// Which alias and kind of subject each measure's records have.
pub(super) fn subject(measure: Measure) -> (&'static str, &'static str) {
    match measure {
        Measure::Activities | Measure::Hours | Measure::VolunteerHours | Measure::Participants => ("a", "activity"),
        Measure::Programmes | Measure::Budget => ("p", "programme"),
        Measure::Organizations => ("o", "organization"),
        Measure::Agreements => ("g", "agreement"),
        Measure::Commitments => ("k", "commitment"),
    }
}

/// The aggregate's conditions, with the scope's fiscal year and area where the aggregate names none.
pub(super) async fn conditions(tx: &mut impl Tx, q: &mut Select, a: &Aggregate, scope: &Scope) -> StoreResult<()> {
    filtered(tx, q, a, scope, Reading::Many).await
}

/// How many records a query reads, which decides how a framework filter is best checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Any number: a year's, an area's.
    Many,
    /// A few thousand at most (some organisations' own work): each record's alignments are probed.
    Few,
}

async fn filtered(tx: &mut impl Tx, q: &mut Select, a: &Aggregate, scope: &Scope, reading: Reading) -> StoreResult<()> {
    let (alias, _) = subject(a.measure);
    let names = |field: Field| a.filters.iter().any(|f| f.field == field);
    let mut filters = a.filters.clone();
    let yearly = !matches!(a.measure, Measure::Organizations | Measure::Agreements | Measure::Commitments);
    if let (Some(fy), true, false) = (scope.fiscal_year, yearly, names(Field::FiscalYear)) {
        filters.push(Filter { field: Field::FiscalYear, negated: false, values: vec![fy.be().to_string()], position: 0 });
    }
    if let (Some(area), false, false) = (&scope.area, a.measure == Measure::Commitments, names(Field::Area)) {
        filters.push(Filter { field: Field::Area, negated: false, values: vec![area.clone()], position: 0 });
    }
    let in_an_area = filters.iter().any(|f| f.field == Field::Area && !f.negated);
    for f in &filters {
        let condition = condition(tx, q, a.measure, alias, f, reading, in_an_area).await?;
        q.and(if f.negated { format!("NOT ({condition})") } else { condition });
    }
    Ok(())
}

/// One filter as SQL: any of its values (OR).
/// `in_an_area`: whether the query is also narrowed to an area.
async fn condition(
    tx: &mut impl Tx,
    q: &mut Select,
    measure: Measure,
    alias: &str,
    f: &Filter,
    reading: Reading,
    in_an_area: bool,
) -> StoreResult<String> {
    let mut ors = Vec::new();
    for value in &f.values {
        ors.push(match f.field {
            Field::Kind => format!("{alias}.kind = {}", q.arg(value.as_str())),
            Field::Mode => format!("{alias}.mode = {}", q.arg(value.as_str())),
            Field::Status => format!("{alias}.status = {}", q.arg(value.as_str())),
            Field::Sector => format!("{alias}.sector = {}", q.arg(value.as_str())),
            Field::Gender => format!("c.gender = {}", q.arg(value.as_str())),
            Field::AgeBand => format!("c.age_band = {}", q.arg(value.as_str())),
            Field::Area => within_area(tx.dialect(), q, alias, value),
            Field::TargetGroup => match measure {
                // A participant's own group, not the activity's intended ones.
                Measure::Participants => format!("c.target_group = {}", q.arg(value.as_str())),
                Measure::Programmes | Measure::Budget => {
                    format!(
                        "EXISTS (SELECT 1 FROM programme_target_groups t WHERE t.programme_id = p.id AND t.target_group = {})",
                        q.arg(value.as_str())
                    )
                }
                _ => format!(
                    "EXISTS (SELECT 1 FROM activity_target_groups t WHERE t.activity_id = a.id AND t.target_group = {})",
                    q.arg(value.as_str())
                ),
            },
            Field::FiscalYear => {
                let fy = value.parse().ok().and_then(|y| FiscalYear::from_be(y).ok()).ok_or_else(|| invalid(f, value))?;
                if alias == "p" {
                    format!("p.fiscal_year = {}", q.arg(i64::from(fy.be())))
                } else {
                    let (start, end) = fiscal_year_bounds(fy);
                    // SQLite plans without statistics: given an area and a year, it read the
                    // year's activities in the whole country through the index on the start time
                    // (200,000) rather than the area's through its index on the code, which holds
                    // the start time too (Chiang Mai's participants by district: 1.0–1.1 s against
                    // 0.09–0.10 s, measured). A unary `+` keeps it off the start time's index.
                    let starts = if in_an_area && tx.dialect() == Dialect::Sqlite { "+a.starts_at" } else { "a.starts_at" };
                    format!("({starts} >= {} AND {starts} < {})", q.arg(start), q.arg(end))
                }
            }
            Field::AlignedTo => {
                let item = ItemRef::parse(value).ok_or_else(|| invalid(f, value))?;
                let resolved = resolve_item(tx, Some(&item), "formula").await?.ok_or_else(|| invalid(f, value))?;
                let (_, kind) = subject(measure);
                let p = q.arg(resolved.0);
                match (measure, reading) {
                    (Measure::Organizations, _) => contributes_condition("o.id", &p),
                    (_, Reading::Many) => aligned_condition(kind, &format!("{alias}.id"), &p),
                    (_, Reading::Few) => aligned_condition_per_record(tx.dialect(), kind, &format!("{alias}.id"), &p),
                }
            }
        });
    }
    Ok(format!("({})", ors.join(" OR ")))
}

/// Records placed in an area or anywhere inside it: a subdistrict's code extends its district's,
/// which extends its province's (50 → 5001 → 500101). SQLite reads such a prefix from its index on
/// the code only as a range (its `LIKE` ignores case, so an index in binary order cannot serve it);
/// codes beginning with `code` are exactly those from `code` up to `code` followed by the highest
/// character. PostgreSQL keeps `LIKE`: a range there would follow the database's collation, in which
/// strings need not sort as their bytes do.
fn within_area(dialect: Dialect, q: &mut Select, alias: &str, code: &str) -> String {
    match dialect {
        Dialect::Sqlite => {
            let (from, below) = (q.arg(code), q.arg(format!("{code}{}", char::MAX)));
            format!("({alias}.area_code >= {from} AND {alias}.area_code < {below})")
        }
        Dialect::Postgres => format!("{alias}.area_code LIKE {}", q.arg(format!("{code}%"))),
    }
}

fn invalid(f: &Filter, value: &str) -> StoreError {
    StoreError::Invalid(phakhi_domain::Violations::single(
        "/formula",
        "invalid_formula",
        format!("ไม่พบ '{value}' ที่ใช้กรอง {}", f.field),
        format!("'{value}' used to filter {} does not exist", f.field),
    ))
}

pub(super) async fn aggregate(tx: &mut impl Tx, a: &Aggregate, scope: &Scope) -> StoreResult<f64> {
    if let Some((fiscal_year, dimension, code, counted)) = yearly_figure(a, scope) {
        return figures::one(tx, fiscal_year, dimension, &code, counted).await;
    }
    let source = source(a.measure);
    let mut q = Select::new(source.value, source.from);
    conditions(tx, &mut q, a, scope).await?;
    let (value,): (Option<f64>,) = tx.fetch_optional(q.scalar_as_double()).await.context("computing an indicator")?.unwrap_or((None,));
    // A sum over no records is zero, not unknown: no training held means no hours.
    Ok(value.unwrap_or(0.0))
}

/// The row and column of `year_figures` (decisions 28 and 39) that already hold an aggregate's value,
/// when one does: a count of activities or programmes, or a sum of participants, of one fiscal year,
/// in the whole country or one province, and of one gender, one participant's target group or one SDG
/// goal (at most one of these: the table keeps one breakdown per row, in the country and by province). Such an aggregate over a
/// whole year otherwise reads every record of it, a second or more at national scale; the row is
/// kept equal to what the records give by every write. Anything else (another filter, a negation,
/// several values, an unknown code) is left to the query, which also reports what is wrong.
pub(super) fn yearly_figure(a: &Aggregate, scope: &Scope) -> Option<(i32, &'static str, String, Counted)> {
    let counted = match (a.function, a.measure) {
        (Function::Count, Measure::Activities) => Counted::Activities,
        (Function::Sum, Measure::Participants) => Counted::Participants,
        (Function::Count, Measure::Programmes) => Counted::Programmes,
        _ => return None,
    };
    let single = |field: Field| -> Option<Option<&str>> {
        let mut named = a.filters.iter().filter(|f| f.field == field);
        match (named.next(), named.next()) {
            (None, _) => Some(None),
            (Some(f), None) if !f.negated && f.values.len() == 1 => Some(Some(f.values[0].as_str())),
            _ => None,
        }
    };
    if a.filters.iter().any(|f| !matches!(f.field, Field::FiscalYear | Field::Area | Field::Gender | Field::TargetGroup | Field::AlignedTo))
    {
        return None;
    }
    let fiscal_year = match single(Field::FiscalYear)? {
        Some(year) => FiscalYear::from_be(year.parse().ok()?).ok()?,
        None => scope.fiscal_year?,
    };
    let area = single(Field::Area)?.map(str::to_owned).or_else(|| scope.area.clone());
    let mut breakdowns: Vec<(&'static str, String)> = Vec::new();
    if let Some(area) = area {
        // Provinces only: the table's places are the first two digits of an area code.
        if area.len() != 2 || !area.bytes().all(|b| b.is_ascii_digit()) || counted == Counted::Programmes {
            return None;
        }
        breakdowns.push(("province", area));
    }
    if let Some(gender) = single(Field::Gender)? {
        // A known code only: an unknown one is left to the query (it matches nothing there).
        <phakhi_domain::participation::Gender as phakhi_domain::Vocabulary>::from_code(gender)?;
        (counted == Counted::Participants).then_some(())?;
        breakdowns.push(("gender", gender.to_owned()));
    }
    if let Some(group) = single(Field::TargetGroup)? {
        // A participant's own group; the table's `not_stated` also holds cells without one, which the
        // formula's `target_group = not_stated` does not.
        (counted == Counted::Participants && group != "not_stated").then_some(())?;
        breakdowns.push(("target_group", group.to_owned()));
    }
    if let Some(item) = single(Field::AlignedTo)? {
        // A whole goal ("sdg:5"): the table counts what is aligned to the goal or anything under it.
        let goal = item.strip_prefix("sdg:").filter(|g| !g.is_empty() && g.len() <= 2 && g.bytes().all(|b| b.is_ascii_digit()))?;
        breakdowns.push(("sdg_goal", goal.to_owned()));
    }
    let (dimension, code) = match breakdowns.as_slice() {
        [] => ("total", "all".to_owned()),
        [one] => one.clone(),
        // A province's breakdown is kept too (migration 0015).
        [("province", province), (dimension, code)] => (province_dimension(dimension)?, format!("{province}|{code}")),
        _ => return None,
    };
    Some((fiscal_year.be(), dimension, code, counted))
}

/// The dimension that keeps a breakdown for each province.
pub(super) fn province_dimension(dimension: &str) -> Option<&'static str> {
    match dimension {
        "gender" => Some("province_gender"),
        "target_group" => Some("province_target_group"),
        "sdg_goal" => Some("province_sdg_goal"),
        _ => None,
    }
}

/// The organisations of a share's set.
async fn organizations(tx: &mut impl Tx, filters: &[Filter], scope: &Scope) -> StoreResult<Vec<Uuid>> {
    let set = Aggregate { function: phakhi_domain::formula::Function::Count, measure: Measure::Organizations, filters: filters.to_vec() };
    let mut q = Select::new("o.id", "organizations o");
    conditions(tx, &mut q, &set, scope).await?;
    let rows: Vec<(Uuid,)> = tx.fetch_all(q.plain()).await.context("choosing the organisations of a share")?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// One aggregate for every organisation at once (those with no records are absent: zero).
/// Organisations named in one statement of a share's condition: well below both databases' limits
/// on parameters, and few enough that each is looked up by its index.
const ORGANIZATIONS_PER_QUERY: usize = 500;

/// Each organisation's value of the aggregate over its own work (as lead or partner), for the
/// organisations given; one without such work has no entry.
pub(super) async fn by_organization(
    tx: &mut impl Tx,
    a: &Aggregate,
    scope: &Scope,
    organizations: &[Uuid],
) -> StoreResult<HashMap<Uuid, f64>> {
    let source = source(a.measure);
    // The formula's check admits only an organisation's own work into a share's condition.
    let work = source.work.ok_or_else(|| {
        StoreError::Invalid(phakhi_domain::Violations::single(
            "/formula",
            "invalid_formula",
            format!("เงื่อนไขของ share ดูได้เฉพาะงานขององค์กรนั้น: {} ใช้ไม่ได้", a.measure),
            format!("a share's condition looks at each organisation's own work: {} cannot be used there", a.measure),
        ))
    })?;
    if let Some(kept) = kept_work(tx, a, scope).await? {
        return kept.by_organization(tx, organizations).await;
    }
    let mut values: HashMap<Uuid, f64> = HashMap::new();
    for part in organizations.chunks(ORGANIZATIONS_PER_QUERY) {
        for side in [Side::Lead, Side::Partner] {
            let mut q = Select::new(source.value, "");
            let only = part.iter().map(|id| q.arg(*id)).collect::<Vec<_>>().join(", ");
            let arm = work.arm(side, &only);
            q = q.with_from(arm.from);
            q.and(arm.condition);
            filtered(tx, &mut q, a, scope, Reading::Few).await?;
            let rows: Vec<(Uuid, Option<f64>)> =
                tx.fetch_all(q.grouped_as_double(arm.organization)).await.context("computing an indicator per organisation")?;
            for (org, v) in rows {
                *values.entry(org).or_default() += v.unwrap_or(0.0);
            }
        }
    }
    Ok(values)
}

/// The sums of each organisation's work kept by every write (decision 45) that hold an aggregate of a
/// share's condition, when they do: a count of activities or a sum of their hours or volunteer hours,
/// of one fiscal year, of any of some kinds, and aligned to one whole SDG goal or not narrowed by
/// alignment. Anything else (another filter, a negation, an area, several goals, whose activities
/// would be counted once for each) is left to the query.
async fn kept_work(tx: &mut impl Tx, a: &Aggregate, scope: &Scope) -> StoreResult<Option<Kept>> {
    let column = match (a.function, a.measure) {
        (Function::Count, Measure::Activities) => "SUM(k.activities)",
        (Function::Sum, Measure::Hours) => "SUM(k.hours)",
        (Function::Sum, Measure::VolunteerHours) => "SUM(k.volunteer_hours)",
        _ => return Ok(None),
    };
    if scope.area.is_some() || a.filters.iter().any(|f| f.negated || !matches!(f.field, Field::Kind | Field::FiscalYear | Field::AlignedTo))
    {
        return Ok(None);
    }
    let named = |field: Field| -> Result<Option<&Filter>, ()> {
        let mut named = a.filters.iter().filter(|f| f.field == field);
        match (named.next(), named.next()) {
            (None, _) => Ok(None),
            (Some(f), None) => Ok(Some(f)),
            _ => Err(()),
        }
    };
    let (Ok(kind), Ok(year), Ok(item)) = (named(Field::Kind), named(Field::FiscalYear), named(Field::AlignedTo)) else {
        return Ok(None);
    };
    let fiscal_year = match year {
        Some(f) => match f.values.as_slice() {
            [one] => Some(one.parse().ok().and_then(|y| FiscalYear::from_be(y).ok()).ok_or_else(|| invalid(f, one))?),
            _ => return Ok(None),
        },
        None => scope.fiscal_year,
    };
    let Some(fiscal_year) = fiscal_year else { return Ok(None) };
    let goal = match item {
        None => ANY_GOAL.to_owned(),
        Some(f) => {
            let [value] = f.values.as_slice() else { return Ok(None) };
            let Some(goal) = value.strip_prefix("sdg:").filter(|g| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
            else {
                return Ok(None);
            };
            // An unknown goal is the same input error the query would give.
            let item = ItemRef::parse(value).ok_or_else(|| invalid(f, value))?;
            resolve_item(tx, Some(&item), "formula").await?.ok_or_else(|| invalid(f, value))?;
            goal.to_owned()
        }
    };
    let kinds = kind.map(|f| f.values.iter().cloned().collect()).unwrap_or_default();
    Ok(Some(Kept { column, fiscal_year: fiscal_year.be(), goal, kinds }))
}

/// Values of one organisation's aggregates, for its share condition.
pub(super) struct OneOrganization<'a> {
    pub(super) org: Uuid,
    pub(super) values: &'a [(Aggregate, HashMap<Uuid, f64>)],
}

impl Lookup for OneOrganization<'_> {
    fn aggregate(&self, aggregate: &Aggregate) -> Option<f64> {
        let (_, by_org) = self.values.iter().find(|(a, _)| a == aggregate)?;
        Some(by_org.get(&self.org).copied().unwrap_or(0.0))
    }

    fn share(&self, _: &Share) -> Option<f64> {
        None // shares do not nest (checked when the formula is parsed)
    }
}

pub(super) async fn share(tx: &mut impl Tx, s: &Share, scope: &Scope) -> StoreResult<Option<f64>> {
    let set = organizations(tx, &s.organizations, scope).await?;
    if set.is_empty() {
        return Ok(None);
    }
    // The condition looks at each organisation's own work in the period, wherever it took place.
    let own_work = Scope { fiscal_year: scope.fiscal_year, area: None };
    let mut values = Vec::new();
    for a in s.condition.aggregates() {
        values.push((a.clone(), by_organization(tx, a, &own_work, &set).await?));
    }
    let meeting = set.iter().filter(|org| s.condition.holds(&OneOrganization { org: **org, values: &values })).count();
    Ok(Some(meeting as f64 / set.len() as f64))
}
