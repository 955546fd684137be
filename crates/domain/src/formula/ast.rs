//! The syntax tree of a formula. Every node keeps the character offset where it starts, so that a
//! check failing after parsing can still say where.

use std::fmt;

/// An expression: a number, an aggregate, a share, or arithmetic over them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64, usize),
    Aggregate(Aggregate, usize),
    Share(Box<Share>, usize),
    Negate(Box<Expr>, usize),
    Binary(Box<Expr>, Op, Box<Expr>, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Subtract,
    Multiply,
    Divide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    Count,
    Sum,
}

/// What an aggregate counts or adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Activities,
    Participants,
    Hours,
    VolunteerHours,
    Organizations,
    Agreements,
    Commitments,
    Programmes,
    /// Programme budgets, in baht.
    Budget,
}

/// A field a filter tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Kind,
    Mode,
    TargetGroup,
    Area,
    AlignedTo,
    FiscalYear,
    Sector,
    Gender,
    AgeBand,
    Status,
}

/// `field = a | b` (or `!=`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    pub field: Field,
    pub negated: bool,
    pub values: Vec<String>,
    pub position: usize,
}

/// `count(measure, filters…)` or `sum(measure, filters…)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Aggregate {
    pub function: Function,
    pub measure: Measure,
    pub filters: Vec<Filter>,
}

/// `left CMP right`, evaluated over one organisation's records.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub left: Expr,
    pub cmp: Cmp,
    pub right: Expr,
}

/// `share(organizations, filters…; condition)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub organizations: Vec<Filter>,
    pub condition: Condition,
}

impl Expr {
    pub fn position(&self) -> usize {
        match self {
            Expr::Number(_, p) | Expr::Aggregate(_, p) | Expr::Share(_, p) | Expr::Negate(_, p) | Expr::Binary(_, _, _, p) => *p,
        }
    }

    /// Calls `f` on this node and every node below it, except inside shares (whose conditions are
    /// evaluated per organisation, not for the whole formula).
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Negate(e, _) => e.visit(f),
            Expr::Binary(l, _, r, _) => {
                l.visit(f);
                r.visit(f);
            }
            Expr::Number(..) | Expr::Aggregate(..) | Expr::Share(..) => {}
        }
    }
}

impl Measure {
    pub const ALL: [(Measure, &'static str); 9] = [
        (Measure::Activities, "activities"),
        (Measure::Participants, "participants"),
        (Measure::Hours, "hours"),
        (Measure::VolunteerHours, "volunteer_hours"),
        (Measure::Organizations, "organizations"),
        (Measure::Agreements, "agreements"),
        (Measure::Commitments, "commitments"),
        (Measure::Programmes, "programmes"),
        (Measure::Budget, "budget"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(m, _)| *m == self).map_or("", |(_, n)| n)
    }

    /// Measured over activities (or their participation): what a share's condition may use, since
    /// it looks at one organisation's own activities and programmes.
    pub fn is_about_an_organisations_work(self) -> bool {
        matches!(
            self,
            Measure::Activities | Measure::Participants | Measure::Hours | Measure::VolunteerHours | Measure::Programmes | Measure::Budget
        )
    }
}

impl Field {
    pub const ALL: [(Field, &'static str); 10] = [
        (Field::Kind, "kind"),
        (Field::Mode, "mode"),
        (Field::TargetGroup, "target_group"),
        (Field::Area, "area"),
        (Field::AlignedTo, "aligned_to"),
        (Field::FiscalYear, "fiscal_year"),
        (Field::Sector, "sector"),
        (Field::Gender, "gender"),
        (Field::AgeBand, "age_band"),
        (Field::Status, "status"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(f, _)| *f == self).map_or("", |(_, n)| n)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
