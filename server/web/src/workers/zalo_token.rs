//! Zalo's access token, renewed before it expires. The Official Account's access token lives about
//! 25 hours; the refresh token that renews it (with the app id and its secret key) is good for one
//! renewal and comes back new each time, so it is kept in the database rather than the
//! configuration, and renewed under a database lock (`provider_tokens.renewing_until`): replicas
//! never spend one refresh token twice. `POST PORTAL_ZNS_OAUTH_URL` with the header `secret_key` and
//! the form `refresh_token`, `app_id`, `grant_type=refresh_token`; Zalo answers `access_token`,
//! `refresh_token` and `expires_in` (seconds). No token ever reaches a log.

use std::time::Duration;

use portal::Portal;
use portal::store::ProviderToken;
use time::OffsetDateTime;

use crate::ops::phone_config::PhoneChannels;
use crate::workers::zns::{ZnsFailure, without_url};

const PROVIDER: &str = "zalo";
/// Renewed this long before it expires, so no message meets an expired token.
const RENEW_AHEAD: time::Duration = time::Duration::minutes(10);
/// How long one process may hold the renewal lock.
const LOCK: time::Duration = time::Duration::seconds(60);

pub struct ZaloTokens {
    http: reqwest::Client,
    oauth_url: String,
    configured_access: String,
    /// App id, secret key and the first refresh token; without them the token is not renewed.
    renewal: Option<(String, String, String)>,
}

impl ZaloTokens {
    pub fn new(settings: &PhoneChannels, http: reqwest::Client) -> Option<Self> {
        let renewal = match (&settings.zns_app_id, &settings.zns_secret_key, &settings.zns_refresh_token) {
            (Some(app), Some(secret), Some(refresh)) => Some((app.clone(), secret.clone(), refresh.clone())),
            _ => None,
        };
        Some(ZaloTokens {
            http,
            oauth_url: settings.zns_oauth_url.clone(),
            configured_access: settings.zns_access_token.clone()?,
            renewal,
        })
    }

    /// The access token to send with: the last renewed one, else the configured one; renewed first
    /// when it is about to expire (a failed early renewal leaves the old one in use).
    pub async fn current(&self, portal: &Portal) -> Result<String, ZnsFailure> {
        let stored = portal.provider_token(PROVIDER).await.map_err(database)?.unwrap_or_default();
        let access = stored.access_token.clone().unwrap_or_else(|| self.configured_access.clone());
        let now = OffsetDateTime::now_utc();
        if self.renewal.is_some() && stored.expires_at.is_some_and(|at| at - now < RENEW_AHEAD) {
            match self.renew(portal, &access).await {
                Ok(renewed) => return Ok(renewed),
                Err(failure) => tracing::warn!(?failure, "Zalo's access token could not be renewed ahead of time"),
            }
        }
        Ok(access)
    }

    /// A new access token in place of `rejected`. When another process holds the lock, waits for
    /// what it stores; when one was stored since `rejected` was read, that one is used as it is.
    pub async fn renew(&self, portal: &Portal, rejected: &str) -> Result<String, ZnsFailure> {
        let Some((app_id, secret_key, configured_refresh)) = &self.renewal else {
            return Err(ZnsFailure::Refused(
                "Zalo -124: the access token expired; set PORTAL_ZNS_APP_ID, PORTAL_ZNS_SECRET_KEY and PORTAL_ZNS_REFRESH_TOKEN so the portal renews it"
                    .to_owned(),
            ));
        };
        for _ in 0..40 {
            let now = OffsetDateTime::now_utc();
            let Some(stored) = portal.lock_token_renewal(PROVIDER, now, now + LOCK).await.map_err(database)? else {
                // Another process renews: its token is in the database once it is done.
                tokio::time::sleep(Duration::from_millis(250)).await;
                if let Some(fresh) = self.fresher_than(portal, rejected).await? {
                    return Ok(fresh);
                }
                continue;
            };
            if let Some(access) = stored.access_token.as_deref().filter(|a| *a != rejected)
                && stored.expires_at.is_none_or(|at| at - now > RENEW_AHEAD)
            {
                portal.release_token_renewal(PROVIDER).await.map_err(database)?;
                return Ok(access.to_owned());
            }
            // The stored refresh token first (the configured one is spent once renewed), then the
            // configured one, in case an operator set a new one after the stored one lapsed.
            let mut refreshes = Vec::new();
            refreshes.extend(stored.refresh_token.clone());
            if !refreshes.contains(configured_refresh) {
                refreshes.push(configured_refresh.clone());
            }
            let (mut last_reason, mut away) = (String::new(), false);
            for refresh in &refreshes {
                match self.exchange(app_id, secret_key, refresh).await {
                    Ok(token) => return self.keep(portal, token).await,
                    Err(Exchange::Away(reason)) => (last_reason, away) = (reason, true),
                    Err(Exchange::Refused(reason)) => last_reason = reason,
                }
            }
            portal.release_token_renewal(PROVIDER).await.map_err(database)?;
            // Zalo's login server away is a moment; a refused refresh token needs an operator.
            return Err(if away {
                ZnsFailure::Later(format!("Zalo did not renew the access token yet ({last_reason})"))
            } else {
                ZnsFailure::Refused(format!(
                    "Zalo did not renew the access token ({last_reason}); set a new PORTAL_ZNS_REFRESH_TOKEN"
                ))
            });
        }
        Err(ZnsFailure::Later("another process is still renewing Zalo's access token".to_owned()))
    }

    /// Stores what Zalo gave back. Its refresh token works once and the old one is spent now, so
    /// the store is tried a few times before giving up (with an error that names what to do).
    async fn keep(&self, portal: &Portal, token: ProviderToken) -> Result<String, ZnsFailure> {
        let mut tries = 0;
        loop {
            match portal.token_renewed(PROVIDER, &token).await {
                Ok(()) => break,
                Err(err) if tries < 4 => {
                    tries += 1;
                    tracing::warn!(error = %err, tries, "cannot store Zalo's renewed token yet");
                    tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                }
                Err(err) => {
                    tracing::error!(error = %err, "Zalo's renewed token could not be stored: set a new PORTAL_ZNS_REFRESH_TOKEN");
                    return Err(database(err));
                }
            }
        }
        tracing::info!(expires_at = ?token.expires_at, "Zalo's access token renewed");
        token.access_token.ok_or_else(|| ZnsFailure::Later("Zalo gave no access token".into()))
    }

    async fn fresher_than(&self, portal: &Portal, rejected: &str) -> Result<Option<String>, ZnsFailure> {
        let stored = portal.provider_token(PROVIDER).await.map_err(database)?;
        Ok(stored.and_then(|s| s.access_token).filter(|a| a != rejected))
    }

    /// One call to Zalo's OAuth endpoint; the reason it failed, without any token, otherwise.
    async fn exchange(&self, app_id: &str, secret_key: &str, refresh: &str) -> Result<ProviderToken, Exchange> {
        let answer = self
            .http
            .post(&self.oauth_url)
            .header("secret_key", secret_key)
            .form(&[("refresh_token", refresh), ("app_id", app_id), ("grant_type", "refresh_token")])
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .map_err(|e| Exchange::Away(format!("Zalo OAuth: {}", without_url(&e))))?;
        let status = answer.status();
        let reply: serde_json::Value = answer
            .json()
            .await
            .map_err(|_| Exchange::Away(format!("Zalo OAuth answered HTTP {status} without JSON")))?;
        let Some(access) = reply["access_token"].as_str().filter(|a| !a.is_empty()) else {
            let code = reply["error"].as_i64().unwrap_or_default();
            let about = reply["error_description"].as_str().or(reply["error_name"].as_str()).unwrap_or("no token");
            return Err(Exchange::Refused(format!("Zalo OAuth {code}: {}", domain::text::one_line(about))));
        };
        // `expires_in` comes as a string of seconds ("90000"), or a number.
        let seconds = reply["expires_in"]
            .as_i64()
            .or_else(|| reply["expires_in"].as_str().and_then(|s| s.trim().parse().ok()))
            .unwrap_or(3600);
        Ok(ProviderToken {
            access_token: Some(access.to_owned()),
            refresh_token: reply["refresh_token"].as_str().filter(|r| !r.is_empty()).map(str::to_owned),
            expires_at: Some(OffsetDateTime::now_utc() + time::Duration::seconds(seconds)),
        })
    }
}

/// Why a renewal did not happen.
enum Exchange {
    /// Zalo's login server did not answer as it should: try again later.
    Away(String),
    /// It answered with an error: the refresh token (or the app's keys) will not do.
    Refused(String),
}

fn database(e: portal::Error) -> ZnsFailure {
    ZnsFailure::Later(format!("database: {e}"))
}
