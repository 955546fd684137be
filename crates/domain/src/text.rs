//! Rules for the free text people type: names, titles, descriptions, notes.
//!
//! Text reaches phakhi from forms, spreadsheets and other systems; control characters (often pasted
//! from Word or PDFs) break exports and reports, so they are refused with a clear message rather
//! than silently stripped — silently changing what someone typed would lose information.

use crate::validation::Violations;

/// Limits in characters (not bytes: Thai letters are 3 bytes each in UTF-8).
pub const NAME_MAX: usize = 300;
pub const SHORT_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const URL_MAX: usize = 2_000;

/// Checks a one-line text field: no control characters, within `max` characters, not blank if required.
pub fn check_line(v: &mut Violations, field: &str, value: &str, max: usize, required: bool) {
    check(v, field, value, max, required, false);
}

/// Checks an optional one-line text field.
pub fn check_optional_line(v: &mut Violations, field: &str, value: Option<&str>, max: usize) {
    if let Some(value) = value {
        check(v, field, value, max, false, false);
    }
}

/// Checks a multi-line text field: line breaks and tabs are allowed, other control characters are not.
pub fn check_paragraphs(v: &mut Violations, field: &str, value: Option<&str>, max: usize) {
    if let Some(value) = value {
        check(v, field, value, max, false, true);
    }
}

fn check(v: &mut Violations, field: &str, value: &str, max: usize, required: bool, multiline: bool) {
    if required && value.trim().is_empty() {
        v.add(field, "required", "ต้องกรอกข้อมูลช่องนี้", "This field is required");
        return;
    }
    let length = value.chars().count();
    if length > max {
        v.add(
            field,
            "too_long",
            format!("ยาวเกินกำหนด ({length} ตัวอักษร; ไม่เกิน {max})"),
            format!("Too long ({length} characters; at most {max})"),
        );
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if let Some(bad) = value.chars().find(|&c| c.is_control() && !allowed(c)) {
        v.add(
            field,
            "control_character",
            format!("มีอักขระควบคุมที่ไม่อนุญาต (U+{:04X})", bad as u32),
            format!("Contains a control character that is not allowed (U+{:04X})", bad as u32),
        );
    }
}

/// Checks that a web address is an absolute http(s) URL.
pub fn check_url(v: &mut Violations, field: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    check(v, field, value, URL_MAX, false, false);
    let lower = value.to_ascii_lowercase();
    let has_host = |rest: &str| rest.split('/').next().is_some_and(|h| !h.is_empty() && !h.contains(' '));
    let ok = lower.strip_prefix("https://").is_some_and(has_host) || lower.strip_prefix("http://").is_some_and(has_host);
    if !ok {
        v.add(field, "invalid_url", "ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https://", "A web address must start with http:// or https://");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_thai_characters_not_bytes() {
        let mut v = Violations::new();
        check_line(&mut v, "/name_th", &"ก".repeat(SHORT_MAX), SHORT_MAX, true);
        assert!(v.is_empty());
        check_line(&mut v, "/name_th", &"ก".repeat(SHORT_MAX + 1), SHORT_MAX, true);
        assert_eq!(v.as_slice()[0].code, "too_long");
    }

    #[test]
    fn control_characters_are_refused_but_paragraph_breaks_are_not() {
        let mut v = Violations::new();
        check_paragraphs(&mut v, "/d", Some("บรรทัดแรก\nบรรทัดสอง"), 100);
        assert!(v.is_empty());
        check_line(&mut v, "/n", "a\u{0007}b", 100, true);
        check_line(&mut v, "/n2", "a\nb", 100, true);
        let codes: Vec<_> = v.as_slice().iter().map(|x| (x.field.as_str(), x.code.as_str())).collect();
        assert_eq!(codes, [("/n", "control_character"), ("/n2", "control_character")]);
    }

    #[test]
    fn blank_required_text_is_reported_in_both_languages() {
        let mut v = Violations::new();
        check_line(&mut v, "/name_th", "   ", 10, true);
        let x = &v.as_slice()[0];
        assert_eq!((x.code.as_str(), x.message_en.as_str()), ("required", "This field is required"));
        assert!(!x.message_th.is_empty());
    }

    #[test]
    fn urls_need_a_scheme_and_host() {
        let mut v = Violations::new();
        check_url(&mut v, "/w", Some("https://www.khonkaen.go.th"));
        assert!(v.is_empty());
        check_url(&mut v, "/w", Some("www.khonkaen.go.th"));
        check_url(&mut v, "/w", Some("https://"));
        assert_eq!(v.as_slice().len(), 2);
    }
}
