//! The outermost layer: every request gets an id (`X-Request-Id`, kept from a trusted proxy or
//! made here), runs inside a `request` span that carries it, so every log line written while
//! answering names the request, and is counted in the metrics by route and status with its latency.
//!
//! Access lines are written at debug level under the target `portal::access`
//! (`RUST_LOG=info,portal::access=debug` turns them on); an answer with a 5xx status is always
//! logged as a warning.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::metrics::{BUNDLE, Metrics, UNMATCHED};

pub const REQUEST_ID: &str = "x-request-id";

/// Ids are this process's random prefix and a count: unique across replicas without coordination.
static PREFIX: LazyLock<u32> = LazyLock::new(|| {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos());
    nanos.unwrap_or(0) ^ std::process::id().rotate_left(16)
});
static NEXT: AtomicU64 = AtomicU64::new(1);

fn new_request_id() -> HeaderValue {
    let id = format!("{:08x}-{:x}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed));
    HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("unknown"))
}

/// A proxy's id is kept when it is a plain token; anything else (or anyone else's) is replaced.
fn forwarded_request_id(request: &Request, trusted_proxies: &[IpAddr]) -> Option<HeaderValue> {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>()?.0;
    if !trusted_proxies.contains(&peer.ip()) {
        return None;
    }
    let id = request.headers().get(REQUEST_ID)?;
    let plain = !id.is_empty()
        && id.len() <= 64
        && id.as_bytes().iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    plain.then(|| id.clone())
}

/// The route's label: the pattern the router matched, so metrics do not grow with every address.
fn route_label(request: &Request) -> &str {
    match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str(),
        None if request.uri().path().starts_with("/pkg/") => BUNDLE,
        None => UNMATCHED,
    }
}

/// Takes only the parts of the state it needs: this runs for every request, cached pages included.
pub async fn observe_requests(
    State(metrics): State<Arc<Metrics>>,
    State(trusted_proxies): State<Arc<Vec<IpAddr>>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = forwarded_request_id(&request, &trusted_proxies).unwrap_or_else(new_request_id);
    request.headers_mut().insert(REQUEST_ID, id.clone());
    let route = route_label(&request);
    let series = metrics.route(route);
    // At error level, so that the id is on every line whatever RUST_LOG keeps (a warning with no
    // request id is the line an operator cannot place).
    let span = tracing::error_span!(
        "request",
        id = id.to_str().unwrap_or_default(),
        method = %request.method(),
        route = route,
    );
    let uri = request.uri().clone();
    let mut response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status();
    series.record(status, took);
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), micros = took.as_micros() as u64, path = uri.path(), "answered with an error");
        } else {
            tracing::debug!(target: "portal::access", status = status.as_u16(), micros = took.as_micros() as u64, path = uri.path());
        }
    });
    response.headers_mut().insert(REQUEST_ID, id);
    response
}
