//! The outreach kit: what a campaign needs on posters, in shared links and on partners' sites — its
//! own VietQR code, which turns a transfer from someone who scanned a poster into a gift to the
//! campaign, once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Backend, TestPortal};

const KEY: &str = "sepay-thu-nghiem-0123456789abcdef";
/// The demo meals campaign receives on BIDV (970418), its own fictitious account.
const MEALS: &str = "bua-trua-du-chat-nam-hoc-2026-2027";
const MEALS_ACCOUNT: &str = "0000000000018";

async fn notify(portal: &TestPortal, body: Value) -> StatusCode {
    portal
        .http
        .post(portal.url("/api/v1/bank-feed/sepay"))
        .header("authorization", format!("Apikey {KEY}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

/// A SePay notification of money in, today.
fn transfer(id: i64, account: &str, amount: i64, content: &str, reference: &str) -> Value {
    let today = domain::format::today();
    json!({
        "id": id, "gateway": "BIDV", "transactionDate": format!("{today} 10:05:00"), "accountNumber": account,
        "subAccount": null, "code": null, "content": content, "transferType": "in", "transferAmount": amount,
        "accumulated": 9_000_000, "referenceCode": reference, "description": format!("BankAPINotify {content}")
    })
}

async fn campaign(portal: &TestPortal, slug: &str) -> Value {
    let (status, body) = portal.json(&format!("/api/v1/campaigns/{slug}")).await.unwrap();
    assert_eq!(status, 200);
    body
}

async fn a_poster_transfer_becomes_one_anonymous_gift_to_the_campaign(backend: Backend) {
    let Some(portal) = TestPortal::start_with(backend, |c| c.bank_feed_key = Some(KEY.to_owned())).await.unwrap()
    else {
        return;
    };
    portal.seed_demo().await.unwrap();
    let before = campaign(&portal, MEALS).await;

    // The campaign's own code: static (no amount), its account, its short content; the checksum holds.
    let content = before["transfer_content"].as_str().unwrap().to_owned();
    assert!(content.starts_with("UNG HO BTDCN") && content.len() <= 25, "{content}");
    let qr = domain::vietqr::decode(before["vietqr"].as_str().unwrap()).expect("a payload whose CRC verifies");
    assert_eq!((qr.bin.as_str(), qr.account.as_str(), qr.amount), ("970418", MEALS_ACCOUNT, None));
    assert_eq!(qr.purpose.as_deref(), Some(content.as_str()));
    assert!(before["vietqr"].as_str().unwrap().contains("010211"), "a static code (point of initiation 11)");
    let page = portal.get(&format!("/campaigns/{MEALS}")).await.unwrap();
    assert!(page.text(".walk-in .transfer-content").is_some_and(|t| t.contains(&content)), "shown on the page");
    assert!(page.inner_html(".walk-in .qr").is_some_and(|svg| svg.contains("<svg")));

    // Someone scans the poster and pays; the bank prints the content its own way.
    let memo = format!("MBVCB.9921.{}.CT tu 0123456789", content.replace(' ', "-"));
    let paid = transfer(7001, MEALS_ACCOUNT, 200_000, &memo, "FT26340777");
    assert_eq!(notify(&portal, paid.clone()).await, StatusCode::OK);
    let after = campaign(&portal, MEALS).await;
    let confirmed = |c: &Value| c["confirmed"].as_i64().unwrap();
    let supporters = |c: &Value| c["supporters"].as_i64().unwrap();
    assert_eq!(confirmed(&after), confirmed(&before) + 200_000, "counted as received");
    assert_eq!(supporters(&after), supporters(&before) + 1, "one more supporter");

    // The provider's retry, a second notification and the month's statement: counted once.
    assert_eq!(notify(&portal, paid).await, StatusCode::OK);
    assert_eq!(notify(&portal, transfer(7002, MEALS_ACCOUNT, 200_000, &memo, "FT26340777")).await, StatusCode::OK);
    let coordinator = portal.staff_signed_in("ketoan@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let statement =
        format!("date,amount,description,reference\n{},200.000,{memo},FT26340777\n", domain::format::today());
    let form = reqwest::multipart::Form::new().text("account", format!("970418:{MEALS_ACCOUNT}")).part(
        "statement",
        reqwest::multipart::Part::bytes(statement.into_bytes()).file_name("sao-ke.csv").mime_str("text/csv").unwrap(),
    );
    let uploaded =
        portal.http.post(portal.url("/staff/reconcile")).header("cookie", &coordinator).multipart(form).send().await;
    assert_eq!(uploaded.unwrap().status(), 303);
    let again = campaign(&portal, MEALS).await;
    assert_eq!((confirmed(&again), supporters(&again)), (confirmed(&after), supporters(&after)), "never twice");

    // On the public statement it is a gift from "Nhà hảo tâm", without the memo.
    let page = portal.get(&format!("/campaigns/{MEALS}/statement")).await.unwrap();
    assert!(page.texts(".statement-who").contains(&"Nhà hảo tâm".to_owned()));
    assert!(!page.body.contains("MBVCB.9921") && !page.body.contains("0123456789"));

    // The same content sent to another campaign's account is not this campaign's gift.
    let other = transfer(7003, "0000000000000", 300_000, &memo, "FT26340888");
    assert_eq!(notify(&portal, other).await, StatusCode::OK);
    assert_eq!(confirmed(&campaign(&portal, MEALS).await), confirmed(&after));
}
tests::on_both_backends!(a_poster_transfer_becomes_one_anonymous_gift_to_the_campaign);
