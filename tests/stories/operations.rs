//! What an operator's load balancer asks: `/healthz` (the process and its database answer) and
//! `/readyz` (and every migration of this release is applied, so a replica that is older than the
//! database, or one whose database another replica is still migrating, takes no traffic).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::Backend;

use crate::OPEN_CAMPAIGN as OPEN;
use crate::started;

async fn a_replica_is_ready_only_with_every_migration_applied(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let ready = portal.get("/readyz").await.unwrap();
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));

    // As if the newest migration had not run yet.
    let forgotten = "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)";
    assert_eq!(portal.execute(forgotten, forgotten).await.unwrap(), 1);
    let waiting = portal.get("/readyz").await.unwrap();
    assert_eq!((waiting.status, waiting.body.as_str()), (503, "migrations pending"));
    assert_eq!(portal.get("/healthz").await.unwrap().status, 200, "alive, only not ready");
}
tests::on_both_backends!(a_replica_is_ready_only_with_every_migration_applied);

/// The exposition as `name{labels}` → value, so a story can ask for one series.
fn series(text: &str) -> std::collections::HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.rsplit_once(' '))
        .map(|(name, value)| (name.to_owned(), value.parse().expect("a number")))
        .collect()
}

const TOKEN: &str = "scraper-token-0123456789";

async fn an_operator_reads_requests_pledges_notices_and_pools_from_the_metrics(backend: Backend) {
    let name = if matches!(backend, Backend::Sqlite) { "sqlite" } else { "postgres" };
    let Some(portal) = tests::TestPortal::start_with(backend, |c| {
        c.metrics_token = Some(TOKEN.to_owned());
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await
    .unwrap() else {
        return;
    };
    portal.seed_demo().await.unwrap();

    // Visitors: the campaign page twice (the second from the page cache), a page that does not exist.
    for _ in 0..2 {
        assert_eq!(portal.get(&format!("/campaigns/{OPEN}")).await.unwrap().status, 200);
    }
    assert_eq!(portal.get("/khong-co-trang-nay").await.unwrap().status, 404);
    // A partner pledges, then retries the same request: one pledge.
    let body = serde_json::json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Lò Thị Mai", "email": "lo.thi.mai@example.vn",
        "amount": 500_000, "display": "anonymous", "consent": true
    });
    for _ in 0..2 {
        let answer = portal
            .http
            .post(portal.url("/api/v1/pledges"))
            .header("idempotency-key", "metrics-story-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 201);
    }

    // Its acknowledgement leaves the outbox (the stories' mailer writes to the log).
    let mut metrics = std::collections::HashMap::new();
    for _ in 0..100 {
        let page = portal.get("/metrics").await.unwrap();
        assert_eq!(page.status, 200, "loopback reads the metrics");
        assert!(page.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
        metrics = series(&page.body);
        // The worker counts a send before it records the batch as sent: wait for both.
        let sent = |key: &str| metrics.get(key).copied().unwrap_or(0.0) >= 1.0;
        if sent(r#"portal_notices_sent_total{channel="email"}"#) && sent(r#"portal_notices{state="sent"}"#) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let value = |key: &str| metrics.get(key).copied().unwrap_or_else(|| panic!("{name}: no series {key}"));
    assert_eq!(value(r#"portal_http_requests_total{route="/campaigns/{slug}",status="200"}"#), 2.0);
    assert_eq!(value(r#"portal_http_requests_total{route="(unmatched)",status="404"}"#), 1.0);
    assert_eq!(value(r#"portal_http_requests_total{route="/api/v1/pledges",status="201"}"#), 2.0);
    assert_eq!(value("portal_pledges_recorded_total"), 1.0, "the retry is not a second pledge");
    // Counted by channel: the email went, nothing by phone.
    assert!(value(r#"portal_notices_sent_total{channel="email"}"#) >= 1.0);
    assert_eq!(value(r#"portal_notices_sent_total{channel="zalo"}"#), 0.0);
    assert!(value(r#"portal_notices_by_channel{state="sent",channel="email"}"#) >= 1.0);
    assert!(value(r#"portal_notices{state="sent"}"#) >= 1.0);
    assert_eq!(value(r#"portal_notices{state="failed"}"#), 0.0);
    // The histogram of the campaign page: cumulative, ending at the request count.
    let route = r#"route="/campaigns/{slug}""#;
    let bounds = ["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5"];
    let buckets: Vec<f64> = bounds
        .iter()
        .map(|le| value(&format!("portal_http_request_duration_seconds_bucket{{{route},le=\"{le}\"}}")))
        .collect();
    assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
    assert_eq!(value(&format!("portal_http_request_duration_seconds_bucket{{{route},le=\"+Inf\"}}")), 2.0);
    assert_eq!(value(&format!("portal_http_request_duration_seconds_count{{{route}}}")), 2.0);
    assert!(value(&format!("portal_http_request_duration_seconds_sum{{{route}}}")) > 0.0);
    let pool = if name == "sqlite" { "readers" } else { "main" };
    assert!(value(&format!("portal_db_connections_max{{pool=\"{pool}\"}}")) >= 1.0);
    assert!(value(&format!("portal_db_connections{{pool=\"{pool}\",state=\"idle\"}}")) >= 0.0);

    // Through a proxy the public could reach it: refused, unless the scraper shows the token.
    let forwarded = [("x-forwarded-for", "198.51.100.23")];
    assert_eq!(portal.get_with("/metrics", &forwarded).await.unwrap().status, 403);
    let with_token = format!("Bearer {TOKEN}");
    let scraped = portal.get_with("/metrics", &[forwarded[0], ("authorization", &with_token)]).await.unwrap();
    assert_eq!(scraped.status, 200);
    assert!(scraped.body.contains("portal_pledges_recorded_total 1"));
    let wrong = portal.get_with("/metrics", &[("authorization", "Bearer scraper-token-guessed-00")]).await.unwrap();
    assert_eq!(wrong.status, 403);

    // Every answer names its request; a trusted proxy's own id is kept, a malformed one replaced.
    let first = portal.get("/").await.unwrap().header("x-request-id").expect("an id");
    let second = portal.get("/").await.unwrap().header("x-request-id").expect("an id");
    assert_ne!(first, second);
    let kept = portal.get_with("/", &[("x-request-id", "edge-7f3a-42")]).await.unwrap();
    assert_eq!(kept.header("x-request-id").as_deref(), Some("edge-7f3a-42"));
    let replaced = portal.get_with("/", &[("x-request-id", "<script>")]).await.unwrap();
    assert_ne!(replaced.header("x-request-id").as_deref(), Some("<script>"));
    portal.finish().await;
}
tests::on_both_backends!(an_operator_reads_requests_pledges_notices_and_pools_from_the_metrics);
