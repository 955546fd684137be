//! Numbers as people read them on a chart: grouped thousands, at most one decimal.
//!
//! Why not the locale machinery: Thai and English pages both write numbers with Arabic digits, a comma
//! for thousands and a point for decimals, so one format serves both languages and the PDF reports.

/// Formats a number with thousands separators and at most one decimal: `12345.0` → "12,345",
/// `12.5` → "12.5", `-1200.0` → "-1,200". A number that rounds to a whole keeps no decimal ("3", not
/// "3.0"), and a negative that rounds to zero is "0". Non-finite numbers give "–".
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return crate::MISSING.to_owned();
    }
    // Rust's fixed-point formatting rounds correctly from the exact binary value, so no drift from
    // multiplying by ten; it also handles magnitudes beyond any integer type.
    let fixed = format!("{:.1}", v.abs());
    let (whole, tenth) = fixed.split_once('.').unwrap_or((&fixed, "0"));
    let mut out = String::with_capacity(fixed.len() + fixed.len() / 3 + 1);
    let is_zero = whole.bytes().all(|b| b == b'0') && tenth == "0";
    if v.is_sign_negative() && !is_zero {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if tenth != "0" {
        out.push('.');
        out.push_str(tenth);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn groups_thousands_and_keeps_one_decimal() {
        let cases = [
            (0.0, "0"),
            (999.0, "999"),
            (1000.0, "1,000"),
            (12345.0, "12,345"),
            (1234567.0, "1,234,567"),
            (12.5, "12.5"),
            (12.04, "12"),
            (12.96, "13"),
            (1234.56, "1,234.6"),
            (-1200.0, "-1,200"),
            (-0.5, "-0.5"),
            (-0.04, "0"),
            (-0.0, "0"),
            (100000.0, "100,000"),
            (1e15, "1,000,000,000,000,000"),
        ];
        for (v, want) in cases {
            assert_eq!(format_number(v), want, "format_number({v})");
        }
    }

    #[test]
    fn non_finite_is_a_dash() {
        assert_eq!(format_number(f64::NAN), "–");
        assert_eq!(format_number(f64::INFINITY), "–");
    }
}
