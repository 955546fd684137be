//! Secrets handed to people (session cookies, API tokens, reset links): 256 random bits, shown once,
//! stored only as a SHA-256 hash — enough for random secrets, which need no slow hashing.

use password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new secret, hex-encoded, with a prefix saying what it is (`pk_` for API tokens).
pub fn new(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// What the database keeps of a secret.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in time independent of where they differ (CSRF tokens).
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_only_their_hash_is_kept() {
        let (a, b) = (new("pk_"), new("pk_"));
        assert_ne!(a, b);
        assert!(a.starts_with("pk_") && a.len() == 3 + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
        assert!(same(&a, &a.clone()) && !same(&a, &b));
    }
}
