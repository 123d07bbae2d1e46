//! What the server runs with: the portal's services and everything around them, made once at
//! start-up from the configuration.

use std::sync::Arc;

use anyhow::Context;
use axum::extract::FromRef;
use domain::SiteInfo;
use leptos::config::LeptosOptions;
use portal::Portal;

use crate::listener;
use crate::middleware::clock::SystemClock;
use crate::middleware::page_cache::PageCache;
use crate::middleware::{rate_limit, static_files};
use crate::ops::config::Config;
use crate::ops::{metrics, reference};
use crate::sessions::PortalSessions;
use crate::workers::{channels, mail, outbox};

/// The server's state, shared: axum clones it for every layer a request passes and every handler
/// it reaches, so a clone is one reference count, not a copy of every setting (the copies had cost
/// a cached page about a fourteenth of its time).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for Portal {
    fn from_ref(state: &AppState) -> Portal {
        state.portal.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

pub struct Shared {
    pub portal: Portal,
    pub leptos_options: LeptosOptions,
    pub page_cache: Arc<PageCache>,
    /// Campaigns' share cards, drawn at most once a minute each (`forms/outreach.rs`).
    pub share_cards: Arc<crate::forms::outreach::ShareCards>,
    pub sessions: PortalSessions,
    /// Reverse proxies whose `X-Forwarded-For` is believed (PORTAL_TRUSTED_PROXIES).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Pledges per address per minute.
    pub pledge_limiter: Arc<rate_limit::RateLimiter>,
    /// Where notices go (PORTAL_MAIL_URL), who sends them, and how the worker retries.
    pub mailer: Arc<mail::Mailer>,
    pub mail_from: String,
    /// Zalo and SMS, where configured (PORTAL_ZNS_*, PORTAL_SMS_*).
    pub channels: Arc<channels::Channels>,
    pub outbox: outbox::OutboxOptions,
    /// On PostgreSQL, where other replicas may serve the same database: its address, to pass page
    /// changes between them (`replicas.rs`).
    pub shared_database: Option<String>,
    /// What `/metrics` shows of this process (`metrics.rs`), and the token that opens it from
    /// elsewhere than this machine (PORTAL_METRICS_TOKEN).
    pub metrics: Arc<metrics::Metrics>,
    pub metrics_token: Option<Arc<str>>,
    /// The key a bank notification service must send (PORTAL_BANK_FEED_KEY); none: no feed.
    pub bank_feed_key: Option<Arc<str>>,
    /// How long clients may take and how many are served at once.
    pub limits: listener::Limits,
}

/// Opens the database (migrating it), brings the reference areas up to date and loads the portal.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    Ok(AppState::new(prepare_with_store(config).await?.0))
}

/// The services over a store, with the reference data they need (areas, banks) and the site's
/// settings; for the server and for the command line's operations.
pub async fn open_portal(config: &Config, store: Arc<dyn portal::store::Store>) -> anyhow::Result<Portal> {
    reference::sync_areas(store.as_ref()).await?;
    let banks = reference::parse_banks(reference::BANK_BINS_CSV)?;
    let default_account = match &config.default_account {
        None => None,
        Some((bin, number, name)) => {
            let bank =
                banks.bank(bin).with_context(|| format!("PORTAL_DEFAULT_ACCOUNT: {bin} is not a known bank BIN"))?;
            Some(domain::ReceivingAccount {
                bin: bin.clone(),
                bank_name: bank.short_name.clone(),
                number: number.clone(),
                name: name.clone(),
            })
        }
    };
    let site = SiteInfo {
        org_name: config.org_name.clone(),
        public_url: config.public_url.clone(),
        default_account,
        pledge_max: config.pledge_max,
    };
    Portal::load(store, site, banks).await.context("cannot read the administrative units")
}

/// The server's state and the store under its services — kept apart for the tests, which set
/// their stories up in the store directly (and give the page cache a clock they turn by hand).
pub async fn prepare_with_store(config: &Config) -> anyhow::Result<(Shared, Arc<dyn portal::store::Store>)> {
    let (store, pool) = store::open_sharing(&config.database_url).await?;
    let sessions = PortalSessions::on(pool).await.context("cannot prepare the session table")?;
    let portal = open_portal(config, store.clone()).await?;
    let leptos_options = LeptosOptions::builder()
        .output_name("portal")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .reload_port(config.reload_port)
        .hash_files(static_files::bundle_is_hashed())
        .build();
    let state = Shared {
        portal,
        leptos_options,
        page_cache: Arc::new(PageCache::new(
            std::time::Duration::from_millis(config.progress_window_ms),
            Arc::new(SystemClock::default()),
        )),
        share_cards: Arc::new(crate::forms::outreach::ShareCards::new(Arc::new(SystemClock::default()))),
        sessions,
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        pledge_limiter: Arc::new(rate_limit::RateLimiter::per_minute(config.pledge_rate_per_minute)),
        mailer: Arc::new(mail::Mailer::from_url(&config.mail_url)?),
        mail_from: config.mail_from.clone(),
        channels: Arc::new(channels::Channels::new(&config.phone)?),
        outbox: outbox::OutboxOptions::new(
            std::time::Duration::from_secs(config.notice_retry_seconds),
            config.reminder_days,
            config.digest_days,
        ),
        shared_database: match store::DatabaseUrl::parse(&config.database_url)? {
            store::DatabaseUrl::Postgres(url) => Some(url),
            store::DatabaseUrl::Sqlite(_) => None,
        },
        metrics: Arc::new(metrics::Metrics::default()),
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
        bank_feed_key: config.bank_feed_key.as_deref().map(Arc::from),
        limits: listener::Limits {
            header_timeout: std::time::Duration::from_secs(config.header_timeout_seconds),
            idle_timeout: std::time::Duration::from_secs(config.idle_timeout_seconds),
            max_connections: config.max_connections,
        },
    };
    Ok((state, store))
}
