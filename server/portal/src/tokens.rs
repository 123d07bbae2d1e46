//! One-time links carry a random token; only its SHA-256 is stored, so a copy of the database
//! does not let anyone use an outstanding link.

use sha2::{Digest, Sha256};

/// SHA-256 as hex: what is stored of a token, and the digests that recognise a request sent again.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random token for a form (idempotency) or a one-time link: 128 bits, hex.
pub fn new_form_token() -> String {
    random_hex::<16>()
}

/// A one-time link's token: 32 random bytes, as hex.
pub fn new_link_token() -> String {
    random_hex::<32>()
}

fn random_hex<const N: usize>() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
