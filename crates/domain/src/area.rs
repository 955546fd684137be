//! Areas: Thailand's official administrative divisions (DOPA codes): province (2 digits),
//! district (4 digits), subdistrict (6 digits). A code's prefix is its parent, so "40" (Khon Kaen)
//! contains "4001" (Mueang Khon Kaen) which contains "400101" (Nai Mueang).

use serde::{Deserialize, Serialize};

use crate::validation::Violations;

crate::vocabulary! {
    /// Level of an administrative area.
    AreaLevel as "area_level" {
        Province = "province", "จังหวัด", "Province";
        District = "district", "อำเภอ/เขต", "District";
        Subdistrict = "subdistrict", "ตำบล/แขวง", "Subdistrict";
    }
}

impl AreaLevel {
    /// The level a code of this many digits denotes.
    pub fn of_code(code: &str) -> Option<Self> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            2 => Some(Self::Province),
            4 => Some(Self::District),
            6 => Some(Self::Subdistrict),
            _ => None,
        }
    }
}

/// The code of the area enclosing `code`: its prefix one level up; `None` for a province (or a code
/// that is not a DOPA code).
pub fn parent_code(code: &str) -> Option<&str> {
    match AreaLevel::of_code(code)? {
        AreaLevel::Province => None,
        AreaLevel::District => Some(&code[..2]),
        AreaLevel::Subdistrict => Some(&code[..4]),
    }
}

/// An administrative area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Area {
    /// DOPA code: 2, 4 or 6 digits.
    pub code: String,
    pub level: AreaLevel,
    /// Code of the enclosing area; none for a province.
    pub parent_code: Option<String>,
    pub name_th: String,
    pub name_en: String,
    /// ISO 3166-2 code for provinces (e.g. `TH-40`).
    pub iso_3166_2: Option<String>,
    /// Postcode for districts and subdistricts.
    pub postcode: Option<String>,
    /// The six-region grouping for provinces (Thai label).
    pub region_th: Option<String>,
    /// The six-region grouping for provinces (English label).
    pub region_en: Option<String>,
}

/// Checks the shape of an area code; whether it exists is the store's question.
pub fn check_area_code(v: &mut Violations, field: &str, code: Option<&str>) {
    if let Some(code) = code
        && AreaLevel::of_code(code).is_none()
    {
        v.add(field, "invalid_area_code", "รหัสพื้นที่ต้องเป็นรหัสกรมการปกครอง 2, 4 หรือ 6 หลัก", "An area code is a DOPA code of 2, 4 or 6 digits");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_follows_the_number_of_digits() {
        assert_eq!(AreaLevel::of_code("40"), Some(AreaLevel::Province));
        assert_eq!(AreaLevel::of_code("4001"), Some(AreaLevel::District));
        assert_eq!(AreaLevel::of_code("400101"), Some(AreaLevel::Subdistrict));
        assert_eq!(AreaLevel::of_code("401"), None);
        assert_eq!(AreaLevel::of_code("4a"), None);
    }

    #[test]
    fn a_code_s_parent_is_its_prefix_one_level_up() {
        assert_eq!(parent_code("50"), None);
        assert_eq!(parent_code("5001"), Some("50"));
        assert_eq!(parent_code("500101"), Some("5001"));
        assert_eq!(parent_code("5x01"), None);
    }
}
