//! Frameworks: the reference systems partners align their work to — the UN SDGs, UNESCO's Key Features
//! of Learning Cities, national and provincial plans, and frameworks a city defines itself. Each is a
//! tree of items (goal → target → indicator; group → area of focus; strategy → measure …).

use serde::{Deserialize, Serialize};

use crate::target_group::check_code;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, SHORT_MAX, check_line, check_optional_line, check_paragraphs, check_url};
use crate::{FrameworkId, FrameworkItemId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// What kind of framework it is.
    FrameworkKind as "framework_kind" {
        Sdg = "sdg", "เป้าหมายการพัฒนาที่ยั่งยืน", "Sustainable Development Goals";
        LearningCity = "learning_city", "เมืองแห่งการเรียนรู้ของยูเนสโก", "UNESCO learning city";
        NationalPlan = "national_plan", "แผนระดับชาติ", "National plan";
        ProvincialPlan = "provincial_plan", "แผนระดับจังหวัด", "Provincial plan";
        LocalPlan = "local_plan", "แผนของเมือง/ท้องถิ่น", "City or local plan";
        Other = "other", "อื่น ๆ", "Other";
    }
}

/// The code of the SDG framework.
pub const SDG: &str = "sdg";
/// The code of UNESCO's Key Features of Learning Cities.
pub const LEARNING_CITY: &str = "unesco-lc";

/// What may be written about a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInput {
    /// Short stable code used in URLs and alignment references (e.g. `sdg`, `unesco-lc`).
    pub code: String,
    pub kind: FrameworkKind,
    pub name_th: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
}

/// A stored framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Framework {
    pub id: FrameworkId,
    #[serde(flatten)]
    pub input: FrameworkInput,
    /// Shipped with phakhi (SDGs, learning-city features): read-only through the API.
    pub builtin: bool,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for FrameworkInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_code(&mut v, "/code", &self.code);
        check_line(&mut v, "/name_th", &self.name_th, NAME_MAX, true);
        check_optional_line(&mut v, "/name_en", self.name_en.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/publisher", self.publisher.as_deref(), NAME_MAX);
        check_url(&mut v, "/url", self.url.as_deref());
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        v
    }
}

/// What may be written about a framework item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkItemInput {
    /// Code within the framework, e.g. `4`, `4.7`, `4.7.1`, `2.3`.
    pub code: String,
    #[serde(default)]
    pub parent_id: Option<FrameworkItemId>,
    /// The item's level in its framework: `goal`, `target`, `indicator`, `group`, `area`, `strategy` …
    pub level: String,
    #[serde(default)]
    pub title_th: Option<String>,
    pub title_en: Option<String>,
    /// Order among siblings.
    #[serde(default)]
    pub position: i64,
    /// Display colour, `#RRGGBB` (the SDG goal colours).
    #[serde(default)]
    pub colour: Option<String>,
}

/// A stored framework item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FrameworkItem {
    pub id: FrameworkItemId,
    pub framework_id: FrameworkId,
    /// Code of the framework, for readers who do not want to look it up.
    pub framework_code: String,
    #[serde(flatten)]
    pub input: FrameworkItemInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for FrameworkItemInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/code", &self.code, SHORT_MAX, true);
        check_code(&mut v, "/level", &self.level);
        check_optional_line(&mut v, "/title_th", self.title_th.as_deref(), DESCRIPTION_MAX);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), DESCRIPTION_MAX);
        if self.title_th.as_deref().is_none_or(|t| t.trim().is_empty()) && self.title_en.as_deref().is_none_or(|t| t.trim().is_empty()) {
            v.add("/title_th", "required", "ต้องมีชื่อภาษาไทยหรือภาษาอังกฤษ", "A Thai or an English title is required");
        }
        if let Some(c) = &self.colour
            && !(c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit()))
        {
            v.add("/colour", "invalid_colour", "สีต้องอยู่ในรูปแบบ #RRGGBB", "A colour is written #RRGGBB");
        }
        v
    }
}
