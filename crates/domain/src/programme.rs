//! Programmes (โครงการ): budgeted work in a Thai fiscal year, led by one organisation with partners,
//! for named target groups.

use std::collections::HashSet;

use chrono::NaiveDate;
use phakhi_thai::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::money::Baht;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{OrganizationId, ProgrammeId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// Where a programme stands.
    ProgrammeStatus as "programme_status" {
        Planned = "planned", "วางแผน", "Planned";
        Active = "active", "กำลังดำเนินการ", "Active";
        Completed = "completed", "เสร็จสิ้น", "Completed";
        Cancelled = "cancelled", "ยกเลิก", "Cancelled";
    }
}

/// What may be written about a programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    /// Thai fiscal year in the Buddhist Era (2567 = 1 Oct 2023 – 30 Sep 2024).
    #[schema(value_type = i32, minimum = 2500, maximum = 2700, example = 2567)]
    pub fiscal_year: FiscalYear,
    /// Budget in baht, at most two decimals.
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.0, maximum = 1_000_000_000_000.0)]
    pub budget_baht: Option<Baht>,
    /// Where the money comes from (e.g. เทศบัญญัติงบประมาณ, a research fund).
    #[serde(default)]
    pub budget_source: Option<String>,
    pub lead_organization_id: OrganizationId,
    #[serde(default)]
    pub partner_organization_ids: Vec<OrganizationId>,
    /// Codes of target groups (see `/api/v1/target-groups`).
    #[serde(default)]
    pub target_groups: Vec<String>,
    #[serde(default)]
    pub area_code: Option<String>,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    pub status: ProgrammeStatus,
}

/// A stored programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Programme {
    pub id: ProgrammeId,
    #[serde(flatten)]
    pub input: ProgrammeInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for ProgrammeInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        check_optional_line(&mut v, "/budget_source", self.budget_source.as_deref(), NAME_MAX);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_period(&mut v, self.starts_on, self.ends_on, "/ends_on");
        check_organisations(&mut v, self.lead_organization_id, &self.partner_organization_ids);
        check_unique_codes(&mut v, "/target_groups", &self.target_groups);
        v
    }
}

/// An end before the start is refused.
pub(crate) fn check_period<T: PartialOrd>(v: &mut Violations, start: Option<T>, end: Option<T>, end_field: &str) {
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        v.add(end_field, "end_before_start", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", "The end must not be before the start");
    }
}

/// The lead is not also a partner, and no partner is listed twice.
pub(crate) fn check_organisations(v: &mut Violations, lead: OrganizationId, partners: &[OrganizationId]) {
    let mut seen = HashSet::from([lead]);
    for (i, p) in partners.iter().enumerate() {
        if !seen.insert(*p) {
            v.add(
                format!("/partner_organization_ids/{i}"),
                "duplicate",
                "องค์กรนี้ถูกระบุซ้ำ (เป็นหน่วยงานหลักหรือภาคีซ้ำ)",
                "This organisation is listed twice (as lead or partner)",
            );
        }
    }
}

/// Each code appears once.
pub(crate) fn check_unique_codes(v: &mut Violations, field: &str, codes: &[String]) {
    let mut seen = HashSet::new();
    for (i, c) in codes.iter().enumerate() {
        if !seen.insert(c) {
            v.add(format!("{field}/{i}"), "duplicate", "รายการนี้ซ้ำ", "This entry is listed twice");
        }
    }
}
