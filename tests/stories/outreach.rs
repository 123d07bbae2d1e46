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
    // Without the bank's reference a copy could not be told from the original: a person decides.
    let unreferenced = transfer(7004, MEALS_ACCOUNT, 100_000, &memo, "");
    assert_eq!(notify(&portal, unreferenced).await, StatusCode::OK);
    assert_eq!(confirmed(&campaign(&portal, MEALS).await), confirmed(&after));
}
tests::on_both_backends!(a_poster_transfer_becomes_one_anonymous_gift_to_the_campaign);

async fn share_png(portal: &TestPortal, slug: &str) -> Vec<u8> {
    let answer = portal.http.get(portal.url(&format!("/campaigns/{slug}/share.png?v=x"))).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "image/png");
    answer.bytes().await.unwrap().to_vec()
}

async fn og_image(portal: &TestPortal, slug: &str) -> String {
    let page = portal.get(&format!("/campaigns/{slug}")).await.unwrap();
    page.attrs("meta[property='og:image']", "content").pop().expect("a link preview picture")
}

async fn a_shared_link_shows_the_progress_redrawn_at_most_once_a_minute(backend: Backend) {
    let Some(portal) = TestPortal::start(backend).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let slug = crate::OPEN_CAMPAIGN;
    let preview = og_image(&portal, slug).await;
    assert!(preview.contains(&format!("/campaigns/{slug}/share.png?v=")), "{preview}");
    let first = share_png(&portal, slug).await;
    let card = image::load_from_memory(&first).expect("a PNG");
    assert_eq!((card.width(), card.height()), (1200, 630));

    // A gift arrives: the page's picture address moves at once, the drawing within the minute.
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let gift = |amount: i64| {
        json!({"campaign": slug, "donor_type": "individual", "name": "Hà Văn Tú", "email": "tu@example.vn",
               "amount": amount, "display": "named", "consent": true})
    };
    let at = &portal;
    let pledged = move |body: Value| async move {
        let answer = at.http.post(at.url("/api/v1/pledges")).json(&body).send().await.unwrap();
        answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
    };
    let reference = pledged(gift(30_000_000)).await;
    crate::network::confirm(&portal, &coordinator, &reference).await;
    assert_ne!(og_image(&portal, slug).await, preview, "a new address for crawlers");
    assert_eq!(share_png(&portal, slug).await, first, "drawn at most once a minute");
    portal.clock.advance(std::time::Duration::from_secs(61));
    let second = share_png(&portal, slug).await;
    assert_ne!(second, first, "redrawn with the new total");

    // More gifts within that minute change nothing until it has passed.
    let reference = pledged(gift(20_000_000)).await;
    crate::network::confirm(&portal, &coordinator, &reference).await;
    portal.clock.advance(std::time::Duration::from_secs(30));
    assert_eq!(share_png(&portal, slug).await, second);
    portal.clock.advance(std::time::Duration::from_secs(31));
    assert_ne!(share_png(&portal, slug).await, second);
    assert_eq!(portal.http.get(portal.url("/campaigns/khong-co/share.png")).send().await.unwrap().status(), 404);
}
tests::on_both_backends!(a_shared_link_shows_the_progress_redrawn_at_most_once_a_minute);

async fn only_the_card_for_partners_sites_may_be_framed(backend: Backend) {
    let Some(portal) = TestPortal::start(backend).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let slug = crate::OPEN_CAMPAIGN;
    let embed = portal.get(&format!("/campaigns/{slug}/embed")).await.unwrap();
    assert_eq!(embed.status, 200);
    assert_eq!(embed.header("x-frame-options"), None, "any site may frame the card");
    let csp = embed.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors *") && csp.contains("script-src 'self'"), "{csp}");
    let give = embed.attrs("a.give", "href").pop().expect("the pledge button");
    assert!(give.ends_with(&format!("/pledge?campaign={slug}")), "{give}");
    assert_eq!(embed.attrs("a.give", "target"), vec!["_blank"], "the form opens in a new tab");
    assert!(embed.text("h1").unwrap().contains("Áo ấm cho em vùng cao"));
    assert!(embed.body.contains("<progress"));
    for path in [format!("/campaigns/{slug}"), format!("/pledge?campaign={slug}"), "/staff/login".to_owned()] {
        let page = portal.get(&path).await.unwrap();
        assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert!(page.header("content-security-policy").unwrap().contains("frame-ancestors 'none'"), "{path}");
    }
    // Staff copy the card's and the badge's snippets from the campaign's page.
    let id = portal.store.campaign(slug).await.unwrap().unwrap().id;
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let editor = portal.get_with(&format!("/staff/campaigns/{id}/edit"), &[("cookie", &coordinator)]).await.unwrap();
    let snippet = editor.text("#embed-snippet").unwrap();
    assert!(
        snippet.starts_with("<iframe src=\"") && snippet.contains(&format!("/campaigns/{slug}/embed\"")),
        "{snippet}"
    );
    assert!(editor.text("#badge-snippet").unwrap().contains(&format!("/campaigns/{slug}/badge.svg")));
    let badge = portal.http.get(portal.url(&format!("/campaigns/{slug}/badge.svg"))).send().await.unwrap();
    assert_eq!(badge.status(), 200);
    assert!(badge.headers()["content-type"].to_str().unwrap().starts_with("image/svg+xml"));
    let svg = badge.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Ủng hộ") && svg.contains("% · "), "{svg}");
}
tests::on_both_backends!(only_the_card_for_partners_sites_may_be_framed);
