//! Target groups (กลุ่มเป้าหมาย): whom programmes and activities serve. A small built-in taxonomy
//! drawn from the reports (LGBTQ people, children and youth, the urban poor …) that a network may extend.

use serde::{Deserialize, Serialize};

use crate::text::{NAME_MAX, check_line, check_optional_line};
use crate::{Validate, Violations};

/// A target group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// Stable code: lowercase letters, digits and underscores.
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// Built-in groups ship with phakhi and cannot be changed or removed.
    #[serde(default)]
    pub builtin: bool,
}

impl Validate for TargetGroup {
    fn validate(&self) -> Violations {
        let mut v = Violations::new();
        check_code(&mut v, "/code", &self.code);
        check_line(&mut v, "/name_th", &self.name_th, NAME_MAX, true);
        check_optional_line(&mut v, "/name_en", Some(&self.name_en), NAME_MAX);
        v
    }
}

/// Codes are identifiers in URLs and files: 2–50 of `a-z`, `0-9`, `_`, `-`, starting with a letter.
pub fn check_code(v: &mut Violations, field: &str, code: &str) {
    let ok = (2..=50).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !ok {
        v.add(
            field,
            "invalid_code",
            "รหัสต้องมี 2–50 ตัว ใช้ a-z 0-9 _ - และขึ้นต้นด้วยตัวอักษร",
            "A code is 2–50 characters of a-z, 0-9, _ and -, starting with a letter",
        );
    }
}
