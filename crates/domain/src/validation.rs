//! Rule violations, collected rather than returned one at a time, so a person fixing a form or a
//! spreadsheet row sees every problem at once. Each violation names the field (as a JSON Pointer into
//! the submitted document) and explains itself in Thai and in English.

use serde::Serialize;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Violation {
    /// JSON Pointer (RFC 6901) to the field at fault, e.g. `/parties/2/organization_id`.
    pub field: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`, `unknown_area`.
    pub code: String,
    /// Explanation in Thai.
    pub message_th: String,
    /// Explanation in English.
    pub message_en: String,
}

/// The violations found in one submission; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation of `field`.
    pub fn add(&mut self, field: impl Into<String>, code: &str, message_th: impl Into<String>, message_en: impl Into<String>) {
        self.0.push(Violation { field: field.into(), code: code.to_owned(), message_th: message_th.into(), message_en: message_en.into() });
    }

    /// Adds the violations of a nested value, prefixing their fields with `prefix`.
    pub fn nest(&mut self, prefix: &str, inner: Violations) {
        for mut v in inner.0 {
            v.field = format!("{prefix}{}", v.field);
            self.0.push(v);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[Violation] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok(())` when nothing was violated.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// A single violation as an error, for checks made outside `validate` (e.g. against the database).
    pub fn single(field: impl Into<String>, code: &str, message_th: impl Into<String>, message_en: impl Into<String>) -> Self {
        let mut v = Self::new();
        v.add(field, code, message_th, message_en);
        v
    }
}

impl std::fmt::Display for Violations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|v| format!("{}: {}", v.field, v.message_en)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Violations {}

/// A value whose own rules can be checked without looking anything up.
pub trait Validate {
    /// Every violation of the value's own rules (references to other records are checked by the store).
    fn validate(&self) -> Violations;
}

impl From<Vec<Violation>> for Violations {
    fn from(v: Vec<Violation>) -> Self {
        Self(v)
    }
}
