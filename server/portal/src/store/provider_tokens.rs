//! A provider's renewable credentials (Zalo's OAuth tokens), and the lock under which one process
//! renews them.

use async_trait::async_trait;

use super::StoreResult;

/// The credentials as the database holds them; `None` fields were never stored (the configured
/// ones apply).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProviderToken {
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_at: Option<time::OffsetDateTime>,
}

/// Tokens never reach a log through `{:?}`.
impl std::fmt::Debug for ProviderToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderToken")
            .field("access_token", &self.access_token.as_ref().map(|_| "(set)"))
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "(set)"))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[async_trait]
pub trait ProviderTokenStore: Send + Sync {
    async fn provider_token(&self, provider: &str) -> StoreResult<Option<ProviderToken>>;
    /// Takes the renewal lock of `provider` until `until`, unless another process holds it (then
    /// `None`); answers the credentials as they stand once it is held. A lock left by a process that
    /// died lapses at its `until`.
    async fn lock_token_renewal(
        &self,
        provider: &str,
        now: time::OffsetDateTime,
        until: time::OffsetDateTime,
    ) -> StoreResult<Option<ProviderToken>>;
    /// Stores renewed credentials and releases the lock, in one transaction.
    async fn token_renewed(&self, provider: &str, token: &ProviderToken, now: time::OffsetDateTime) -> StoreResult<()>;
    /// Releases the lock without a renewal (the provider refused or was away).
    async fn release_token_renewal(&self, provider: &str) -> StoreResult<()>;
}
