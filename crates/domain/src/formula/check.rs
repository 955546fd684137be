//! The checks a parsed formula must pass before it is saved: each aggregate's function suits what it
//! measures, each filter's field applies to it and names values that exist, and a share's condition
//! looks only at an organisation's own work.

use super::FormulaError;
use super::ast::{Aggregate, Expr, Field, Filter, Function, Measure, Share};
use crate::Vocabulary;
use crate::activity::{ActivityKind, AttendanceMode};
use crate::agreement::AgreementStatus;
use crate::area::AreaLevel;
use crate::commitment::CommitmentStatus;
use crate::organization::{OrganizationStatus, Sector};
use crate::participation::{AgeBand, Gender};
use crate::programme::ProgrammeStatus;

pub fn check(expr: &Expr) -> Result<(), FormulaError> {
    walk(expr, false)
}

/// `in_condition`: inside a share's condition, where only an organisation's own work is measured.
fn walk(expr: &Expr, in_condition: bool) -> Result<(), FormulaError> {
    match expr {
        Expr::Number(..) => Ok(()),
        Expr::Negate(e, _) => walk(e, in_condition),
        Expr::Binary(l, _, r, _) => {
            walk(l, in_condition)?;
            walk(r, in_condition)
        }
        Expr::Aggregate(a, position) => {
            if in_condition && !a.measure.is_about_an_organisations_work() {
                return Err(FormulaError::at(
                    *position,
                    format!("เงื่อนไขของ share ดูได้เฉพาะงานขององค์กรนั้น: {} ใช้ไม่ได้", a.measure),
                    format!("a share's condition looks at each organisation's own work: {} cannot be used there", a.measure),
                ));
            }
            aggregate(a, *position)
        }
        Expr::Share(s, position) => {
            if in_condition {
                return Err(FormulaError::at(*position, "share ซ้อนกันไม่ได้", "shares do not nest"));
            }
            share(s)
        }
    }
}

fn aggregate(a: &Aggregate, position: usize) -> Result<(), FormulaError> {
    let suits = match a.function {
        Function::Count => !matches!(a.measure, Measure::Hours | Measure::VolunteerHours | Measure::Budget),
        Function::Sum => matches!(a.measure, Measure::Participants | Measure::Hours | Measure::VolunteerHours | Measure::Budget),
    };
    if !suits {
        let (th, en) = match a.function {
            Function::Count => ("count ใช้นับจำนวนรายการ ส่วนชั่วโมงและงบประมาณใช้ sum", "count counts records; use sum for hours and budgets"),
            Function::Sum => {
                ("sum ใช้รวม participants hours volunteer_hours หรือ budget", "sum adds up participants, hours, volunteer_hours or budget")
            }
        };
        return Err(FormulaError::at(position, th, en));
    }
    filters(a.measure, &a.filters)
}

fn share(s: &Share) -> Result<(), FormulaError> {
    filters(Measure::Organizations, &s.organizations)?;
    walk(&s.condition.left, true)?;
    walk(&s.condition.right, true)
}

/// Which fields filter which records.
fn applies(measure: Measure, field: Field) -> bool {
    use Field::*;
    match measure {
        Measure::Activities | Measure::Hours | Measure::VolunteerHours => {
            matches!(field, Kind | Mode | TargetGroup | Area | AlignedTo | FiscalYear)
        }
        Measure::Participants => matches!(field, Kind | Mode | TargetGroup | Area | AlignedTo | FiscalYear | Gender | AgeBand),
        Measure::Organizations => matches!(field, Sector | Area | AlignedTo | Status),
        Measure::Agreements => matches!(field, Status | Area | AlignedTo),
        Measure::Commitments => matches!(field, Status | AlignedTo),
        Measure::Programmes | Measure::Budget => matches!(field, TargetGroup | Area | AlignedTo | FiscalYear | Status),
    }
}

fn filters(measure: Measure, filters: &[Filter]) -> Result<(), FormulaError> {
    for (i, f) in filters.iter().enumerate() {
        if !applies(measure, f.field) {
            return Err(FormulaError::at(
                f.position,
                format!("ช่อง {} ใช้กรอง {} ไม่ได้", f.field, measure),
                format!("{} does not filter {}", f.field, measure),
            ));
        }
        if filters[..i].iter().any(|earlier| earlier.field == f.field) {
            return Err(FormulaError::at(
                f.position,
                format!("กรอง {} ซ้ำ ใช้ | เพื่อระบุหลายค่า", f.field),
                format!("{} is filtered twice: use | for several values", f.field),
            ));
        }
        for value in &f.values {
            if !valid_value(measure, f.field, value) {
                return Err(FormulaError::at(
                    f.position,
                    format!("'{value}' ไม่ใช่ค่าของ {} ที่มีอยู่", f.field),
                    format!("'{value}' is not a valid {}", f.field),
                ));
            }
        }
    }
    Ok(())
}

fn is_code<V: Vocabulary>(value: &str) -> bool {
    V::from_code(value).is_some()
}

fn valid_value(measure: Measure, field: Field, value: &str) -> bool {
    match field {
        Field::Kind => is_code::<ActivityKind>(value),
        Field::Mode => is_code::<AttendanceMode>(value),
        Field::Gender => is_code::<Gender>(value),
        Field::AgeBand => is_code::<AgeBand>(value),
        Field::Sector => is_code::<Sector>(value),
        Field::Status => match measure {
            Measure::Organizations => is_code::<OrganizationStatus>(value),
            Measure::Agreements => is_code::<AgreementStatus>(value),
            Measure::Commitments => is_code::<CommitmentStatus>(value),
            _ => is_code::<ProgrammeStatus>(value),
        },
        // Whether the group exists is the store's to check when the formula is saved.
        Field::TargetGroup => !value.is_empty() && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        Field::Area => AreaLevel::of_code(value).is_some(),
        Field::FiscalYear => value.parse::<i32>().ok().is_some_and(|y| crate::FiscalYear::from_be(y).is_ok()),
        Field::AlignedTo => value.split_once(':').is_some_and(|(framework, item)| !framework.is_empty() && !item.is_empty()),
    }
}
