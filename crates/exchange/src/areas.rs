//! Province, district and subdistrict names resolved to official DOPA codes. People write
//! "จังหวัดขอนแก่น", "จ.ขอนแก่น", "ขอนแก่น" or "Khon Kaen"; "อำเภอเมือง" with a province column means
//! that province's เมือง district; Bangkok's districts are เขต and its subdistricts แขวง. A name shared
//! by several areas (อำเภอจอมทอง is in Chiang Mai and in Bangkok) is an error that lists the
//! candidates, unless a province or district column narrows it to one.

use std::collections::HashMap;

use phakhi_domain::area::{Area, AreaLevel};

use crate::values::{ValueError, clean};

/// Prefixes written before area names, longest first.
const PREFIXES: [&str; 12] = ["จังหวัด", "อำเภอ", "ตำบล", "แขวง", "เขต", "จ.", "อ.", "ต.", "กิ่งอำเภอ", "amphoe", "tambon", "changwat"];

/// A name in the form names are compared in: prefixes and spaces removed, lower case.
fn key(name: &str) -> String {
    let mut n = clean(name).to_lowercase();
    loop {
        let before = n.clone();
        for p in PREFIXES {
            if let Some(rest) = n.strip_prefix(p) {
                n = rest.trim_start().to_owned();
            }
        }
        if n == before {
            break;
        }
    }
    n.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect()
}

/// Other names for Bangkok.
const BANGKOK: [&str; 5] = ["กรุงเทพ", "กรุงเทพฯ", "กทม", "กทม.", "bangkok"];

/// Every area, found by name.
#[derive(Debug, Clone)]
pub struct AreaIndex {
    areas: HashMap<String, Area>,
    by_name: HashMap<(AreaLevel, String), Vec<String>>,
}

impl AreaIndex {
    pub fn new(areas: Vec<Area>) -> Self {
        let mut by_name: HashMap<(AreaLevel, String), Vec<String>> = HashMap::new();
        for a in &areas {
            for name in [&a.name_th, &a.name_en] {
                let codes = by_name.entry((a.level, key(name))).or_default();
                if !codes.contains(&a.code) {
                    codes.push(a.code.clone());
                }
            }
        }
        for alias in BANGKOK {
            let codes = by_name.entry((AreaLevel::Province, key(alias))).or_default();
            if !codes.iter().any(|c| c == "10") {
                codes.push("10".into());
            }
        }
        Self { areas: areas.into_iter().map(|a| (a.code.clone(), a)).collect(), by_name }
    }

    /// The areas shipped with phakhi.
    pub fn reference() -> Result<Self, phakhi_reference::ReferenceError> {
        Ok(Self::new(phakhi_reference::reference_set()?.areas))
    }

    pub fn get(&self, code: &str) -> Option<&Area> {
        self.areas.get(code)
    }

    /// "จอมทอง (เชียงใหม่, 5002)".
    fn describe(&self, code: &str) -> (String, String) {
        let Some(a) = self.areas.get(code) else { return (code.to_owned(), code.to_owned()) };
        let mut th = vec![];
        let mut en = vec![];
        let mut parent = a.parent_code.as_deref().and_then(|p| self.areas.get(p));
        while let Some(p) = parent {
            th.push(p.name_th.clone());
            en.push(p.name_en.clone());
            parent = p.parent_code.as_deref().and_then(|c| self.areas.get(c));
        }
        (
            format!("{} ({}{code})", a.name_th, th.iter().map(|n| format!("{n}, ")).collect::<String>()),
            format!("{} ({}{code})", a.name_en, en.iter().map(|n| format!("{n}, ")).collect::<String>()),
        )
    }

    fn find(&self, level: AreaLevel, name: &str, within: Option<&str>) -> Vec<String> {
        let mut codes = self.by_name.get(&(level, key(name))).cloned().unwrap_or_default();
        if let Some(w) = within {
            codes.retain(|c| c.starts_with(w));
        }
        codes
    }

    fn one(&self, level: AreaLevel, name: &str, within: Option<&str>) -> Result<String, ValueError> {
        let (what_th, what_en) = match level {
            AreaLevel::Province => ("จังหวัด", "province"),
            AreaLevel::District => ("อำเภอ/เขต", "district"),
            AreaLevel::Subdistrict => ("ตำบล/แขวง", "subdistrict"),
        };
        let mut codes = self.find(level, name, within);
        // "เมือง" with a province is that province's เมือง district.
        if codes.is_empty()
            && level == AreaLevel::District
            && let Some(p) = within.and_then(|w| self.areas.get(w))
            && matches!(key(name).as_str(), "เมือง" | "mueang")
        {
            codes = self.find(level, &format!("เมือง{}", p.name_th), within);
        }
        match codes.len() {
            1 => Ok(codes.remove(0)),
            0 => {
                let (inside_th, inside_en) = within
                    .map(|w| self.describe(w))
                    .map_or((String::new(), String::new()), |(th, en)| (format!(" ใน {th}"), format!(" in {en}")));
                Err(ValueError::new(format!("ไม่พบ{what_th} “{name}”{inside_th}"), format!("No {what_en} named “{name}”{inside_en}")))
            }
            _ => {
                codes.sort();
                let (th, en): (Vec<String>, Vec<String>) = codes.iter().map(|c| self.describe(c)).unzip();
                Err(ValueError::new(
                    format!("{what_th} “{name}” มีหลายแห่ง: {} — ระบุจังหวัด (หรืออำเภอ) ให้ชัด", th.join("; ")),
                    format!(
                        "More than one {what_en} is named “{name}”: {} — give the province (or district) to tell them apart",
                        en.join("; ")
                    ),
                ))
            }
        }
    }

    /// The most specific code the names give; errors name the part at fault.
    pub fn resolve(
        &self,
        province: Option<&str>,
        district: Option<&str>,
        subdistrict: Option<&str>,
    ) -> Result<Option<String>, (AreaPart, ValueError)> {
        let province = province.map(|p| self.one(AreaLevel::Province, p, None)).transpose().map_err(|e| (AreaPart::Province, e))?;
        let district =
            district.map(|d| self.one(AreaLevel::District, d, province.as_deref())).transpose().map_err(|e| (AreaPart::District, e))?;
        let within = district.as_deref().or(province.as_deref());
        let subdistrict =
            subdistrict.map(|s| self.one(AreaLevel::Subdistrict, s, within)).transpose().map_err(|e| (AreaPart::Subdistrict, e))?;
        Ok(subdistrict.or(district).or(province))
    }

    /// An area code written in a cell: it must exist.
    pub fn code(&self, text: &str) -> Result<String, ValueError> {
        let code = clean(text);
        if self.areas.contains_key(&code) {
            Ok(code)
        } else {
            Err(ValueError::new(format!("ไม่มีรหัสพื้นที่ “{text}”"), format!("No area has the code “{text}”")))
        }
    }
}

/// Which of the area columns an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaPart {
    Province,
    District,
    Subdistrict,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> AreaIndex {
        AreaIndex::reference().expect("reference areas")
    }

    #[test]
    fn provinces_with_or_without_prefix_in_thai_or_english() {
        let idx = index();
        for name in ["ขอนแก่น", "จังหวัดขอนแก่น", "จ.ขอนแก่น", "จ. ขอนแก่น", "Khon Kaen"]
        {
            assert_eq!(idx.resolve(Some(name), None, None).unwrap().as_deref(), Some("40"), "{name}");
        }
        assert_eq!(idx.resolve(Some("กทม."), None, None).unwrap().as_deref(), Some("10"));
    }

    #[test]
    fn districts_and_subdistricts_resolve_within_their_province() {
        let idx = index();
        assert_eq!(idx.resolve(Some("ขอนแก่น"), Some("อำเภอเมืองขอนแก่น"), None).unwrap().as_deref(), Some("4001"));
        assert_eq!(idx.resolve(Some("ขอนแก่น"), Some("อ.เมือง"), None).unwrap().as_deref(), Some("4001"));
        assert_eq!(idx.resolve(Some("ขอนแก่น"), Some("เมือง"), Some("ต.ในเมือง")).unwrap().as_deref(), Some("400101"));
        assert_eq!(idx.resolve(Some("เชียงใหม่"), Some("จอมทอง"), None).unwrap().as_deref(), Some("5002"));
    }

    #[test]
    fn an_ambiguous_district_lists_its_candidates() {
        let (part, e) = index().resolve(None, Some("อำเภอจอมทอง"), None).unwrap_err();
        assert_eq!(part, AreaPart::District);
        assert!(e.message_th.contains("เชียงใหม่") && e.message_th.contains("กรุงเทพมหานคร"), "{}", e.message_th);
        assert!(e.message_en.contains("5002") && e.message_en.contains("1035"), "{}", e.message_en);
    }

    #[test]
    fn unknown_names_and_codes_are_errors() {
        let idx = index();
        assert_eq!(idx.resolve(Some("ขอนแก่นเหนือ"), None, None).unwrap_err().0, AreaPart::Province);
        let (part, e) = idx.resolve(Some("ขอนแก่น"), Some("จอมทอง"), None).unwrap_err();
        assert_eq!(part, AreaPart::District);
        assert!(e.message_en.contains("Khon Kaen"), "{}", e.message_en);
        assert_eq!(idx.code("๔๐๐๑").unwrap(), "4001");
        assert!(idx.code("9999").is_err());
    }
}
