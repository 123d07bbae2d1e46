//! Every request gets an id (`X-Request-Id`, kept from a trusted proxy or made here) and is
//! counted in the metrics by route and status with its latency (`observe_requests`, the outermost
//! layer). Every request that gets past the page cache runs inside a `request` span carrying the
//! id, method and route (`in_span`), so every log line written while answering names its request.
//!
//! Access lines are written at debug level under the target `portal::access`
//! (`RUST_LOG=info,portal::access=debug` turns them on, cached pages included); an answer with a
//! 5xx status is always logged as a warning.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::AppState;
use crate::ops::metrics::{BUNDLE, Metrics, UNMATCHED};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Ids are this process's random prefix and a count: unique across replicas without coordination.
static PREFIX: LazyLock<u32> = LazyLock::new(|| {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos());
    nanos.unwrap_or(0) ^ std::process::id().rotate_left(16)
});
static NEXT: AtomicU64 = AtomicU64::new(1);

fn new_request_id() -> HeaderValue {
    let id = format!("{:08x}-{:x}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed));
    HeaderValue::try_from(id).unwrap_or(HeaderValue::from_static("unknown"))
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

/// The span every log line written while answering belongs to. At error level, so that the id is
/// on every kept line whatever RUST_LOG keeps (a warning with no request id is the line an
/// operator cannot place).
fn request_span(request: &Request) -> tracing::Span {
    let id = request.headers().get(REQUEST_ID).and_then(|id| id.to_str().ok()).unwrap_or_default();
    tracing::error_span!("request", id, method = %request.method(), route = route_label(request))
}

/// The parts of the state the outer half needs: axum's middleware clones its state for every
/// request, cached pages included, so it is two pointers rather than the whole `AppState`.
#[derive(Clone)]
pub struct Observer {
    pub metrics: Arc<Metrics>,
    pub trusted_proxies: Arc<Vec<IpAddr>>,
}

impl Observer {
    pub fn of(state: &AppState) -> Self {
        Observer { metrics: state.metrics.clone(), trusted_proxies: state.trusted_proxies.clone() }
    }
}

/// The outer half: the id, the metrics and the access line.
pub async fn observe_requests(State(observer): State<Observer>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = forwarded_request_id(&request, &observer.trusted_proxies).unwrap_or_else(new_request_id);
    request.headers_mut().insert(REQUEST_ID, id.clone());
    let series = observer.metrics.route(route_label(&request));
    let access = tracing::enabled!(target: "portal::access", tracing::Level::DEBUG);
    // Made now only when an access line will be written; otherwise `in_span` makes it past the cache.
    let early = access.then(|| (request_span(&request), request.uri().clone()));
    let mut response = next.run(request).await;
    let took = started.elapsed();
    let status = response.status();
    series.record(status, took);
    if let Some((span, uri)) = early {
        let _inside = span.enter();
        let (status, micros, path) = (status.as_u16(), took.as_micros() as u64, uri.path());
        tracing::debug!(target: "portal::access", status, micros, path);
    }
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

/// The inner half, just inside the page cache: a page answered from memory writes no log line,
/// so only requests that reach the handlers pay for a span (a span and a copy of the whole state
/// for every request had cost the cached campaign page over a third of its throughput in
/// `scripts/bench-load.sh`).
pub async fn in_span(request: Request, next: Next) -> Response {
    let span = request_span(&request);
    let path = request.uri().path().to_owned();
    let response = next.run(request).instrument(span.clone()).await;
    if response.status().is_server_error() {
        span.in_scope(|| tracing::warn!(status = response.status().as_u16(), path, "answered with an error"));
    }
    response
}
