//! Organisations: the partners of a network.

use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, SHORT_MAX, check_line, check_optional_line, check_paragraphs, check_url};
use crate::{OrganizationId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// The sector an organisation belongs to, as Thai network reports group their partners.
    Sector as "sector" {
        CentralGovernment = "central_government", "ส่วนราชการส่วนกลาง", "Central government unit";
        ProvincialOffice = "provincial_office", "ส่วนราชการส่วนภูมิภาค/สำนักงานภาค", "Provincial or regional office";
        LocalGovernment = "local_government", "องค์กรปกครองส่วนท้องถิ่น", "Local government";
        StateEnterprise = "state_enterprise", "รัฐวิสาหกิจ/องค์การมหาชน", "State enterprise or public organisation";
        Academic = "academic", "สถาบันการศึกษา", "Academic institution";
        PrivateCompany = "private_company", "ภาคเอกชน", "Private company";
        CivilSociety = "civil_society", "มูลนิธิ/องค์กรพัฒนาเอกชน/ภาคประชาสังคม", "Foundation, NGO or civil society";
        CommunityGroup = "community_group", "กลุ่มชุมชน", "Community group";
        International = "international", "องค์การระหว่างประเทศ", "International organisation";
    }
}

crate::vocabulary! {
    /// Whether an organisation still exists and takes part.
    OrganizationStatus as "organization_status" {
        Active = "active", "ดำเนินการอยู่", "Active";
        Inactive = "inactive", "ไม่ได้ดำเนินการ", "Inactive";
        Dissolved = "dissolved", "ยุบเลิกแล้ว", "Dissolved";
    }
}

/// What may be written about an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    /// Official Thai name.
    pub name_th: String,
    /// English name, where the organisation uses one.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Abbreviation as commonly written (e.g. สสปน., TCEB, IGDN).
    #[serde(default)]
    pub abbreviation: Option<String>,
    pub sector: Sector,
    /// The organisation this one is part of (e.g. a regional office's head office).
    #[serde(default)]
    pub parent_id: Option<OrganizationId>,
    /// Where it is: a DOPA province, district or subdistrict code.
    #[serde(default)]
    pub area_code: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default = "default_status")]
    pub status: OrganizationStatus,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
}

fn default_status() -> OrganizationStatus {
    OrganizationStatus::Active
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    pub id: OrganizationId,
    #[serde(flatten)]
    pub input: OrganizationInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for OrganizationInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/name_th", &self.name_th, NAME_MAX, true);
        check_optional_line(&mut v, "/name_en", self.name_en.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/abbreviation", self.abbreviation.as_deref(), SHORT_MAX);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_url(&mut v, "/website", self.website.as_deref());
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        v
    }
}
