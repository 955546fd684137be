//! Provinces, districts and subdistricts from `data/thai-admin/`.

use phakhi_domain::area::{Area, AreaLevel};
use serde::Deserialize;

use crate::{ReferenceError, err, files};

#[derive(Deserialize)]
struct Province {
    province_code: String,
    iso_3166_2: String,
    name_th: String,
    name_en: String,
    region_6_th: String,
    region_6_en: String,
}

#[derive(Deserialize)]
struct District {
    district_code: String,
    province_code: String,
    name_th: String,
    name_en: String,
    postcode: String,
}

#[derive(Deserialize)]
struct Subdistrict {
    subdistrict_code: String,
    district_code: String,
    name_th: String,
    name_en: String,
    postcode: String,
}

fn rows<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<Vec<T>, ReferenceError> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect::<Result<_, _>>().map_err(|e| err(name, e))
}

/// Every area, provinces first, then districts, then subdistricts (parents before children).
pub fn load() -> Result<Vec<Area>, ReferenceError> {
    let provinces: Vec<Province> = rows("provinces.csv", files::PROVINCES)?;
    let districts: Vec<District> = rows("districts.csv", files::DISTRICTS)?;
    let subdistricts: Vec<Subdistrict> = rows("subdistricts.csv", files::SUBDISTRICTS)?;
    let mut areas = Vec::with_capacity(provinces.len() + districts.len() + subdistricts.len());
    areas.extend(provinces.into_iter().map(|p| Area {
        code: p.province_code,
        level: AreaLevel::Province,
        parent_code: None,
        name_th: p.name_th,
        name_en: p.name_en,
        iso_3166_2: Some(p.iso_3166_2),
        postcode: None,
        region_th: Some(p.region_6_th),
        region_en: Some(p.region_6_en),
    }));
    areas.extend(districts.into_iter().map(|d| Area {
        code: d.district_code,
        level: AreaLevel::District,
        parent_code: Some(d.province_code),
        name_th: d.name_th,
        name_en: d.name_en,
        iso_3166_2: None,
        postcode: Some(d.postcode),
        region_th: None,
        region_en: None,
    }));
    areas.extend(subdistricts.into_iter().map(|s| Area {
        code: s.subdistrict_code,
        level: AreaLevel::Subdistrict,
        parent_code: Some(s.district_code),
        name_th: s.name_th,
        name_en: s.name_en,
        iso_3166_2: None,
        postcode: Some(s.postcode),
        region_th: None,
        region_en: None,
    }));
    for a in &areas {
        if AreaLevel::of_code(&a.code) != Some(a.level) {
            return Err(ReferenceError(format!("area code {} does not have the digits of a {}", a.code, a.level)));
        }
    }
    Ok(areas)
}
