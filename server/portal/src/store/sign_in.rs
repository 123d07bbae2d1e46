//! What signing in keeps: second factors (TOTP steps and recovery codes) and the attempts counted
//! for throttling.

use async_trait::async_trait;

use super::StoreResult;

/// Sign-in attempts counted for throttling, in the current window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginFailures {
    pub for_account: i64,
    pub from_address: i64,
}

/// Sign-in's second factor and throttling (a part of the storage port of its own).
#[async_trait]
pub trait SignInStore: Send + Sync {
    /// Keeps a new TOTP secret for an account that has not confirmed one yet.
    async fn set_totp_pending(&self, id: i64, secret: &str) -> StoreResult<()>;
    /// Confirms the pending secret (its code was right at `step`) and replaces the recovery codes.
    async fn enable_totp(&self, id: i64, step: i64, recovery_code_hashes: &[String]) -> StoreResult<()>;
    /// Records that a TOTP time step was used; false if it (or a later one) already was, so a
    /// code is accepted only once.
    async fn use_totp_step(&self, id: i64, step: i64) -> StoreResult<bool>;
    /// Uses up a recovery code; false if it is unknown or already used.
    async fn use_recovery_code(&self, id: i64, code_hash: &str, now: time::OffsetDateTime) -> StoreResult<bool>;

    /// Counts one sign-in attempt against the account and the address — before the password or code
    /// is checked, in one atomic step, so parallel guesses are each counted — and answers the
    /// attempts of the current window (`window` long) including this one.
    async fn count_login_attempt(
        &self,
        email: &str,
        address: &str,
        now: time::OffsetDateTime,
        window: time::Duration,
    ) -> StoreResult<LoginFailures>;
    /// An attempt that was not a wrong guess — refused unchecked, or checked and right — is given
    /// back, so the counts are of wrong guesses (and guesses being checked).
    async fn give_back_login_attempt(&self, email: &str, address: &str) -> StoreResult<()>;
    /// A successful sign-in starts the account's count again.
    async fn clear_login_failures(&self, email: &str) -> StoreResult<()>;
}
