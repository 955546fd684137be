//! What computed indicators are evaluated for.

use phakhi_domain::FiscalYear;

/// The period and place an indicator value is computed for; every aggregate of a formula takes them
/// as filters unless it names its own fiscal year or area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorScope {
    pub fiscal_year: Option<FiscalYear>,
    /// A DOPA code: the province, district or subdistrict and everything in it.
    pub area: Option<String>,
}

/// What the person a store acts for may do with one indicator's values, so that pages offer only
/// the steps the store would allow (the store still decides every write itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndicatorRights {
    /// Enter, change and submit values: the plan's managers and the responsible organisations' editors.
    pub enter: bool,
    /// Approve and return submitted values: the plan's coordinators and admins.
    pub review: bool,
    /// See values that are not approved yet, and computed values resting on small counts.
    pub see_private: bool,
}

/// A computed indicator's value, with what the disclosure control needs to know about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorValue {
    /// `None` when a division by zero or an empty set of organisations leaves it undefined.
    pub value: Option<f64>,
    /// Whether a count of participants from 1 to 4 went into it: shown to the public, such a value
    /// could point to a person, so public views suppress it.
    pub uses_a_small_count: bool,
}

/// A computed indicator's value for a fiscal year over its plan's area (see
/// [`crate::Store::computed_indicator_values`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedValue {
    pub indicator: phakhi_domain::IndicatorId,
    /// The plan's area; the whole country when `None`.
    pub area: Option<String>,
    pub value: IndicatorValue,
}

/// A computed value in an area and in each area one level down: the provinces of the country, the
/// districts of a province, the subdistricts of a district.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaBreakdown {
    /// The value for the whole area (what [`IndicatorScope`] alone gives).
    pub whole: IndicatorValue,
    /// Every area one level down, in code order, including those with nothing recorded.
    pub parts: Vec<AreaPart>,
    /// Records placed only at the area's own level (an activity "in Chiang Mai", no district) or,
    /// for the country, nowhere: they count in `whole` and in no part. `None` when there are none.
    pub unplaced: Option<IndicatorValue>,
    /// For the country only: the six regions, each its provinces together.
    pub regions: Vec<RegionPart>,
}

/// One area's value in an [`AreaBreakdown`].
#[derive(Debug, Clone, PartialEq)]
pub struct AreaPart {
    pub area: phakhi_domain::area::Area,
    pub value: IndicatorValue,
}

/// One region's value in an [`AreaBreakdown`] of the country.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPart {
    pub name_th: String,
    pub name_en: String,
    /// The DOPA codes of its provinces.
    pub provinces: Vec<String>,
    pub value: IndicatorValue,
}
