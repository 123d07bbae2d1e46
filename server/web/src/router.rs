//! Every address the portal answers, and the layers around them (outermost last): the request id
//! and metrics, the page cache, the request's span, compression, the language, the cross-site
//! check, the session and who is signed in, the bundle's cache lifetime, the security headers and
//! the server functions' error statuses.

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Router, middleware as layer};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use pages::{App, shell};
use portal::Portal;
use tower_http::compression::CompressionLayer;

use crate::AppState;
use crate::api;
use crate::forms::{
    auth, digest, donor_access, media, network, open_data, outreach, partner_plan, pledges, second_factor,
    staff_accounts, staff_campaigns, staff_needs, staff_notices, staff_plan, staff_pledges, staff_reconcile,
    staff_reports,
};
use crate::middleware::{identity, lang, observe, page_cache, security, server_fns, static_files};
use crate::ops::{health, metrics};

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
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
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
        .route("/campaigns/{slug}/statement.csv", get(open_data::campaign_statement_csv))
        .route("/campaigns/{slug}/share.png", get(outreach::share_png))
        .route("/campaigns/{slug}/badge.svg", get(outreach::badge_svg))
        .route("/campaigns/{slug}/embed", get(outreach::embed))
        .route("/campaigns/embed.css", get(outreach::embed_css))
        .route("/c/{code}", get(outreach::short_address))
        .route("/network/join", post(network::join))
        .route("/me/sign-in", post(donor_access::ask_for_link))
        .route("/me/sign-in/{token}", post(donor_access::use_link))
        .route("/me/sign-out", post(donor_access::sign_out))
        .route("/me/choices", post(donor_access::choices))
        .route("/me/channel", post(donor_access::channel))
        .route("/me/digest", post(donor_access::digest))
        .route("/digest/unsubscribe/{token}", post(digest::unsubscribe))
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
        .route("/staff/reconcile/{line}/set-aside", post(staff_reconcile::set_aside_line))
        .route("/staff/reconcile/{line}/assign", post(staff_reconcile::assign_line))
        .route("/staff/plan", post(staff_plan::upload).layer(DefaultBodyLimit::max(2 * staff_plan::MAX_PLAN_BYTES)))
        .route("/staff/plan/{year}/publish", post(staff_plan::publish))
        .route("/staff/partner-plan", post(partner_plan::save))
        .route("/staff/partner-plan/report", post(partner_plan::report))
        .route("/staff/needs", post(staff_needs::create))
        .route("/staff/needs/{id}", post(staff_needs::update))
        .route("/staff/needs/{id}/{action}", post(staff_needs::act))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(layer::from_fn(server_fns::error_status))
        .layer(layer::from_fn(security::security_headers))
        .layer(layer::from_fn_with_state(state.clone(), static_files::cache_bundle))
        .layer(layer::from_fn_with_state(state.clone(), crate::errors::render_error_pages))
        .layer(layer::from_fn_with_state(state.clone(), identity::resolve_staff))
        .layer(session_layer)
        .layer(layer::from_fn_with_state(state.clone(), security::refuse_cross_site))
        .layer(layer::from_fn(lang::choose_language))
        .layer(CompressionLayer::new())
        .layer(layer::from_fn(observe::in_span))
        .layer(layer::from_fn_with_state(page_cache::CachedPages::of(&state), page_cache::serve_from_cache))
        .layer(layer::from_fn_with_state(observe::Observer::of(&state), observe::observe_requests))
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
