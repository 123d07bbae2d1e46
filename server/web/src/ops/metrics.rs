//! `/metrics` in Prometheus' text format: requests by route and status with their latency, pledges
//! recorded, notices (the outbox's depth from the database, this process's sends and failures) and
//! the database pools. Counters live in atomics so that counting costs the hot path almost nothing;
//! the text is written only when scraped.
//!
//! Only the machine itself may read it (a loopback peer that no proxy forwarded for), or whoever
//! shows `PORTAL_METRICS_TOKEN` as a bearer token: route names and queue depths are not for the public.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds: a cached page answers in well under a
/// millisecond, a report takes seconds.
const BUCKETS: [f64; 14] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Status codes are counted by their number, 100 to 599.
const STATUSES: usize = 500;

/// The label of requests no route matched (files of the bundle, pages that do not exist).
pub const UNMATCHED: &str = "(unmatched)";
pub const BUNDLE: &str = "/pkg/{file}";

/// What one route answered since the process started.
pub struct RouteSeries {
    statuses: Box<[AtomicU64]>,
    /// Counts of each band, the last one for answers slower than the largest bound. The count is
    /// their sum, read in the same pass, so a scrape in the middle of a request never shows a
    /// bucket above `+Inf`.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

impl RouteSeries {
    fn new() -> Self {
        RouteSeries {
            statuses: (0..STATUSES).map(|_| AtomicU64::new(0)).collect(),
            buckets: Default::default(),
            sum_micros: AtomicU64::new(0),
        }
    }

    pub fn record(&self, status: StatusCode, took: Duration) {
        if let Some(slot) = usize::from(status.as_u16()).checked_sub(100).and_then(|i| self.statuses.get(i)) {
            slot.fetch_add(1, Ordering::Relaxed);
        }
        let seconds = took.as_secs_f64();
        // Buckets are stored as counts of their own band; the exposition adds them up.
        let band = BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(BUCKETS.len());
        self.buckets[band].fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }
}

#[derive(Default)]
pub struct Metrics {
    /// By route as the router matched it (`/campaigns/{slug}`), so the label set stays as small as
    /// the route table whatever addresses are asked for.
    routes: RwLock<HashMap<Box<str>, Arc<RouteSeries>>>,
    /// By channel, in `NoticeChannel::ALL` order.
    notices_sent: [AtomicU64; 3],
    notice_failures: AtomicU64,
}

impl Metrics {
    /// The series of a route, made on its first request.
    pub fn route(&self, route: &str) -> Arc<RouteSeries> {
        if let Some(series) = self.routes.read().ok().and_then(|routes| routes.get(route).cloned()) {
            return series;
        }
        let Ok(mut routes) = self.routes.write() else { return Arc::new(RouteSeries::new()) };
        routes.entry(route.into()).or_insert_with(|| Arc::new(RouteSeries::new())).clone()
    }

    pub fn notice_sent(&self, channel: domain::NoticeChannel) {
        let at = domain::NoticeChannel::ALL.iter().position(|c| *c == channel).unwrap_or(0);
        self.notices_sent[at].fetch_add(1, Ordering::Relaxed);
    }

    pub fn notice_failed(&self) {
        self.notice_failures.fetch_add(1, Ordering::Relaxed);
    }
}

/// A label value as the text format wants it quoted.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// The exposition, from what this process counted and what the database holds now.
pub async fn render(state: &AppState) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let metrics = &state.metrics;
    let mut routes: Vec<(String, Arc<RouteSeries>)> = metrics
        .routes
        .read()
        .map(|routes| routes.iter().map(|(route, series)| (escape(route), series.clone())).collect())
        .unwrap_or_default();
    routes.sort_by(|a, b| a.0.cmp(&b.0));

    header(&mut out, "portal_http_requests_total", "counter", "Requests answered, by route and status.");
    for (route, series) in &routes {
        for (offset, count) in series.statuses.iter().enumerate() {
            let count = count.load(Ordering::Relaxed);
            if count > 0 {
                let status = offset + 100;
                let _ = writeln!(out, "portal_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}");
            }
        }
    }
    header(
        &mut out,
        "portal_http_request_duration_seconds",
        "histogram",
        "Time until the answer's head was ready, by route.",
    );
    for (route, series) in &routes {
        let bands: Vec<u64> = series.buckets.iter().map(|band| band.load(Ordering::Relaxed)).collect();
        let mut cumulative = 0;
        for (bound, band) in BUCKETS.iter().zip(&bands) {
            cumulative += band;
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let count: u64 = bands.iter().sum();
        let sum = series.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "portal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "portal_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}");
        let _ = writeln!(out, "portal_http_request_duration_seconds_count{{route=\"{route}\"}} {count}");
    }

    header(
        &mut out,
        "portal_pledges_recorded_total",
        "counter",
        "Pledges this process recorded (repeats not counted).",
    );
    let _ = writeln!(out, "portal_pledges_recorded_total {}", state.portal.pledges_recorded());

    header(&mut out, "portal_notices_sent_total", "counter", "Notices this process's worker sent, by channel.");
    for (channel, sent) in domain::NoticeChannel::ALL.iter().zip(&metrics.notices_sent) {
        let _ = writeln!(
            out,
            "portal_notices_sent_total{{channel=\"{}\"}} {}",
            channel.as_str(),
            sent.load(Ordering::Relaxed)
        );
    }
    header(
        &mut out,
        "portal_notice_failures_total",
        "counter",
        "Attempts of this process's worker that did not send a notice (each retry counts).",
    );
    let _ = writeln!(out, "portal_notice_failures_total {}", metrics.notice_failures.load(Ordering::Relaxed));
    header(
        &mut out,
        "portal_notices",
        "gauge",
        "Notices in the outbox by state, read from the database (all replicas).",
    );
    match state.portal.notice_counts().await {
        Ok(counts) => {
            for (name, value) in [
                ("queued", counts.queued),
                ("sending", counts.sending),
                ("sent", counts.sent),
                ("failed", counts.failed),
            ] {
                let _ = writeln!(out, "portal_notices{{state=\"{name}\"}} {value}");
            }
        }
        Err(err) => tracing::warn!(error = %err, "metrics: cannot count notices"),
    }
    header(
        &mut out,
        "portal_notices_by_channel",
        "gauge",
        "Notices in the outbox by state and by the channel they went or go by (unrouted: not tried yet).",
    );
    match state.portal.notice_channel_counts().await {
        Ok(counts) => {
            for count in counts {
                let _ = writeln!(
                    out,
                    "portal_notices_by_channel{{state=\"{}\",channel=\"{}\"}} {}",
                    escape(&count.status),
                    escape(&count.channel),
                    count.count
                );
            }
        }
        Err(err) => tracing::warn!(error = %err, "metrics: cannot count notices by channel"),
    }

    header(&mut out, "portal_db_connections", "gauge", "Connections of each database pool, in use or idle.");
    let pools = state.portal.pool_usage();
    for pool in &pools {
        let in_use = pool.open.saturating_sub(pool.idle);
        let _ = writeln!(out, "portal_db_connections{{pool=\"{}\",state=\"in_use\"}} {in_use}", pool.name);
        let _ = writeln!(out, "portal_db_connections{{pool=\"{}\",state=\"idle\"}} {}", pool.name, pool.idle);
    }
    header(&mut out, "portal_db_connections_max", "gauge", "The most connections each pool opens.");
    for pool in &pools {
        let _ = writeln!(out, "portal_db_connections_max{{pool=\"{}\"}} {}", pool.name, pool.max);
    }

    header(&mut out, "portal_page_cache_entries", "gauge", "Public pages kept rendered in memory.");
    let _ = writeln!(out, "portal_page_cache_entries {}", state.page_cache.len());
    header(
        &mut out,
        "portal_page_cache_renders_total",
        "counter",
        "Public pages rendered into the cache, refreshes after pledges included.",
    );
    let _ = writeln!(out, "portal_page_cache_renders_total {}", state.page_cache.renders());
    out
}

/// Compares without stopping at the first difference, so timing does not tell how much matched.
pub(crate) fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Whether this request may read the metrics.
pub fn may_read(peer: SocketAddr, headers: &HeaderMap, token: Option<&str>) -> bool {
    let bearer =
        headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
    if let (Some(token), Some(bearer)) = (token, bearer) {
        return same_secret(bearer.as_bytes(), token.as_bytes());
    }
    // A reverse proxy on this machine connects from loopback too; what it forwards is not local.
    let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    peer.ip().is_loopback() && !forwarded
}

pub async fn serve(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !may_read(peer, &headers, state.metrics_token.as_deref()) {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served to this machine (loopback) or with the bearer token PORTAL_METRICS_TOKEN\n",
        )
            .into_response();
    }
    let mut response = render(&state).await.into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_falls_in_its_band_and_statuses_are_kept_apart() {
        let series = RouteSeries::new();
        series.record(StatusCode::OK, Duration::from_micros(300));
        series.record(StatusCode::OK, Duration::from_millis(3));
        series.record(StatusCode::NOT_FOUND, Duration::from_secs(30));
        assert_eq!(series.statuses[100].load(Ordering::Relaxed), 2);
        assert_eq!(series.statuses[304].load(Ordering::Relaxed), 1);
        assert_eq!(series.buckets[0].load(Ordering::Relaxed), 1, "0.3 ms is under 0.5 ms");
        assert_eq!(series.buckets[3].load(Ordering::Relaxed), 1, "3 ms is under 5 ms, over 2.5 ms");
        assert_eq!(series.buckets[BUCKETS.len()].load(Ordering::Relaxed), 1, "30 s is only in +Inf");
        assert_eq!(series.buckets.iter().map(|b| b.load(Ordering::Relaxed)).sum::<u64>(), 3, "the count");
    }

    #[test]
    fn only_loopback_without_a_proxy_or_the_token_may_read() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let remote: SocketAddr = "203.0.113.9:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert!(may_read(local, &headers, None));
        assert!(!may_read(remote, &headers, None));
        assert!(!may_read(remote, &headers, Some("s3cret-token-of-the-operator")));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cret-token-of-the-operator"));
        assert!(may_read(remote, &headers, Some("s3cret-token-of-the-operator")));
        assert!(!may_read(remote, &headers, Some("another-token-altogether-here")));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.4"));
        assert!(!may_read(local, &proxied, None), "a proxy on this machine forwards the public");
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
