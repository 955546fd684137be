//! Reference data shipped inside the binary (from the repository's `data/` folder, where each file's
//! origin and licence are recorded): Thailand's 77 provinces, 928 districts and 7,436 subdistricts with
//! their DOPA codes; the 17 SDGs with their 169 targets and global indicators; UNESCO's Key Features of
//! Learning Cities (3 groups, 12 areas of focus); and the built-in target groups.
//!
//! Ids of framework items are derived from their codes, so every installation agrees on them.

mod areas;
mod frameworks;
mod target_groups;

use phakhi_store::ReferenceSet;
use sha2::{Digest, Sha256};

/// The embedded files, by name. The checksum covers all of them (and this crate's own tables).
pub(crate) mod files {
    pub const PROVINCES: &str = include_str!("../../../data/thai-admin/provinces.csv");
    pub const DISTRICTS: &str = include_str!("../../../data/thai-admin/districts.csv");
    pub const SUBDISTRICTS: &str = include_str!("../../../data/thai-admin/subdistricts.csv");
    pub const SDG_GOALS: &str = include_str!("../../../data/sdg/sdg_goals.csv");
    pub const SDG_GOALS_TH: &str = include_str!("../../../data/sdg/sdg_goals_th.csv");
    pub const SDG_TARGETS: &str = include_str!("../../../data/sdg/sdg_targets.csv");
    pub const SDG_INDICATORS: &str = include_str!("../../../data/sdg/sdg_indicators.csv");
    pub const LEARNING_CITIES: &str = include_str!("../../../data/learning-cities/key_features_areas_of_focus.json");
    pub const LEARNING_CITIES_TH: &str = include_str!("../../../data/learning-cities/areas_th.csv");
}

/// Why the embedded data could not be read (a packaging error: tests catch it before release).
#[derive(Debug)]
pub struct ReferenceError(pub String);

impl std::fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "reference data: {}", self.0)
    }
}

impl std::error::Error for ReferenceError {}

pub(crate) fn err(context: &str, e: impl std::fmt::Display) -> ReferenceError {
    ReferenceError(format!("{context}: {e}"))
}

/// Everything phakhi ships, ready for [`phakhi_store::Store::install_reference`].
pub fn reference_set() -> Result<ReferenceSet, ReferenceError> {
    let areas = areas::load()?;
    let target_groups = target_groups::builtin();
    let frameworks = vec![frameworks::sdg()?, frameworks::learning_city()?];
    let mut hash = Sha256::new();
    for file in [
        files::PROVINCES,
        files::DISTRICTS,
        files::SUBDISTRICTS,
        files::SDG_GOALS,
        files::SDG_GOALS_TH,
        files::SDG_TARGETS,
        files::SDG_INDICATORS,
        files::LEARNING_CITIES,
        files::LEARNING_CITIES_TH,
    ] {
        hash.update(file.as_bytes());
    }
    for g in &target_groups {
        hash.update(format!("{}|{}|{}\n", g.code, g.name_th, g.name_en).as_bytes());
    }
    for f in &frameworks {
        hash.update(format!("{:?}", f.input).as_bytes());
    }
    let checksum = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(ReferenceSet { checksum, areas, target_groups, frameworks })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phakhi_domain::area::AreaLevel;

    #[test]
    fn the_set_has_the_official_counts() {
        let set = reference_set().unwrap();
        let count = |level| set.areas.iter().filter(|a| a.level == level).count();
        assert_eq!(count(AreaLevel::Province), 77);
        assert_eq!(count(AreaLevel::District), 928);
        assert_eq!(count(AreaLevel::Subdistrict), 7436);
        let sdg = &set.frameworks[0];
        let level = |l: &str| sdg.items.iter().filter(|(_, i)| i.level == l).count();
        assert_eq!((level("goal"), level("target"), level("indicator")), (17, 169, 251));
        let lc = &set.frameworks[1];
        assert_eq!(lc.items.len(), 15);
    }

    #[test]
    fn parents_come_before_children() {
        let set = reference_set().unwrap();
        let mut seen = std::collections::HashSet::new();
        for a in &set.areas {
            if let Some(p) = &a.parent_code {
                assert!(seen.contains(p), "{} before its parent {p}", a.code);
            }
            seen.insert(a.code.clone());
        }
        for f in &set.frameworks {
            let mut seen = std::collections::HashSet::new();
            for (id, item) in &f.items {
                if let Some(p) = item.parent_id {
                    assert!(seen.contains(&p), "{} before its parent", item.code);
                }
                seen.insert(*id);
            }
        }
    }

    #[test]
    fn the_checksum_is_stable() {
        assert_eq!(reference_set().unwrap().checksum, reference_set().unwrap().checksum);
    }
}
