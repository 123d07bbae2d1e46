//! The portal's server: configuration, storage, routes. `main` only parses the command line.

pub mod accounts;
pub mod api;
pub mod auth;
pub mod backup;
pub mod classifications;
pub mod cli;
pub mod config;
pub mod demo;
pub mod donor_access;
pub mod images;
pub mod lang;
pub mod listener;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod network;
pub mod observe;
pub mod open_data;
pub mod outbox;
pub mod page_cache;
pub mod pledges;
pub mod rate_limit;
pub mod reference;
pub mod replicas;
pub mod report;
pub mod second_factor;
pub mod security;
pub mod server_fns;
pub mod sessions;
pub mod staff_accounts;
pub mod staff_campaigns;
pub mod staff_needs;
pub mod staff_notices;
pub mod staff_pledges;
pub mod staff_reconcile;
pub mod staff_reports;
pub mod statements;
pub mod static_files;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Router, middleware};
use domain::SiteInfo;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use pages::{App, shell};
use portal::Portal;
use portal::store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

use crate::config::Config;
use crate::page_cache::PageCache;
use crate::sessions::PortalSessions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub portal: Portal,
    pub leptos_options: LeptosOptions,
    pub page_cache: Arc<PageCache>,
    pub sessions: PortalSessions,
    /// Reverse proxies whose `X-Forwarded-For` is believed (PORTAL_TRUSTED_PROXIES).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Pledges per address per minute.
    pub pledge_limiter: Arc<rate_limit::RateLimiter>,
    /// Where notices go (PORTAL_MAIL_URL), who sends them, and how the worker retries.
    pub mailer: Arc<mail::Mailer>,
    pub mail_from: String,
    pub outbox: outbox::OutboxOptions,
    /// On PostgreSQL, where other replicas may serve the same database: its address, to pass page
    /// changes between them (`replicas.rs`).
    pub shared_database: Option<String>,
    /// What `/metrics` shows of this process (`metrics.rs`), and the token that opens it from
    /// elsewhere than this machine (PORTAL_METRICS_TOKEN).
    pub metrics: Arc<metrics::Metrics>,
    pub metrics_token: Option<Arc<str>>,
    /// How long clients may take and how many are served at once.
    pub limits: listener::Limits,
}

/// Opens the database (migrating it), brings the reference areas up to date and loads the portal.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let (store, pool) = store::open_sharing(&config.database_url).await?;
    let sessions = sessions::PortalSessions::on(pool).await.context("cannot prepare the session table")?;
    sync_reference_areas(store.as_ref()).await?;
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
    let portal = Portal::load(store, site, banks).await.context("cannot read the administrative units")?;
    let leptos_options = LeptosOptions::builder()
        .output_name("portal")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(static_files::bundle_is_hashed())
        .build();
    Ok(AppState {
        portal,
        leptos_options,
        page_cache: Arc::new(PageCache::default()),
        sessions,
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        pledge_limiter: Arc::new(rate_limit::RateLimiter::per_minute(config.pledge_rate_per_minute)),
        mailer: Arc::new(mail::Mailer::from_url(&config.mail_url)?),
        mail_from: config.mail_from.clone(),
        outbox: outbox::OutboxOptions::new(
            std::time::Duration::from_secs(config.mail_retry_seconds),
            config.reminder_days,
        ),
        shared_database: match store::DatabaseUrl::parse(&config.database_url)? {
            store::DatabaseUrl::Postgres(url) => Some(url),
            store::DatabaseUrl::Sqlite(_) => None,
        },
        metrics: Arc::new(metrics::Metrics::default()),
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
        limits: listener::Limits {
            header_timeout: std::time::Duration::from_secs(config.header_timeout_seconds),
            idle_timeout: std::time::Duration::from_secs(config.idle_timeout_seconds),
            max_connections: config.max_connections,
        },
    })
}

/// Writes the shipped units only when they differ from the stored ones, so start-up stays cheap
/// and several replicas starting together do not rewrite the same rows. Answers whether it wrote.
pub async fn sync_reference_areas(store: &dyn Store) -> anyhow::Result<bool> {
    let (mut units, mut successions) = reference::parse_admin_units(reference::ADMIN_UNITS_CSV)?;
    let (mut stored_units, mut stored_successions) = store.areas().await?;
    // Compare as sets: the database's order is its collation's, not the file's.
    let unit_key = |u: &domain::areas::AdminUnit| (u.system.clone(), u.code.clone(), u.valid_from.clone());
    units.sort_by_key(unit_key);
    stored_units.sort_by_key(unit_key);
    let succession_key = |s: &domain::areas::Succession| (s.old_code.clone(), s.new_code.clone());
    successions.sort_by_key(succession_key);
    stored_successions.sort_by_key(succession_key);
    if stored_units == units && stored_successions == successions {
        return Ok(false);
    }
    store.sync_areas(&units, &successions).await.context("cannot store the administrative units")?;
    tracing::info!(units = units.len(), successions = successions.len(), "administrative units updated");
    Ok(true)
}

async fn healthz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    match portal.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Ready to take traffic: the database answers and every migration of this release is applied
/// (a load balancer keeps a replica out while another one migrates, or while it is older).
async fn readyz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    match portal.store.pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(err) => {
            tracing::error!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// What every render and server function finds in its context: the portal and the site facts.
fn page_context(portal: &Portal) -> impl Fn() + Clone + Send + Sync + 'static {
    let portal = portal.clone();
    move || {
        provide_context(portal.clone());
        provide_context((*portal.site).clone());
    }
}

pub fn build_router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = page_context(&state.portal);
    let options = state.leptos_options.clone();
    let https = state.portal.site.public_url.starts_with("https://");
    let session_layer = tower_sessions::SessionManagerLayer::new(state.sessions.clone())
        .with_name(if https { auth::SECURE_SESSION_COOKIE } else { auth::SESSION_COOKIE })
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_path("/")
        .with_expiry(tower_sessions::Expiry::OnInactivity(auth::IDLE_TIMEOUT));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::serve))
        .route("/staff/login", post(auth::login))
        .route("/staff/logout", post(auth::logout))
        .route("/staff/password", post(auth::change_password))
        .route("/staff/totp", post(second_factor::confirm_enrolment))
        .route("/staff/login/code", post(auth::second_step))
        .route("/pledge", post(pledges::submit).layer(DefaultBodyLimit::max(pledges::MAX_FORM_BYTES)))
        .route("/pledge/{reference}/qr.png", get(media::pledge_qr))
        .route("/media/{file}", get(media::picture))
        .route("/transparency.csv", get(open_data::ledger_csv))
        .route("/network/join", post(network::join))
        .route("/me/sign-in", post(donor_access::ask_for_link))
        .route("/me/sign-in/{token}", post(donor_access::use_link))
        .route("/me/sign-out", post(donor_access::sign_out))
        .route("/me/choices", post(donor_access::choices))
        .route("/me/erase", post(donor_access::erase))
        .route("/me/data.json", get(donor_access::export))
        .route("/staff/network/applications/{donor}/{action}", post(network::decide))
        .route("/staff/network/recognitions", post(network::recognise))
        .route("/staff/network/levels", post(network::add_level))
        .route("/staff/mobilised", post(network::record_mobilised))
        .route(
            "/staff/campaigns",
            post(staff_campaigns::create).layer(DefaultBodyLimit::max(staff_campaigns::MAX_FORM_BYTES)),
        )
        .route(
            "/staff/campaigns/{id}",
            post(staff_campaigns::update).layer(DefaultBodyLimit::max(staff_campaigns::MAX_FORM_BYTES)),
        )
        .route("/staff/accounts", post(staff_accounts::invite))
        .route("/staff/accounts/{id}/{action}", post(staff_accounts::act))
        .route("/staff/welcome/{token}", post(staff_accounts::set_password))
        .route("/staff/notices/{id}/resend", post(staff_notices::resend))
        .route("/staff/pledges/forward", post(staff_pledges::forward))
        .route("/staff/pledges/{reference}/{action}", post(staff_pledges::act))
        .route("/staff/donors/{from}/merge", post(staff_pledges::merge_donor))
        .route("/staff/reports/{file}", get(staff_reports::download))
        .route(
            "/staff/reconcile",
            post(staff_reconcile::upload).layer(DefaultBodyLimit::max(2 * staff_reconcile::MAX_STATEMENT_BYTES)),
        )
        .route("/staff/reconcile/{line}/match", post(staff_reconcile::match_line))
        .route("/staff/needs", post(staff_needs::create))
        .route("/staff/needs/{id}", post(staff_needs::update))
        .route("/staff/needs/{id}/{action}", post(staff_needs::act))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(middleware::from_fn(server_fns::error_status))
        .layer(middleware::from_fn(security::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), static_files::cache_bundle))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve_staff))
        .layer(session_layer)
        .layer(middleware::from_fn_with_state(state.clone(), security::refuse_cross_site))
        .layer(middleware::from_fn(lang::choose_language))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(observe::in_span))
        .layer(middleware::from_fn_with_state(page_cache::CachedPages::of(&state), page_cache::serve_from_cache))
        .layer(middleware::from_fn_with_state(observe::Observer::of(&state), observe::observe_requests))
        .with_state(state)
}

/// Renders one of the portal's pages for a request that a handler is answering, with that
/// request's language and signed-in person, and the given status.
pub async fn render_page(
    state: &AppState,
    path: &str,
    original: &axum::http::request::Parts,
    status: StatusCode,
) -> axum::response::Response {
    let mut request = axum::http::Request::builder().method("GET").uri(path);
    for (name, value) in &original.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            request = request.header(name, value);
        }
    }
    let Ok(mut request) = request.body(axum::body::Body::empty()) else {
        return status.into_response();
    };
    *request.extensions_mut() = original.extensions.clone();
    let options = state.leptos_options.clone();
    let render =
        leptos_axum::render_app_async_with_context(page_context(&state.portal), move || shell(options.clone()));
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let expiry = state.sessions.spawn_expiry();
    let (stop_outbox, outbox) = outbox::spawn(state.clone());
    let (stop_sharing, sharing) = tokio::sync::watch::channel(false);
    let sharing = state
        .shared_database
        .clone()
        .map(|url| tokio::spawn(replicas::share_changes(state.portal.clone(), url, sharing)));
    let limits = state.limits;
    let served = listener::serve(listener, build_router(state), limits, shutdown).await;
    // The notice being sent is finished; the rest stay queued for the next start.
    let _ = stop_outbox.send(true);
    if tokio::time::timeout(mail::SEND_TIMEOUT + std::time::Duration::from_secs(5), outbox).await.is_err() {
        tracing::warn!("the notice worker did not stop in time");
    }
    let _ = stop_sharing.send(true);
    if let Some(sharing) = sharing {
        let _ = sharing.await;
    }
    expiry.abort();
    served
}
