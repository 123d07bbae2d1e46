pub mod accounts;
pub mod audit;
pub mod campaign_poster;
pub mod campaign_statement;
pub mod campaigns;
pub mod content;
pub mod errors;
pub mod home;
pub mod honour_roll;
pub mod me;
pub mod needs;
pub mod network;
pub mod partner_plan;
pub mod plan;
pub mod pledge;
pub mod receipt;
pub mod staff;
pub mod staff_campaigns;
pub mod staff_implementers;
pub mod staff_needs;
pub mod staff_network;
pub mod staff_notices;
pub mod staff_partner_plans;
pub mod staff_plan;
pub mod staff_pledges;
pub mod staff_reconcile;
pub mod staff_reports;
pub mod transparency;
pub mod unsubscribe;

/// `?year=` as a page reads it: a plausible year, or none (the server then takes its current one).
pub fn year_in_query() -> Option<i32> {
    use leptos::prelude::GetUntracked;
    leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("year")
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
}

/// The pages that are the same for every anonymous visitor (they call `mark_public`), with the query
/// parameters each reads (`lang` aside, which the language layer reads). The page cache keeps only
/// these, keyed by these parameters alone, and renders them from an address that carries only these:
/// a flood of made-up parameters finds the one page they all stand for. A shared page that reads
/// another parameter must be listed here (`tests/stories/page_cache.rs` walks them).
pub fn shared_page_query(path: &str) -> Option<&'static [&'static str]> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let keys: &'static [&'static str] = match segments.as_slice() {
        [""] | ["campaigns", _] | ["needs", _] | ["pages", _] => &[],
        ["network", slug] if *slug != "join" && !slug.is_empty() => &[],
        ["campaigns"] => &["page"],
        ["needs"] => &["category", "commune", "status", "page", "per_page"],
        ["network"] => &["kind", "category", "commune", "page", "per_page"],
        ["transparency"] => &["year", "find"],
        ["honour-roll"] => &["year", "level"],
        _ => return None,
    };
    Some(keys)
}

/// The portal services, provided to every render and server function by the server.
#[cfg(feature = "ssr")]
pub fn portal() -> Result<portal::Portal, crate::error::AppError> {
    leptos::prelude::use_context::<portal::Portal>().ok_or(crate::error::AppError::Unavailable)
}

/// Marks the response as the same for every visitor, so the server may keep and reuse it — unless a
/// staff member is signed in: their copy carries their own header and stays private. The page is
/// taken to show the portal's totals, so any pledge makes its kept copy due for a refresh.
pub fn mark_public() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let policy = if signed_in().is_some() { "private, no-cache" } else { "public, no-cache" };
        response.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static(policy));
    }
}

/// `mark_public` for a page whose moving figures are only those of one campaign and some needs:
/// its kept copy stays current while pledges go elsewhere.
pub fn mark_public_showing(campaign: Option<&str>, needs: &[i64]) {
    mark_public();
    // In the browser there is no response to mark.
    #[cfg(not(feature = "ssr"))]
    let _ = (campaign, needs);
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        use portal::progress::Part;
        let parts: Vec<String> = campaign
            .map(|slug| Part::Campaign(slug.to_owned()))
            .into_iter()
            .chain(needs.iter().map(|&id| Part::Need(id)))
            .map(|part| part.to_string())
            .collect();
        if let Ok(value) = http::HeaderValue::from_str(&parts.join(" ")) {
            response.insert_header(http::HeaderName::from_static(portal::progress::SHOWS_HEADER), value);
        }
    }
}

/// Sets the HTTP status of the page being rendered (404 for a missing need, …).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Something the server put in this request's extensions (who is signed in, a flash…).
fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<T>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The staff member signed in on this request, if any (resolved by the server from the session).
pub fn signed_in() -> Option<domain::StaffView> {
    from_request::<domain::SignedIn>().map(|s| s.0)
}

/// The donor signed in on this request through a one-time link, if any.
pub fn signed_in_donor() -> Option<i64> {
    from_request::<domain::DonorSignedIn>().map(|d| d.0)
}

/// Marks the response as someone's own: never stored by a browser, a proxy or the page cache.
pub fn mark_private() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    }
}

/// Sends the browser elsewhere (303 See Other), from a page being rendered. (leptos_axum's
/// `redirect` is for server functions: without `Accept: text/html` it sets no status.)
pub fn redirect_to(path: &str) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(location)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(path))
    {
        response.insert_header(http::header::LOCATION, location);
        response.set_status(http::StatusCode::SEE_OTHER);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}

/// What the last form handler left for this page (problems, what was typed, an outcome).
pub fn flash() -> Option<domain::Flash> {
    from_request::<domain::Flash>()
}

/// The signed-in staff member, or the error that sends the browser to the sign-in page.
#[cfg(feature = "ssr")]
pub fn require_staff() -> Result<domain::StaffView, crate::error::AppError> {
    signed_in().ok_or(crate::error::AppError::SignInRequired)
}
