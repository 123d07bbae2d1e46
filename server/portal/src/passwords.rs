//! Staff passwords: argon2id at OWASP's minimum (19 MiB, two passes, one lane), hashed off the
//! async executor and at most one per core at a time — each hash holds 19 MiB for tens of
//! milliseconds of CPU, so a crowd of requests waits its turn instead of exhausting memory.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// How many password hashes may run at once (the machine's cores).
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map(std::num::NonZero::get).unwrap_or(2)
}

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(hashing_slots()));

#[derive(Debug, thiserror::Error)]
#[error("cannot hash the password: {0}")]
pub struct HashError(String);

fn hasher() -> Result<Argon2<'static>, HashError> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password on a blocking thread, in its turn.
pub async fn hash(password: String) -> Result<String, HashError> {
    let _turn = HASHING.acquire().await.map_err(|e| HashError(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?.hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| HashError(e.to_string()))
    })
    .await
    .map_err(|e| HashError(e.to_string()))?
}

/// Checks a password on a blocking thread, in its turn. An unreadable hash never matches.
pub async fn verify(hash: String, password: String) -> bool {
    let Ok(_turn) = HASHING.acquire().await else { return false };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), &parsed).is_ok()))
    })
    .await
    .unwrap_or(false)
}

/// A stored hash to check against when the account does not exist (or has no password yet), so an
/// unknown address takes as long to refuse as a wrong password; it never makes a password right.
pub async fn decoy() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY.get_or_init(|| async { hash("decoy password".to_owned()).await.unwrap_or_default() }).await.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_password_verifies_against_its_own_hash_only() {
        let stored = hash("mật khẩu đủ dài 2026".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(stored.clone(), "mật khẩu đủ dài 2026".to_owned()).await);
        assert!(!verify(stored, "mật khẩu khác".to_owned()).await);
        assert!(!verify("not a hash".to_owned(), "x".to_owned()).await);
    }
}
