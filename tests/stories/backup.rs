//! An operator backs the database up while donors pledge, and restores it: every pledge the portal
//! acknowledged before the backup began is in the restored copy. A backup never overwrites a file,
//! a restore never overwrites a database, and on PostgreSQL the commands name pg_dump and
//! pg_restore instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tests::{Backend, TestPortal};

async fn a_backup_taken_while_donors_pledge_restores_every_acknowledged_pledge(backend: Backend) {
    let postgres = matches!(backend, Backend::Postgres);
    let Some(portal) = TestPortal::start_with(backend, |c| c.pledge_rate_per_minute = 0).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("ban-sao/portal-2026-11-30.db");
    if postgres {
        let refused = web::ops::backup::backup(&portal.database_url(), &dest).await.unwrap_err();
        assert!(refused.to_string().contains("pg_dump --format=custom"), "{refused}");
        assert!(!refused.to_string().contains('\n'), "one line");
        let refused = web::ops::backup::restore(&portal.database_url(), &dest).await.unwrap_err();
        assert!(refused.to_string().contains("pg_restore"), "{refused}");
        assert!(!dest.exists());
        return;
    }

    // Eight donors' browsers pledge without pause; each acknowledgement is noted with its moment.
    let acknowledged: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for client in 0..8 {
        let (http, url) = (portal.http.clone(), portal.url("/api/v1/pledges"));
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Acquire) {
                n += 1;
                let body = json!({
                    "campaign": crate::OPEN_CAMPAIGN, "donor_type": "individual",
                    "name": format!("Người ủng hộ {client}-{n}"), "email": format!("sao-luu-{client}-{n}@example.vn"),
                    "amount": 50_000, "display": "anonymous", "consent": true
                });
                let answer = http.post(&url).json(&body).send().await.unwrap();
                if answer.status().is_success() {
                    let reference = answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
                    acknowledged.lock().unwrap().push((reference, Instant::now()));
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let began = Instant::now();
    let bytes = web::ops::backup::backup(&portal.database_url(), &dest).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Release);
    for client in clients {
        client.await.unwrap();
    }
    assert!(bytes > 0);
    let before: Vec<String> =
        acknowledged.lock().unwrap().iter().filter(|(_, at)| *at < began).map(|(r, _)| r.clone()).collect();
    let during_or_after = acknowledged.lock().unwrap().len() - before.len();
    assert!(before.len() >= 10 && during_or_after > 0, "a real load: {} before, {during_or_after} after", before.len());

    // Neither command overwrites anything.
    let again = web::ops::backup::backup(&portal.database_url(), &dest).await.unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
    let occupied = web::ops::backup::restore(&portal.database_url(), &dest).await.unwrap_err();
    assert!(occupied.to_string().contains("already holds a database"), "{occupied}");

    // Restored into a new database, every pledge acknowledged before the backup began is there.
    let restored_url = format!("sqlite:{}", dir.path().join("restored/portal.db").display());
    web::ops::backup::restore(&restored_url, &dest).await.unwrap();
    let restored = store::open(&restored_url).await.unwrap();
    for reference in &before {
        let pledge = restored.pledge(reference).await.unwrap();
        assert!(pledge.is_some_and(|p| p.value == 50_000), "{reference} is in the restored database");
    }
    // And it is whole: the campaign's running total agrees with the pledges the copy holds.
    let campaign = restored.campaign(crate::OPEN_CAMPAIGN).await.unwrap().unwrap();
    let pool = sqlx::SqlitePool::connect(&restored_url).await.unwrap();
    let (summed,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM pledges \
         WHERE campaign_id = $1 AND status NOT IN ('cancelled', 'lapsed')",
    )
    .bind(campaign.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(campaign.pledged, summed);
    assert!(summed >= 50_000 * i64::try_from(before.len()).unwrap());
}
tests::on_both_backends!(a_backup_taken_while_donors_pledge_restores_every_acknowledged_pledge);
