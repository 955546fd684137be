//! Networks: named coalitions or committees of organisations (ภาคีเครือข่าย, คณะอนุกรรมการ).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, check_line, check_optional_line, check_paragraphs};
use crate::{NetworkId, OrganizationId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// A member's role in a network.
    MemberRole as "member_role" {
        Chair = "chair", "ประธาน", "Chair";
        ViceChair = "vice_chair", "รองประธาน", "Vice-chair";
        Secretariat = "secretariat", "ฝ่ายเลขานุการ", "Secretariat";
        Member = "member", "สมาชิก", "Member";
    }
}

/// An organisation's membership of a network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkMember {
    pub organization_id: OrganizationId,
    pub role: MemberRole,
    /// The public role of the person who represents the organisation (never a private person's name).
    #[serde(default)]
    pub represented_by: Option<String>,
    #[serde(default)]
    pub joined_on: Option<NaiveDate>,
}

/// What may be written about a network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkInput {
    pub name_th: String,
    #[serde(default)]
    pub name_en: Option<String>,
    /// The instrument that created it, e.g. an order number (คำสั่ง … ที่ 2/2566).
    #[serde(default)]
    pub instrument: Option<String>,
    #[serde(default)]
    pub established_on: Option<NaiveDate>,
    #[serde(default)]
    pub area_code: Option<String>,
    #[serde(default)]
    pub description_th: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    #[serde(default)]
    pub members: Vec<NetworkMember>,
}

/// A stored network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Network {
    pub id: NetworkId,
    #[serde(flatten)]
    pub input: NetworkInput,
    #[serde(flatten)]
    pub meta: RecordMeta,
}

impl Validate for NetworkInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/name_th", &self.name_th, NAME_MAX, true);
        check_optional_line(&mut v, "/name_en", self.name_en.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/instrument", self.instrument.as_deref(), NAME_MAX);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_paragraphs(&mut v, "/description_th", self.description_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/description_en", self.description_en.as_deref(), DESCRIPTION_MAX);
        let mut seen = HashSet::new();
        for (i, m) in self.members.iter().enumerate() {
            check_optional_line(&mut v, &format!("/members/{i}/represented_by"), m.represented_by.as_deref(), NAME_MAX);
            if !seen.insert(m.organization_id) {
                v.add(
                    format!("/members/{i}/organization_id"),
                    "duplicate",
                    "องค์กรนี้เป็นสมาชิกซ้ำในเครือข่ายเดียวกัน",
                    "This organisation is listed twice in the same network",
                );
            }
        }
        v
    }
}
