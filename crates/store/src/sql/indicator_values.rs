//! SQL for entered indicator values and their workflow (draft → submitted → approved, returned to
//! draft). The workflow's rules are the domain's ([`ValueStatus::after`]); this module records who
//! took each step and when, and keeps one value per indicator, year, area and breakdown.

use chrono::{DateTime, Utc};
use phakhi_domain::indicator::{
    Dimension, Indicator, IndicatorValue, IndicatorValueInput, Stamp, Transition, ValueStatus, parse_disaggregation_key,
};
use phakhi_domain::plan::Plan;
use phakhi_domain::{FiscalYear, IndicatorId, IndicatorValueId, RecordMeta, Vocabulary};
use uuid::Uuid;

use super::checks::{self, References, code};
use super::plans::year;
use super::{Select, Sql, Tx};
use crate::error::Context;
use crate::{IndicatorValueFilter, Precondition, StoreError, StoreResult};

const TABLE: &str = "indicator_values";
const ENTITY: &str = "indicator_value";
const COLUMNS: &str = "v.id, v.indicator_id, v.fiscal_year, v.area_code, v.disaggregation, v.value, v.source, v.status, v.entered_by, \
                       v.entered_at, v.submitted_by, v.submitted_at, v.approved_by, v.approved_at, v.returned_by, v.returned_at, \
                       v.version, v.created_at, v.updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    indicator_id: Uuid,
    fiscal_year: i64,
    area_code: Option<String>,
    disaggregation: String,
    value: f64,
    source: Option<String>,
    status: String,
    entered_by: String,
    entered_at: DateTime<Utc>,
    submitted_by: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    approved_by: Option<String>,
    approved_at: Option<DateTime<Utc>>,
    returned_by: Option<String>,
    returned_at: Option<DateTime<Utc>>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn stamp(by: Option<String>, at: Option<DateTime<Utc>>) -> Option<Stamp> {
    Some(Stamp { by: by?, at: at? })
}

impl Row {
    fn into_domain(self) -> StoreResult<IndicatorValue> {
        let disaggregation = parse_disaggregation_key(&self.disaggregation)
            .ok_or_else(|| StoreError::Corrupt { table: TABLE, detail: format!("'{}' is not a breakdown", self.disaggregation) })?;
        Ok(IndicatorValue {
            id: IndicatorValueId(self.id),
            indicator_id: IndicatorId(self.indicator_id),
            input: IndicatorValueInput {
                fiscal_year: year(TABLE, self.fiscal_year)?,
                area_code: self.area_code,
                disaggregation,
                value: self.value,
                source: self.source,
            },
            status: code(TABLE, &self.status)?,
            entered: Stamp { by: self.entered_by, at: self.entered_at },
            submitted: stamp(self.submitted_by, self.submitted_at),
            approved: stamp(self.approved_by, self.approved_at),
            returned: stamp(self.returned_by, self.returned_at),
            meta: RecordMeta { version: self.version, created_at: self.created_at, updated_at: self.updated_at },
        })
    }
}

/// The value's own rules, its indicator's breakdowns, and what only the database knows: the area and
/// target group exist, and without the `area` breakdown a value is for the plan's own area.
async fn check(tx: &mut impl Tx, indicator: &Indicator, plan: &Plan, input: &IndicatorValueInput) -> StoreResult<()> {
    let mut refs = References::new();
    for x in input.check_against(&indicator.input).into_vec() {
        refs.add(&x.field, &x.code, &x.message_th, &x.message_en);
    }
    refs.area(tx, "/area_code", input.area_code.as_deref()).await?;
    refs.target_group(tx, "/disaggregation/target_group", input.disaggregation.get("target_group").map(String::as_str)).await?;
    if !indicator.input.disaggregations.contains(&Dimension::Area) && input.area_code != plan.input.area_code {
        refs.add(
            "/area_code",
            "not_allowed",
            "ตัวชี้วัดนี้ไม่ได้แยกตามพื้นที่: ค่าต้องเป็นของพื้นที่ของแผน",
            "This indicator is not broken down by area: a value is for the plan's own area",
        );
    }
    refs.finish()
}

/// Refuses a second value for the same indicator, year, area and breakdown.
async fn check_unique(tx: &mut impl Tx, indicator: IndicatorId, input: &IndicatorValueInput, except: Option<Uuid>) -> StoreResult<()> {
    let row: Option<(Uuid,)> = tx
        .fetch_optional(
            Sql::new(
                "SELECT id FROM indicator_values WHERE indicator_id = $1 AND fiscal_year = $2 AND COALESCE(area_code, '') = $3 \
                 AND disaggregation = $4",
            )
            .bind(indicator.0)
            .bind(input.fiscal_year.be())
            .bind(input.area_code.clone().unwrap_or_default())
            .bind(input.disaggregation_key()),
        )
        .await
        .context("looking for the same value")?;
    match row {
        Some((other,)) if Some(other) != except => Err(StoreError::conflict(
            "มีค่าของตัวชี้วัดนี้สำหรับปี พื้นที่ และการจำแนกนี้อยู่แล้ว กรุณาแก้ไขค่านั้นแทน",
            "This indicator already has a value for this year, area and breakdown; edit that one instead",
        )),
        _ => Ok(()),
    }
}

pub async fn insert(tx: &mut impl Tx, v: &IndicatorValue) -> StoreResult<()> {
    let when = |s: &Option<Stamp>| s.as_ref().map(|s| s.at);
    let who = |s: &Option<Stamp>| s.as_ref().map(|s| s.by.clone());
    tx.execute(
        Sql::new(
            "INSERT INTO indicator_values (id, indicator_id, fiscal_year, area_code, disaggregation, value, source, status, entered_by, \
             entered_at, submitted_by, submitted_at, approved_by, approved_at, returned_by, returned_at, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        )
        .bind(v.id.0)
        .bind(v.indicator_id.0)
        .bind(v.input.fiscal_year.be())
        .bind(v.input.area_code.clone())
        .bind(v.input.disaggregation_key())
        .bind(v.input.value)
        .bind(v.input.source.clone())
        .bind(v.status.code())
        .bind(v.entered.by.clone())
        .bind(v.entered.at)
        .bind(who(&v.submitted))
        .bind(when(&v.submitted))
        .bind(who(&v.approved))
        .bind(when(&v.approved))
        .bind(who(&v.returned))
        .bind(when(&v.returned))
        .bind(v.meta.version)
        .bind(v.meta.created_at)
        .bind(v.meta.updated_at),
    )
    .await
    .context("inserting an indicator value")?;
    Ok(())
}

/// A new draft value, entered by `by`.
pub async fn create(
    tx: &mut impl Tx,
    indicator: &Indicator,
    plan: &Plan,
    input: IndicatorValueInput,
    by: &str,
) -> StoreResult<IndicatorValue> {
    check(tx, indicator, plan, &input).await?;
    check_unique(tx, indicator.id, &input, None).await?;
    let meta = checks::first_version();
    let v = IndicatorValue {
        id: IndicatorValueId::new(),
        indicator_id: indicator.id,
        input,
        status: ValueStatus::Draft,
        entered: Stamp { by: by.to_owned(), at: meta.created_at },
        submitted: None,
        approved: None,
        returned: None,
        meta,
    };
    insert(tx, &v).await?;
    Ok(v)
}

/// Only a draft may change: what was submitted is what gets approved.
fn editable(v: &IndicatorValue) -> StoreResult<()> {
    if v.status.is_editable() {
        Ok(())
    } else {
        Err(StoreError::conflict(
            format!("แก้ไขหรือลบได้เฉพาะค่าที่เป็นร่าง ค่านี้มีสถานะ “{}” (ส่งกลับแก้ไขก่อน)", v.status.label_th()),
            format!("Only a draft can be edited or deleted; this value is {} (return it to draft first)", v.status.code()),
        ))
    }
}

pub async fn update(
    tx: &mut impl Tx,
    current: &IndicatorValue,
    indicator: &Indicator,
    plan: &Plan,
    pre: Precondition,
    input: IndicatorValueInput,
    by: &str,
) -> StoreResult<IndicatorValue> {
    checks::current_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    editable(current)?;
    check(tx, indicator, plan, &input).await?;
    check_unique(tx, indicator.id, &input, Some(current.id.0)).await?;
    let meta = checks::next_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    tx.execute(
        Sql::new(
            "UPDATE indicator_values SET fiscal_year = $1, area_code = $2, disaggregation = $3, value = $4, source = $5, entered_by = $6, \
             entered_at = $7 WHERE id = $8",
        )
        .bind(input.fiscal_year.be())
        .bind(input.area_code.clone())
        .bind(input.disaggregation_key())
        .bind(input.value)
        .bind(input.source.clone())
        .bind(by)
        .bind(meta.updated_at)
        .bind(current.id.0),
    )
    .await
    .context("updating an indicator value")?;
    Ok(IndicatorValue { input, entered: Stamp { by: by.to_owned(), at: meta.updated_at }, meta, ..current.clone() })
}

pub async fn delete(tx: &mut impl Tx, current: &IndicatorValue, pre: Precondition) -> StoreResult<()> {
    checks::current_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    editable(current)?;
    checks::delete_row(tx, TABLE, ENTITY, current.id.0, Precondition::Any).await
}

/// Takes a workflow step, if the domain allows it from the value's status, stamped with who took it.
pub async fn transition(
    tx: &mut impl Tx,
    current: &IndicatorValue,
    pre: Precondition,
    step: Transition,
    by: &str,
) -> StoreResult<IndicatorValue> {
    checks::current_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    let status = current.status.after(step).map_err(|e| StoreError::conflict(e.message_th(), e.message_en()))?;
    let meta = checks::next_version(tx, TABLE, ENTITY, current.id.0, pre).await?;
    let stamp = Stamp { by: by.to_owned(), at: meta.updated_at };
    let column = match step {
        Transition::Submit => "submitted",
        Transition::Approve => "approved",
        Transition::Return => "returned",
    };
    tx.execute(
        Sql::new(format!("UPDATE indicator_values SET status = $1, {column}_by = $2, {column}_at = $3 WHERE id = $4"))
            .bind(status.code())
            .bind(by)
            .bind(stamp.at)
            .bind(current.id.0),
    )
    .await
    .context("moving an indicator value through its workflow")?;
    let mut after = IndicatorValue { status, meta, ..current.clone() };
    match step {
        Transition::Submit => after.submitted = Some(stamp),
        Transition::Approve => after.approved = Some(stamp),
        Transition::Return => after.returned = Some(stamp),
    }
    Ok(after)
}

pub async fn get(tx: &mut impl Tx, id: IndicatorValueId) -> StoreResult<IndicatorValue> {
    let row: Option<Row> = tx
        .fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM indicator_values v WHERE v.id = $1")).bind(id.0))
        .await
        .context("reading an indicator value")?;
    row.ok_or_else(|| StoreError::not_found(ENTITY, id))?.into_domain()
}

/// An indicator's values, newest year first; `approved_only` for readers who may see only official ones.
pub async fn list(
    tx: &mut impl Tx,
    indicator: IndicatorId,
    f: &IndicatorValueFilter,
    approved_only: bool,
) -> StoreResult<Vec<IndicatorValue>> {
    let mut q = Select::new(COLUMNS, "indicator_values v");
    q.eq("v.indicator_id", Some(indicator.0));
    q.eq("v.fiscal_year", f.fiscal_year.map(FiscalYear::be));
    match f.area.as_deref() {
        Some("national") => q.and("v.area_code IS NULL"),
        area => q.eq("v.area_code", area),
    }
    let status = if approved_only { Some(ValueStatus::Approved) } else { f.status };
    if approved_only && f.status.is_some_and(|s| s != ValueStatus::Approved) {
        return Ok(Vec::new());
    }
    q.eq("v.status", status.map(|s| s.code()));
    let mut sql = q.plain();
    sql.text = format!("{} ORDER BY v.fiscal_year DESC, v.area_code, v.disaggregation, v.id", sql.text).into();
    let rows: Vec<Row> = tx.fetch_all(sql).await.context("listing indicator values")?;
    rows.into_iter().map(Row::into_domain).collect()
}

/// The official (approved) total of an indicator for a year and area (`None` = national).
pub async fn approved_total(
    tx: &mut impl Tx,
    indicator: IndicatorId,
    fiscal_year: FiscalYear,
    area: Option<&str>,
) -> StoreResult<Option<f64>> {
    let row: Option<(f64,)> = tx
        .fetch_optional(
            Sql::new(
                "SELECT value FROM indicator_values WHERE indicator_id = $1 AND fiscal_year = $2 AND COALESCE(area_code, '') = $3 \
                 AND disaggregation = '' AND status = 'approved'",
            )
            .bind(indicator.0)
            .bind(fiscal_year.be())
            .bind(area.unwrap_or_default()),
        )
        .await
        .context("reading an approved value")?;
    Ok(row.map(|(v,)| v))
}

pub async fn all(tx: &mut impl Tx) -> StoreResult<Vec<IndicatorValue>> {
    let rows: Vec<Row> = tx
        .fetch_all(Sql::new(format!("SELECT {COLUMNS} FROM indicator_values v ORDER BY v.id")))
        .await
        .context("exporting indicator values")?;
    rows.into_iter().map(Row::into_domain).collect()
}
