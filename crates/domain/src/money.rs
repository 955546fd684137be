//! Money in Thai baht, kept as whole satang (1 baht = 100 satang) so sums never drift.

use serde::{Deserialize, Serialize};

/// An amount of money in satang. Serialised as a decimal number of baht with at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Baht {
    satang: i64,
}

/// The largest budget phakhi accepts: one trillion baht, above any Thai annual budget.
pub const MAX_BAHT: i64 = 1_000_000_000_000;

impl Baht {
    pub fn from_satang(satang: i64) -> Self {
        Self { satang }
    }

    pub fn satang(self) -> i64 {
        self.satang
    }

    /// Parses a non-negative number of baht with at most two decimals.
    pub fn from_baht_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value < 0.0 || value > MAX_BAHT as f64 {
            return None;
        }
        let satang = (value * 100.0).round();
        // Reject a third decimal instead of rounding it away (1.005 baht is a typing error).
        if ((satang / 100.0) - value).abs() > 1e-6 {
            return None;
        }
        Some(Self { satang: satang as i64 })
    }

    pub fn as_baht_f64(self) -> f64 {
        self.satang as f64 / 100.0
    }
}

impl Serialize for Baht {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.satang % 100 == 0 { s.serialize_i64(self.satang / 100) } else { s.serialize_f64(self.as_baht_f64()) }
    }
}

impl<'de> Deserialize<'de> for Baht {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(d)?;
        Self::from_baht_f64(value)
            .ok_or_else(|| serde::de::Error::custom("an amount in baht must be between 0 and 1,000,000,000,000 with at most two decimals"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baht_round_trips_through_json_exactly() {
        for text in ["0", "1500000", "1234.5", "0.01"] {
            let b: Baht = serde_json::from_str(text).unwrap();
            let back = serde_json::to_string(&b).unwrap();
            let again: Baht = serde_json::from_str(&back).unwrap();
            assert_eq!(b, again);
        }
        assert_eq!(serde_json::from_str::<Baht>("1234.5").unwrap().satang(), 123_450);
    }

    #[test]
    fn negative_and_sub_satang_amounts_are_refused() {
        assert!(serde_json::from_str::<Baht>("-1").is_err());
        assert!(serde_json::from_str::<Baht>("1.005").is_err());
    }
}
