//! Participation: how many people an activity reached, counted by disaggregation.
//!
//! Counts are recorded as cells of a cross-classification (gender × age band × target group ×
//! nationality), each dimension allowing "not stated". This is how statistical offices (and the Open
//! SDG platform) store disaggregated data: totals and every breakdown are sums over cells, so a total is
//! derived and can never disagree with its parts.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::{Validate, Violations};

crate::vocabulary! {
    /// Gender, including gender-diverse people (sensitive personal data under the PDPA).
    Gender as "gender" {
        Female = "female", "หญิง", "Female";
        Male = "male", "ชาย", "Male";
        GenderDiverse = "gender_diverse", "ผู้มีความหลากหลายทางเพศ (LGBTQ+)", "Gender-diverse (LGBTQ+)";
        NotStated = "not_stated", "ไม่ระบุ", "Not stated";
    }
}

crate::vocabulary! {
    /// Age bands aligned with Thai usage: children (under 15), youth (15–24), working age, older
    /// persons (60+, as in the Thai Act on the Elderly).
    AgeBand as "age_band" {
        Under15 = "0-14", "ต่ำกว่า 15 ปี", "Under 15";
        Youth = "15-24", "15–24 ปี", "15–24";
        Adult = "25-59", "25–59 ปี", "25–59";
        Older = "60+", "60 ปีขึ้นไป", "60 and over";
        NotStated = "not_stated", "ไม่ระบุ", "Not stated";
    }
}

/// One cell: the number of participants with this combination of characteristics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipationCell {
    #[serde(default = "not_stated_gender")]
    pub gender: Gender,
    #[serde(default = "not_stated_age")]
    pub age_band: AgeBand,
    /// Target-group code; absent when not stated.
    #[serde(default)]
    pub target_group: Option<String>,
    /// ISO 3166-1 alpha-2 country code (e.g. `TH`); absent when not stated.
    #[serde(default)]
    pub nationality: Option<String>,
    pub count: u32,
}

fn not_stated_gender() -> Gender {
    Gender::NotStated
}

fn not_stated_age() -> AgeBand {
    AgeBand::NotStated
}

impl ParticipationCell {
    fn key(&self) -> (Gender, AgeBand, Option<&str>, Option<&str>) {
        (self.gender, self.age_band, self.target_group.as_deref(), self.nationality.as_deref())
    }
}

/// Totals derived from the cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ParticipationSummary {
    pub total: u64,
    pub by_gender: BTreeMap<String, u64>,
    pub by_age_band: BTreeMap<String, u64>,
    pub by_target_group: BTreeMap<String, u64>,
    pub by_nationality: BTreeMap<String, u64>,
}

const NOT_STATED: &str = "not_stated";

/// Sums the cells into a total and one breakdown per dimension.
pub fn summarise(cells: &[ParticipationCell]) -> ParticipationSummary {
    use crate::Vocabulary;
    let mut s = ParticipationSummary::default();
    for c in cells {
        let n = u64::from(c.count);
        s.total += n;
        *s.by_gender.entry(c.gender.code().to_owned()).or_default() += n;
        *s.by_age_band.entry(c.age_band.code().to_owned()).or_default() += n;
        *s.by_target_group.entry(c.target_group.clone().unwrap_or_else(|| NOT_STATED.into())).or_default() += n;
        *s.by_nationality.entry(c.nationality.clone().unwrap_or_else(|| NOT_STATED.into())).or_default() += n;
    }
    s
}

/// The cells as a whole: each combination at most once, nationalities well-formed.
#[derive(Debug)]
pub struct Cells<'a>(pub &'a [ParticipationCell]);

impl Validate for Cells<'_> {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        let mut seen = HashSet::new();
        for (i, c) in self.0.iter().enumerate() {
            if !seen.insert(c.key()) {
                v.add(
                    format!("/{i}"),
                    "duplicate",
                    "กลุ่มผู้เข้าร่วมนี้ถูกนับซ้ำ (เพศ อายุ กลุ่มเป้าหมาย และสัญชาติเดียวกัน)",
                    "This combination of gender, age band, target group and nationality is counted twice",
                );
            }
            if let Some(n) = &c.nationality
                && !(n.len() == 2 && n.bytes().all(|b| b.is_ascii_uppercase()))
            {
                v.add(
                    format!("/{i}/nationality"),
                    "invalid_country",
                    "สัญชาติใช้รหัสประเทศ ISO 3166-1 สองตัวอักษร เช่น TH",
                    "Nationality is an ISO 3166-1 alpha-2 country code, e.g. TH",
                );
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(gender: Gender, age: AgeBand, count: u32) -> ParticipationCell {
        ParticipationCell { gender, age_band: age, target_group: None, nationality: None, count }
    }

    #[test]
    fn totals_are_the_sum_of_every_breakdown() {
        let cells = [
            cell(Gender::Female, AgeBand::Youth, 12),
            cell(Gender::GenderDiverse, AgeBand::Youth, 7),
            cell(Gender::Male, AgeBand::Adult, 3),
        ];
        let s = summarise(&cells);
        assert_eq!(s.total, 22);
        assert_eq!(s.by_gender.values().sum::<u64>(), 22);
        assert_eq!(s.by_age_band["15-24"], 19);
        assert_eq!(s.by_target_group["not_stated"], 22);
    }

    #[test]
    fn the_same_combination_twice_is_refused() {
        let cells = [cell(Gender::Female, AgeBand::Youth, 1), cell(Gender::Female, AgeBand::Youth, 2)];
        let v = Cells(&cells).validate();
        assert_eq!(v.as_slice()[0].field, "/1");
    }

    #[test]
    fn count_is_never_negative() {
        let r: Result<ParticipationCell, _> = serde_json::from_str(r#"{"gender":"female","count":-3}"#);
        assert!(r.is_err());
    }
}
