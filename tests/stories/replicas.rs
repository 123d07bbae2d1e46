//! Two `portal serve` replicas on one PostgreSQL database, under a pledge load split between them:
//! each keeps its own cache of public pages, yet both show the same campaign totals once the load
//! is over, and every acknowledgement is mailed exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};
use tests::mail_sink::MailSink;
use tests::{Backend, TestPortal};

use crate::OPEN_CAMPAIGN as OPEN;
const PLEDGES: usize = 40;

async fn pledged_on(portal: &TestPortal) -> String {
    portal.get(&format!("/campaigns/{OPEN}")).await.unwrap().text(".campaign-pledged").unwrap()
}

async fn two_replicas_agree_and_send_each_notice_once(backend: Backend) {
    if !matches!(backend, Backend::Postgres) {
        return; // several replicas share PostgreSQL; SQLite has one process
    }
    let sink = MailSink::start().unwrap();
    let mail_url = sink.url();
    let Some(first) = TestPortal::start_with(backend, |c| c.mail_url = mail_url.clone()).await.unwrap() else {
        return;
    };
    first.seed_demo().await.unwrap();
    let shared = first.database_url();
    let second = TestPortal::start_with(Backend::Postgres, |c| {
        c.database_url = shared;
        c.mail_url = sink.url();
    })
    .await
    .unwrap()
    .unwrap();
    // Both keep the page, as it is now.
    let before = pledged_on(&first).await;
    assert_eq!(pledged_on(&second).await, before);

    let mut pledges = Vec::new();
    for i in 0..PLEDGES {
        let replica = if i % 2 == 0 { &first } else { &second };
        let (http, url) = (replica.http.clone(), replica.url("/api/v1/pledges"));
        pledges.push(tokio::spawn(async move {
            let body = json!({
                "campaign": OPEN, "donor_type": "individual", "name": format!("Người ủng hộ {i}"),
                "email": format!("nhan-ban-{i}@example.vn"), "amount": 100_000, "display": "anonymous", "consent": true
            });
            let answer = http.post(url).json(&body).send().await.unwrap();
            assert_eq!(answer.status(), 201);
            answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
        }));
    }
    let mut references = BTreeSet::new();
    for pledge in pledges {
        references.insert(pledge.await.unwrap());
    }
    assert_eq!(references.len(), PLEDGES);

    // Each replica learns of the other's writes within a moment and drops its stale page.
    let mut agreed = None;
    for _ in 0..50 {
        let (a, b) = (pledged_on(&first).await, pledged_on(&second).await);
        if a == b && a != before {
            agreed = Some(a);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let agreed = agreed.expect("both replicas show the same total");
    let store = &first.store;
    let campaign = store.campaign(OPEN).await.unwrap().unwrap();
    assert_eq!(agreed, domain::format::vnd(campaign.pledged), "and it is the database's");

    // Now only the first replica writes: the second, holding the page it just rendered, hears of it.
    let body = json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Người ủng hộ sau cùng",
        "email": "nhan-ban-sau-cung@example.vn", "amount": 250_000, "display": "anonymous", "consent": true
    });
    let answer = first.http.post(first.url("/api/v1/pledges")).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), 201);
    let expected = domain::format::vnd(store.campaign(OPEN).await.unwrap().unwrap().pledged);
    assert_ne!(expected, agreed);
    let mut heard = false;
    for _ in 0..50 {
        if pledged_on(&second).await == expected {
            heard = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(heard, "the second replica drops its page when the first one writes");

    // Two notice workers, one outbox: every acknowledgement once.
    let inbox = sink.wait_for(PLEDGES + 1, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let inbox = if sink.messages().len() > inbox.len() { sink.messages() } else { inbox };
    let recipients: Vec<String> = inbox.iter().flat_map(|m| m.to.clone()).collect();
    let unique: BTreeSet<&String> = recipients.iter().collect();
    assert_eq!(recipients.len(), PLEDGES + 1, "one message per pledge");
    assert_eq!(unique.len(), PLEDGES + 1, "none twice");

    second.finish().await;
    first.finish().await;
}
tests::on_both_backends!(two_replicas_agree_and_send_each_notice_once);
