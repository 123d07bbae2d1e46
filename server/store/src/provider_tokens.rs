//! A provider's renewable credentials: the SQL both backends share. The lock is a row's
//! `renewing_until`, set by one conditional UPDATE: on either backend only one process sees it
//! change, so only one spends the refresh token (which Zalo accepts once).

macro_rules! provider_token_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::ProviderTokenStore for $store {
            async fn provider_token(
                &self,
                provider: &str,
            ) -> portal::store::StoreResult<Option<portal::store::ProviderToken>> {
                let row: Option<(Option<String>, Option<String>, Option<time::OffsetDateTime>)> = sqlx::query_as(
                    "SELECT access_token, refresh_token, expires_at FROM provider_tokens WHERE provider = $1",
                )
                .bind(provider)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(access_token, refresh_token, expires_at)| portal::store::ProviderToken {
                    access_token,
                    refresh_token,
                    expires_at,
                }))
            }

            async fn lock_token_renewal(
                &self,
                provider: &str,
                now: time::OffsetDateTime,
                until: time::OffsetDateTime,
            ) -> portal::store::StoreResult<Option<portal::store::ProviderToken>> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query(
                    "INSERT INTO provider_tokens (provider, updated_at) VALUES ($1, $2) ON CONFLICT (provider) DO NOTHING",
                )
                .bind(provider)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let locked = sqlx::query(
                    "UPDATE provider_tokens SET renewing_until = $1 \
                     WHERE provider = $2 AND (renewing_until IS NULL OR renewing_until < $3)",
                )
                .bind(until)
                .bind(provider)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if locked.rows_affected() != 1 {
                    return Ok(None);
                }
                let (access_token, refresh_token, expires_at): (
                    Option<String>,
                    Option<String>,
                    Option<time::OffsetDateTime>,
                ) = sqlx::query_as(
                    "SELECT access_token, refresh_token, expires_at FROM provider_tokens WHERE provider = $1",
                )
                .bind(provider)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(Some(portal::store::ProviderToken { access_token, refresh_token, expires_at }))
            }

            async fn token_renewed(
                &self,
                provider: &str,
                token: &portal::store::ProviderToken,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query(
                    "UPDATE provider_tokens SET access_token = $1, refresh_token = COALESCE($2, refresh_token), \
                     expires_at = $3, renewing_until = NULL, updated_at = $4 WHERE provider = $5",
                )
                .bind(&token.access_token)
                .bind(&token.refresh_token)
                .bind(token.expires_at)
                .bind(now)
                .bind(provider)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn release_token_renewal(&self, provider: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("UPDATE provider_tokens SET renewing_until = NULL WHERE provider = $1")
                    .bind(provider)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }
    };
}

pub(crate) use provider_token_store;
