//! The formula language of computed indicators: a small, safe language for counts and sums over a
//! network's records, ratios between them, and the share of organisations that meet a condition.
//!
//! ```text
//! count(activities, kind = training, aligned_to = "sdg:5")
//! sum(participants, gender = female | gender_diverse) / sum(participants) * 100
//! share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = "sdg:16.10") >= 3) * 100
//! ```
//!
//! * `count(SET, filters…)` counts records: `activities`, `participants`, `organizations`,
//!   `agreements`, `commitments`, `programmes`.
//! * `sum(MEASURE, filters…)` adds up `participants`, `hours`, `volunteer_hours` or `budget` (baht).
//! * `share(organizations, filters…; CONDITION)` is the fraction (0–1) of the organisations chosen by the
//!   filters whose own records meet `CONDITION`, a comparison (`>=`, `>`, `<=`, `<`, `=`, `!=`) of two
//!   expressions evaluated over each organisation's records (activities and programmes it leads or
//!   takes part in). Shares do not nest.
//! * A filter is `field = value`, `field != value`, or several values with `|`; filters are joined by
//!   AND. Values are vocabulary codes, DOPA area codes, Buddhist Era fiscal years, or `"framework:item"`
//!   references; quotes are needed only for values with characters other than letters, digits, `_`
//!   and `-`.
//! * `+ - * /`, parentheses and numbers combine them. Division by zero gives no value.
//!
//! An indicator is always evaluated for one fiscal year and one area (the period and place of the
//! value being computed), which every aggregate implicitly takes as filters unless it names its own.
//!
//! The language is checked before a formula is saved ([`Formula::parse`]): every field must apply to
//! the set it filters and every value must exist, and an error gives its position. Evaluation cannot
//! run unbounded: a formula has at most [`MAX_LENGTH`] characters and [`MAX_NODES`] parts, no loops,
//! no user-defined functions, and each aggregate is answered by one query.

mod ast;
mod check;
mod eval;
mod parse;

pub use ast::{Aggregate, Cmp, Condition, Expr, Field, Filter, Function, Measure, Op, Share};
pub use eval::Lookup;

use serde::{Deserialize, Serialize};

use crate::Violations;

/// The longest formula accepted, in characters.
pub const MAX_LENGTH: usize = 2_000;
/// The most parts (numbers, aggregates, operators) a formula may have.
pub const MAX_NODES: usize = 200;
/// The deepest nesting of parentheses and operators.
pub const MAX_DEPTH: usize = 24;

/// A parsed and checked formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub expr: Expr,
}

/// Why a formula was refused, and where (a character offset, counted from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message_en} (at character {})", position + 1)]
pub struct FormulaError {
    pub position: usize,
    pub message_th: String,
    pub message_en: String,
}

impl FormulaError {
    pub(crate) fn at(position: usize, message_th: impl Into<String>, message_en: impl Into<String>) -> Self {
        FormulaError { position, message_th: message_th.into(), message_en: message_en.into() }
    }

    /// As a violation of the field holding the formula, the position spelt out in both languages.
    pub fn violation(&self, field: &str) -> Violations {
        let column = self.position + 1;
        Violations::single(
            field,
            "invalid_formula",
            format!("สูตรไม่ถูกต้องที่ตำแหน่งที่ {column}: {}", self.message_th),
            format!("The formula is not valid at character {column}: {}", self.message_en),
        )
    }
}

impl Formula {
    /// Parses and checks a formula.
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        let length = text.chars().count();
        if length > MAX_LENGTH {
            return Err(FormulaError::at(
                MAX_LENGTH,
                format!("สูตรยาวเกิน {MAX_LENGTH} ตัวอักษร"),
                format!("a formula is at most {MAX_LENGTH} characters long"),
            ));
        }
        let expr = parse::parse(text)?;
        check::check(&expr)?;
        Ok(Formula { expr })
    }

    /// Every aggregate outside shares, and every share, in the order they appear: what a store must
    /// answer to evaluate the formula.
    pub fn aggregates(&self) -> Vec<&Aggregate> {
        let mut out = Vec::new();
        self.expr.visit(&mut |e| {
            if let Expr::Aggregate(a, _) = e {
                out.push(a);
            }
        });
        out
    }

    pub fn shares(&self) -> Vec<&Share> {
        let mut out = Vec::new();
        self.expr.visit(&mut |e| {
            if let Expr::Share(s, _) = e {
                out.push(s.as_ref());
            }
        });
        out
    }

    /// The value, given each aggregate's and share's value; `None` when a division by zero or a
    /// missing value leaves it undefined.
    pub fn evaluate(&self, lookup: &impl Lookup) -> Option<f64> {
        self.expr.evaluate(lookup)
    }
}

#[cfg(test)]
mod tests;
