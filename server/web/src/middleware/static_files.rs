//! How long browsers keep the built bundle (`/pkg/…`). cargo-leptos names each file after a hash of
//! its content (`hash-files`), so a release's files never change under their names: a year, marked
//! immutable. A build without hashed names (a debug build) must be asked again every time. The icon
//! keeps its name: a day.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Whether cargo-leptos left the hashes of the bundle's names beside the running binary.
pub fn bundle_is_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.is_file())
}

pub async fn cache_bundle(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let bundle = path.starts_with("/pkg/");
    // The assets beside the bundle (the icon) keep their names across releases: a day, then asked
    // again, so a new icon reaches browsers but a page view does not fetch it each time.
    let asset = path == "/favicon.svg";
    let mut response = next.run(request).await;
    if (bundle || asset) && response.status().is_success() {
        let policy = match (bundle, state.leptos_options.hash_files) {
            (true, true) => "public, max-age=31536000, immutable",
            (true, false) => "no-cache",
            (false, _) => "public, max-age=86400",
        };
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}
