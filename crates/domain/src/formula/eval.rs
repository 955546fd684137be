//! Arithmetic over the values of a formula's aggregates and shares, which a store (or the naive
//! evaluator of the tests) works out from the records.

use super::ast::{Aggregate, Cmp, Condition, Expr, Op, Share};

/// Where a formula's values come from.
pub trait Lookup {
    /// An aggregate's value (for the indicator's period and area).
    fn aggregate(&self, aggregate: &Aggregate) -> Option<f64>;
    /// A share's value, from 0 to 1; `None` when no organisation is in its set.
    fn share(&self, share: &Share) -> Option<f64>;
}

impl Expr {
    pub fn evaluate(&self, lookup: &impl Lookup) -> Option<f64> {
        match self {
            Expr::Number(n, _) => Some(*n),
            Expr::Aggregate(a, _) => lookup.aggregate(a),
            Expr::Share(s, _) => lookup.share(s),
            Expr::Negate(e, _) => e.evaluate(lookup).map(|v| -v),
            Expr::Binary(l, op, r, _) => {
                let (l, r) = (l.evaluate(lookup)?, r.evaluate(lookup)?);
                match op {
                    Op::Add => Some(l + r),
                    Op::Subtract => Some(l - r),
                    Op::Multiply => Some(l * r),
                    // No value rather than infinity: "no participants yet" is not an infinite rate.
                    Op::Divide => (r != 0.0).then(|| l / r),
                }
            }
        }
    }
}

impl Condition {
    /// Whether one organisation meets the condition, given its own aggregates; an undefined side
    /// does not meet it.
    pub fn holds(&self, lookup: &impl Lookup) -> bool {
        let (Some(l), Some(r)) = (self.left.evaluate(lookup), self.right.evaluate(lookup)) else { return false };
        match self.cmp {
            Cmp::Equal => l == r,
            Cmp::NotEqual => l != r,
            Cmp::Less => l < r,
            Cmp::LessOrEqual => l <= r,
            Cmp::Greater => l > r,
            Cmp::GreaterOrEqual => l >= r,
        }
    }

    /// The aggregates the condition needs for each organisation.
    pub fn aggregates(&self) -> Vec<&Aggregate> {
        let mut out = Vec::new();
        for side in [&self.left, &self.right] {
            side.visit(&mut |e| {
                if let Expr::Aggregate(a, _) = e {
                    out.push(a);
                }
            });
        }
        out
    }
}
