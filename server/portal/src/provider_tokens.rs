//! A provider's renewable credentials as the notice worker uses them: read the stored ones, take the
//! renewal lock, store what the provider gave back.

use time::OffsetDateTime;

use crate::store::ProviderToken;
use crate::{Error, Portal};

impl Portal {
    pub async fn provider_token(&self, provider: &str) -> Result<Option<ProviderToken>, Error> {
        Ok(self.store.provider_token(provider).await?)
    }

    /// The renewal lock until `until`, with the credentials as they stand; `None` while another
    /// process renews.
    pub async fn lock_token_renewal(
        &self,
        provider: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Option<ProviderToken>, Error> {
        Ok(self.store.lock_token_renewal(provider, now, until).await?)
    }

    pub async fn token_renewed(&self, provider: &str, token: &ProviderToken) -> Result<(), Error> {
        Ok(self.store.token_renewed(provider, token, OffsetDateTime::now_utc()).await?)
    }

    pub async fn release_token_renewal(&self, provider: &str) -> Result<(), Error> {
        Ok(self.store.release_token_renewal(provider).await?)
    }
}
