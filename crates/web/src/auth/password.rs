//! Passwords: Argon2id with the crate's default (OWASP-recommended) parameters, stored as PHC strings.

use argon2::Argon2;
use password_hash::rand_core::OsRng;
use password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Shortest password accepted: long enough to resist guessing once sign-in is rate-limited.
pub const MIN_LENGTH: usize = 10;

/// Why a password was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("a password needs at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password could not be hashed")]
    Hashing,
}

/// The PHC string to store for a new password.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| PasswordError::Hashing)
}

/// Whether `password` matches the stored hash. Without a stored hash (unknown account, or none set
/// yet) a dummy hash is checked anyway, so the answer takes as long and says nothing about
/// whether the account exists.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| hash("not-a-real-password").unwrap_or_default());
    let (phc, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY.as_str(), false),
    };
    let matches = PasswordHash::new(phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let stored = hash("ขอนแก่น-เมืองแห่งการเรียนรู้").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("ขอนแก่น-เมืองแห่งการเรียนรู้", Some(&stored)));
        assert!(!verify("ขอนแก่น-เมืองแห่งการเรียนรู", Some(&stored)));
        assert!(!verify("anything at all", None));
        assert_eq!(hash("short"), Err(PasswordError::TooShort));
    }
}
