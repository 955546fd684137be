//! Individual participants: when an activity records people rather than only counts.
//!
//! This is personal data under Thailand's PDPA, and gender identity is sensitive data (section 26):
//! it may be recorded only with the person's explicit consent, kept with its purpose and date. Only
//! the organising organisation's editors (and platform admins) see these records; everyone else sees
//! the activity's aggregate counts, which each participant adds to. Erasing a participant removes the
//! person and keeps the count, so reports stay true.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::participation::{AgeBand, Gender};
use crate::text::{DESCRIPTION_MAX, NAME_MAX, check_line, check_optional_line};
use crate::{ActivityId, ParticipantId, Validate, Violations};

/// The person's explicit consent to record sensitive data about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// What the data is for, as it was explained to the person (e.g. "รายงานตัวชี้วัดความเท่าเทียมทางเพศ").
    pub purpose: String,
    pub given_on: NaiveDate,
}

/// What may be written about a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    pub full_name: String,
    /// Phone, email or LINE id, to reach the person about the activity.
    #[serde(default)]
    pub contact: Option<String>,
    /// Sensitive: needs `consent`.
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub age_band: Option<AgeBand>,
    #[serde(default)]
    pub target_group: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub nationality: Option<String>,
    /// A disability the person chose to declare, in their words (sensitive: needs `consent`).
    #[serde(default)]
    pub disability: Option<String>,
    #[serde(default)]
    pub consent: Option<Consent>,
}

/// A stored participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Participant {
    pub id: ParticipantId,
    pub activity_id: ActivityId,
    #[serde(flatten)]
    pub input: ParticipantInput,
    #[serde(flatten)]
    pub meta: crate::RecordMeta,
}

impl ParticipantInput {
    /// Whether the record holds sensitive data (gender identity, disability).
    pub fn is_sensitive(&self) -> bool {
        self.gender.is_some_and(|g| g != Gender::NotStated) || self.disability.as_deref().is_some_and(|d| !d.trim().is_empty())
    }
}

impl Validate for ParticipantInput {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_line(&mut v, "/full_name", &self.full_name, NAME_MAX, true);
        check_optional_line(&mut v, "/contact", self.contact.as_deref(), NAME_MAX);
        check_optional_line(&mut v, "/disability", self.disability.as_deref(), NAME_MAX);
        if let Some(c) = &self.consent {
            check_line(&mut v, "/consent/purpose", &c.purpose, DESCRIPTION_MAX, true);
        }
        if self.is_sensitive() && self.consent.is_none() {
            v.add(
                "/consent",
                "consent_required",
                "การบันทึกเพศสภาพหรือความพิการต้องได้รับความยินยอมโดยชัดแจ้งจากบุคคลนั้น โปรดระบุวัตถุประสงค์และวันที่ให้ความยินยอม",
                "Gender identity or disability may be recorded only with the person's explicit consent: give its purpose and date",
            );
        }
        if let Some(n) = &self.nationality
            && !(n.len() == 2 && n.bytes().all(|b| b.is_ascii_uppercase()))
        {
            v.add(
                "/nationality",
                "invalid_country",
                "สัญชาติใช้รหัสประเทศ ISO 3166-1 สองตัวอักษร เช่น TH",
                "Nationality is an ISO 3166-1 alpha-2 code, e.g. TH",
            );
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(gender: Option<Gender>, consent: Option<Consent>) -> ParticipantInput {
        ParticipantInput {
            full_name: "สมศรี ใจดี".into(),
            contact: None,
            gender,
            age_band: Some(AgeBand::Youth),
            target_group: None,
            nationality: Some("TH".into()),
            disability: None,
            consent,
        }
    }

    #[test]
    fn gender_identity_needs_explicit_consent() {
        let fields: Vec<String> = person(Some(Gender::GenderDiverse), None).validate().into_vec().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["/consent"]);
        let consent = Consent {
            purpose: "รายงานตัวชี้วัดความเท่าเทียมทางเพศของเครือข่าย".into(), given_on: "2024-07-05".parse().unwrap()
        };
        assert!(person(Some(Gender::GenderDiverse), Some(consent)).validate().is_empty());
        assert!(person(None, None).validate().is_empty(), "no sensitive data, no consent needed");
        assert!(person(Some(Gender::NotStated), None).validate().is_empty());
    }
}
