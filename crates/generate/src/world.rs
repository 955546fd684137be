//! The reference data a data set is built on: real DOPA areas, the SDG targets and learning-city areas
//! (framework items exist in every phakhi database with the same ids), the built-in target groups.

use std::collections::HashMap;

use phakhi_domain::FrameworkItemId;
use phakhi_domain::area::AreaLevel;
use phakhi_domain::framework::{LEARNING_CITY, SDG};
use phakhi_store::ReferenceSet;

use crate::GenerateError;
use crate::scale::Territory;

/// A named area.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
}

/// A province with the districts and subdistricts the data set uses.
#[derive(Debug, Clone)]
pub struct Province {
    pub place: Place,
    pub districts: Vec<Place>,
    pub subdistricts: Vec<Place>,
}

/// A framework item records can be aligned to.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: FrameworkItemId,
    pub framework_code: &'static str,
    pub code: String,
}

/// Everything the generator draws on.
#[derive(Debug, Clone)]
pub struct World {
    pub provinces: Vec<Province>,
    /// SDG targets, by goal number (1–17).
    pub sdg_targets: HashMap<u8, Vec<Item>>,
    /// UNESCO learning-city areas of focus.
    pub learning_city_areas: Vec<Item>,
    /// Built-in target group codes with their Thai and English names.
    pub target_groups: Vec<(String, String, String)>,
}

impl World {
    pub fn new(reference: &ReferenceSet, territory: Territory) -> Result<Self, GenerateError> {
        let provinces = provinces(reference, territory)?;
        let mut sdg_targets: HashMap<u8, Vec<Item>> = HashMap::new();
        let mut learning_city_areas = Vec::new();
        for framework in &reference.frameworks {
            for (id, item) in &framework.items {
                match (framework.input.code.as_str(), item.level.as_str()) {
                    (SDG, "target") => {
                        let goal = item.code.split('.').next().and_then(|g| g.parse().ok()).unwrap_or(0);
                        sdg_targets.entry(goal).or_default().push(Item { id: *id, framework_code: SDG, code: item.code.clone() });
                    }
                    (LEARNING_CITY, "area") => {
                        learning_city_areas.push(Item { id: *id, framework_code: LEARNING_CITY, code: item.code.clone() })
                    }
                    _ => {}
                }
            }
        }
        if sdg_targets.len() < 17 || learning_city_areas.is_empty() {
            return Err(GenerateError::Reference("the SDG targets or learning-city areas are missing".into()));
        }
        let target_groups = reference.target_groups.iter().map(|g| (g.code.clone(), g.name_th.clone(), g.name_en.clone())).collect();
        Ok(Self { provinces, sdg_targets, learning_city_areas, target_groups })
    }
}

fn place(a: &phakhi_domain::area::Area) -> Place {
    Place { code: a.code.clone(), name_th: a.name_th.clone(), name_en: a.name_en.clone() }
}

/// The provinces of the territory, each with the subdistricts inside the territory.
fn provinces(reference: &ReferenceSet, territory: Territory) -> Result<Vec<Province>, GenerateError> {
    let inside = |code: &str| match territory {
        Territory::District(d) | Territory::Province(d) => code.starts_with(d),
        Territory::Country => true,
    };
    let mut provinces: Vec<Province> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for a in reference.areas.iter().filter(|a| a.level == AreaLevel::Province) {
        let relevant = match territory {
            Territory::District(d) | Territory::Province(d) => d.starts_with(a.code.as_str()),
            Territory::Country => true,
        };
        if relevant {
            index.insert(a.code.as_str(), provinces.len());
            provinces.push(Province { place: place(a), districts: Vec::new(), subdistricts: Vec::new() });
        }
    }
    for a in reference.areas.iter().filter(|a| a.level != AreaLevel::Province && inside(&a.code)) {
        let Some(&p) = a.code.get(..2).and_then(|c| index.get(c)) else { continue };
        match a.level {
            AreaLevel::District => provinces[p].districts.push(place(a)),
            AreaLevel::Subdistrict => provinces[p].subdistricts.push(place(a)),
            AreaLevel::Province => {}
        }
    }
    provinces.retain(|p| !p.subdistricts.is_empty());
    if provinces.is_empty() {
        return Err(GenerateError::Reference(format!("no subdistricts in {territory:?}")));
    }
    Ok(provinces)
}
