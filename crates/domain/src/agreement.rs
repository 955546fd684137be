//! Agreements (MOUs, บันทึกความร่วมมือ): who signed what, when and where, for how long.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::check_area_code;
use crate::commitment::Commitment;
use crate::text::{DESCRIPTION_MAX, NAME_MAX, SHORT_MAX, check_line, check_optional_line, check_paragraphs, check_url};
use crate::{AgreementId, NetworkId, OrganizationId, RecordMeta, Validate, Violations};

crate::vocabulary! {
    /// A party's role in an agreement.
    PartyRole as "party_role" {
        Signatory = "signatory", "ผู้ลงนาม", "Signatory";
        Witness = "witness", "พยาน", "Witness";
        Coordinator = "coordinator", "ผู้ประสานงาน", "Coordinator";
    }
}

crate::vocabulary! {
    /// Where an agreement stands.
    AgreementStatus as "agreement_status" {
        Draft = "draft", "ร่าง", "Draft";
        Signed = "signed", "ลงนามแล้ว", "Signed";
        Active = "active", "มีผลบังคับใช้", "Active";
        Expired = "expired", "สิ้นสุดแล้ว", "Expired";
        Terminated = "terminated", "ยกเลิก", "Terminated";
    }
}

/// An organisation's part in an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementParty {
    pub organization_id: OrganizationId,
    pub role: PartyRole,
    /// Public role of whoever signed for the organisation (e.g. ผู้ว่าราชการจังหวัดขอนแก่น).
    #[serde(default)]
    pub signed_by: Option<String>,
}

/// Metadata of a document belonging to an agreement (the file itself is stored elsewhere).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementDocument {
    pub title: String,
    pub file_name: String,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    /// Hex SHA-256 of the file, to prove which version was signed.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// What may be written about an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    pub title_th: String,
    #[serde(default)]
    pub title_en: Option<String>,
    /// Free themes, e.g. "ความเสมอภาคทางเพศ".
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    #[serde(default)]
    pub place_th: Option<String>,
    #[serde(default)]
    pub place_en: Option<String>,
    #[serde(default)]
    pub area_code: Option<String>,
    #[serde(default)]
    pub term_start: Option<NaiveDate>,
    #[serde(default)]
    pub term_end: Option<NaiveDate>,
    /// How many signatories the agreement itself (or its announcement) declares; may differ from the
    /// parties registered here, which is exactly what coordinators need to see.
    #[serde(default)]
    pub declared_signatories: Option<u32>,
    pub status: AgreementStatus,
    /// The network this agreement belongs to, if any.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub notes_th: Option<String>,
    #[serde(default)]
    pub notes_en: Option<String>,
    #[serde(default)]
    pub parties: Vec<AgreementParty>,
    #[serde(default)]
    pub documents: Vec<AgreementDocument>,
}

/// A stored agreement, with its commitments (written through their own resource).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Agreement {
    pub id: AgreementId,
    #[serde(flatten)]
    pub input: AgreementInput,
    /// Number of parties registered with role signatory.
    pub registered_signatories: u32,
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// The parties' commitments under this agreement (read-only here; see `/commitments`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<Vec<Commitment>>,
}

impl AgreementInput {
    /// Parties registered as signatories.
    pub fn registered_signatories(&self) -> u32 {
        self.parties.iter().filter(|p| p.role == PartyRole::Signatory).count() as u32
    }
}

impl Validate for AgreementInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/title_th", &self.title_th, NAME_MAX, true);
        check_optional_line(&mut v, "/title_en", self.title_en.as_deref(), NAME_MAX);
        for (i, theme) in self.themes.iter().enumerate() {
            check_line(&mut v, &format!("/themes/{i}"), theme, SHORT_MAX, true);
        }
        check_optional_line(&mut v, "/place_th", self.place_th.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/place_en", self.place_en.as_deref(), NAME_MAX);
        check_area_code(&mut v, "/area_code", self.area_code.as_deref());
        check_paragraphs(&mut v, "/notes_th", self.notes_th.as_deref(), DESCRIPTION_MAX);
        check_paragraphs(&mut v, "/notes_en", self.notes_en.as_deref(), DESCRIPTION_MAX);
        if let (Some(start), Some(end)) = (self.term_start, self.term_end)
            && end < start
        {
            v.add("/term_end", "end_before_start", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", "The end date must not be before the start date");
        }
        let signed = matches!(self.status, AgreementStatus::Signed | AgreementStatus::Active | AgreementStatus::Expired);
        if signed && self.signed_on.is_none() {
            v.add("/signed_on", "required", "ข้อตกลงที่ลงนามแล้วต้องมีวันที่ลงนาม", "A signed agreement needs its signing date");
        }
        let mut seen = HashSet::new();
        for (i, p) in self.parties.iter().enumerate() {
            check_optional_line(&mut v, &format!("/parties/{i}/signed_by"), p.signed_by.as_deref(), NAME_MAX);
            if !seen.insert(p.organization_id) {
                v.add(
                    format!("/parties/{i}/organization_id"),
                    "duplicate",
                    "องค์กรนี้ถูกระบุเป็นภาคีซ้ำ",
                    "This organisation is listed twice as a party",
                );
            }
        }
        for (i, d) in self.documents.iter().enumerate() {
            let at = |f: &str| format!("/documents/{i}/{f}");
            check_line(&mut v, &at("title"), &d.title, NAME_MAX, true);
            check_line(&mut v, &at("file_name"), &d.file_name, NAME_MAX, true);
            check_optional_line(&mut v, &at("media_type"), d.media_type.as_deref(), SHORT_MAX);
            check_url(&mut v, &at("url"), d.url.as_deref());
            if let Some(h) = &d.sha256
                && !(h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                v.add(at("sha256"), "invalid_sha256", "ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 ตัว", "A SHA-256 is 64 hexadecimal digits");
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mou() -> AgreementInput {
        AgreementInput {
            title_th: "บันทึกความร่วมมือ".into(),
            title_en: None,
            themes: vec![],
            signed_on: NaiveDate::from_ymd_opt(2024, 7, 5),
            place_th: None,
            place_en: None,
            area_code: Some("40".into()),
            term_start: None,
            term_end: None,
            declared_signatories: Some(62),
            status: AgreementStatus::Signed,
            network_id: None,
            notes_th: None,
            notes_en: None,
            parties: vec![],
            documents: vec![],
        }
    }

    #[test]
    fn a_duplicate_party_and_an_inverted_term_are_both_reported() {
        let org = OrganizationId::new();
        let mut a = mou();
        a.parties = vec![
            AgreementParty { organization_id: org, role: PartyRole::Signatory, signed_by: None },
            AgreementParty { organization_id: org, role: PartyRole::Witness, signed_by: None },
        ];
        a.term_start = NaiveDate::from_ymd_opt(2025, 1, 1);
        a.term_end = NaiveDate::from_ymd_opt(2024, 1, 1);
        let fields: Vec<_> = a.validate().into_vec().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["/term_end", "/parties/1/organization_id"]);
    }

    #[test]
    fn a_signed_agreement_needs_a_date() {
        let mut a = mou();
        a.signed_on = None;
        assert_eq!(a.validate().as_slice()[0].field, "/signed_on");
        a.status = AgreementStatus::Draft;
        assert!(a.validate().is_empty());
    }

    #[test]
    fn registered_signatories_count_only_signatories() {
        let mut a = mou();
        a.parties = vec![
            AgreementParty { organization_id: OrganizationId::new(), role: PartyRole::Signatory, signed_by: None },
            AgreementParty { organization_id: OrganizationId::new(), role: PartyRole::Witness, signed_by: None },
        ];
        assert_eq!(a.registered_signatories(), 1);
    }
}
