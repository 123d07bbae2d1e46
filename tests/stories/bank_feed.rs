//! Money arrives by itself: a bank notification service reports each transfer, the pledge it names
//! is confirmed within the call, and the same bank transaction counts once however it arrives — a
//! retry, a second notification, a statement uploaded later. A transfer to another account, a call
//! without the key and a malformed one change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Backend, TestPortal};

const KEY: &str = "sepay-thu-nghiem-0123456789abcdef";
/// The demo meals campaign receives on BIDV (970418), its own fictitious account.
const MEALS: &str = "bua-trua-du-chat-nam-hoc-2026-2027";
const MEALS_ACCOUNT: &str = "0000000000018";

async fn pledge(portal: &TestPortal, name: &str, amount: i64) -> String {
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "campaign": MEALS, "donor_type": "individual", "name": name,
            "email": format!("{amount}@example.vn"), "amount": amount, "display": "named", "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
    answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

/// A notification as SePay documents it; the transfer was made before the pledge was recorded
/// (donors often pay first), which must not stop it matching.
fn transfer(id: i64, account: &str, amount: i64, content: &str, reference: &str) -> Value {
    json!({
        "id": id, "gateway": "BIDV", "transactionDate": "2026-12-01 09:15:00", "accountNumber": account,
        "subAccount": null, "code": null, "content": content, "transferType": "in", "transferAmount": amount,
        "accumulated": 25_000_000, "referenceCode": reference, "description": format!("BankAPINotify {content}")
    })
}

async fn notify(portal: &TestPortal, key: Option<&str>, body: String) -> (StatusCode, Value) {
    let mut request =
        portal.http.post(portal.url("/api/v1/bank-feed/sepay")).header("content-type", "application/json");
    if let Some(key) = key {
        request = request.header("authorization", format!("Apikey {key}"));
    }
    let answer = request.body(body).send().await.unwrap();
    let status = answer.status();
    (status, answer.json::<Value>().await.unwrap_or(Value::Null))
}

async fn status(portal: &TestPortal, reference: &str) -> String {
    portal.store.pledge(reference).await.unwrap().unwrap().status
}

async fn a_transfer_reported_by_the_bank_confirms_its_pledge_once(backend: Backend) {
    let Some(portal) = TestPortal::start_with(backend, |c| c.bank_feed_key = Some(KEY.to_owned())).await.unwrap()
    else {
        return;
    };
    portal.seed_demo().await.unwrap();
    let reference = pledge(&portal, "Lò Thị Mai", 150_000).await;
    let memo = format!("{} chuyen tien ung ho", reference.to_lowercase().replace('-', " "));
    let paid = transfer(9001, MEALS_ACCOUNT, 150_000, &memo, "FT26335001");

    // Without the key, with a wrong one, or malformed: refused, and nothing is stored.
    assert_eq!(notify(&portal, None, paid.to_string()).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        notify(&portal, Some("sepay-sai-khoa-0123456789abcdef0"), paid.to_string()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(notify(&portal, Some(KEY), "{not json".to_owned()).await.0, StatusCode::BAD_REQUEST);
    let mut no_amount = paid.clone();
    no_amount["transferAmount"] = json!("một trăm năm mươi nghìn");
    let (refused, why) = notify(&portal, Some(KEY), no_amount.to_string()).await;
    assert_eq!(refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(why["message"].as_str().unwrap().contains("transferAmount"), "{why}");
    assert_eq!(status(&portal, &reference).await, "pledged");
    assert!(portal.store.statement_review(10).await.unwrap().is_empty(), "nothing stored");

    // The notification: stored, matched and confirmed before the answer; the receipt is queued.
    let (answered, body) = notify(&portal, Some(KEY), paid.to_string()).await;
    assert_eq!((answered, body), (StatusCode::OK, json!({"success": true})));
    assert_eq!(status(&portal, &reference).await, "confirmed");
    let (notices, _) = portal.store.notices(None, 100, 0).await.unwrap();
    let receipts = || notices.iter().filter(|n| n.kind == domain::NoticeKind::Receipt).count();
    assert_eq!(receipts(), 1);

    // The provider's retry, a second notification of the same bank transaction, and the month's
    // statement uploaded later for the same account: each answered, none counted again.
    assert_eq!(notify(&portal, Some(KEY), paid.to_string()).await.0, StatusCode::OK);
    let again = transfer(9002, MEALS_ACCOUNT, 150_000, &memo, "FT26335001");
    assert_eq!(notify(&portal, Some(KEY), again.to_string()).await.0, StatusCode::OK);
    let coordinator = portal.staff_signed_in("ketoan@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let statement = format!("date,amount,description,reference\n2026-12-01,150.000,{memo},FT26335001\n");
    let form = reqwest::multipart::Form::new().text("account", format!("970418:{MEALS_ACCOUNT}")).part(
        "statement",
        reqwest::multipart::Part::bytes(statement.into_bytes())
            .file_name("sao-ke-12.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let uploaded = portal
        .http
        .post(portal.url("/staff/reconcile"))
        .header("cookie", &coordinator)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &coordinator)]).await.unwrap();
    assert!(
        page.text(".import-outcome").unwrap().contains("1 dòng đã nhập trước đó"),
        "{:?}",
        page.text(".import-outcome")
    );
    assert_eq!(portal.store.pledge_ledger(&reference).await.unwrap().len(), 1, "one ledger entry");
    let (notices, _) = portal.store.notices(None, 100, 0).await.unwrap();
    assert_eq!(notices.iter().filter(|n| n.kind == domain::NoticeKind::Receipt).count(), 1, "one receipt");

    // A transfer to an account that is not the programme's names a pledge, and changes nothing.
    let other = pledge(&portal, "Hoàng Văn Sình", 300_000).await;
    let year = domain::format::today().year();
    let before = portal.store.ledger_totals(Some(year)).await.unwrap();
    let elsewhere = transfer(9003, "1903555666777", 300_000, &format!("UNG HO {other}"), "FT26335002");
    assert_eq!(notify(&portal, Some(KEY), elsewhere.to_string()).await.0, StatusCode::OK);
    assert_eq!(status(&portal, &other).await, "pledged");
    assert_eq!(portal.store.ledger_totals(Some(year)).await.unwrap().confirmed, before.confirmed);
    assert!(portal.store.statement_review(10).await.unwrap().is_empty(), "not ours: nothing to review either");

    // The campaign's public statement: the named donor by name, an anonymous one as "Nhà hảo tâm",
    // money out as money out; never a memo, a phone or an account number, nor the other account.
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "campaign": MEALS, "donor_type": "individual", "name": "Giàng A Páo", "phone": "0912 345 678",
            "amount": 200_000, "display": "anonymous", "consent": true
        }))
        .send()
        .await
        .unwrap();
    let hidden = answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    let memo_with_phone = format!("GIANG A PAO 0912345678 TK 1903555666777 UNG HO {hidden}");
    let anonymous = transfer(9004, MEALS_ACCOUNT, 200_000, &memo_with_phone, "FT26335003");
    assert_eq!(notify(&portal, Some(KEY), anonymous.to_string()).await.0, StatusCode::OK);
    assert_eq!(status(&portal, &hidden).await, "confirmed");
    let mut paid_out = transfer(9005, MEALS_ACCOUNT, 120_000, "CHUYEN TIEN MUA THUC PHAM 0987654321", "FT26335004");
    paid_out["transferType"] = json!("out");
    assert_eq!(notify(&portal, Some(KEY), paid_out.to_string()).await.0, StatusCode::OK);
    let page = portal.get(&format!("/campaigns/{MEALS}/statement")).await.unwrap();
    assert_eq!(page.status, 200);
    let who = page.texts(".statement-who");
    assert_eq!(who.len(), 3, "two gifts and one payment out: {who:?}");
    assert!(who.contains(&"Lò Thị Mai".to_owned()) && who.contains(&"Nhà hảo tâm".to_owned()), "{who:?}");
    assert_eq!(page.text(".statement-in").unwrap(), "350.000 ₫");
    assert_eq!(page.text(".statement-out").unwrap(), "120.000 ₫");
    assert_eq!(page.text(".statement-balance").unwrap(), "230.000 ₫");
    let csv = portal.http.get(portal.url(&format!("/campaigns/{MEALS}/statement.csv"))).send().await.unwrap();
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "Excel reads it as UTF-8");
    for text in [page.body.as_str(), csv.as_str()] {
        for secret in
            ["Giàng", "0912345678", "0987654321", "1903555666777", "CHUYEN TIEN", "chuyen tien ung ho", "FT2633"]
        {
            assert!(!text.contains(secret), "{secret} on the public statement");
        }
    }

    // The payment out is assigned to what it paid for: a need of the campaign and its implementer,
    // for a period, with evidence. Without evidence nothing is assigned.
    let need_id = portal.store.campaign(MEALS).await.unwrap().unwrap().need_ids[0];
    let need = portal.store.need(need_id).await.unwrap().unwrap();
    let out_line = portal.store.money_out_waiting(10).await.unwrap()[0].0;
    let home = portal.get_with("/staff", &[("cookie", &coordinator)]).await.unwrap();
    assert!(
        home.texts(".waiting li").iter().any(|l| l.starts_with("1 khoản chi chờ gán mục đích")),
        "the staff home says a payment out waits: {:?}",
        home.texts(".waiting li")
    );
    let assign = |evidence: &'static str| {
        let (portal, coordinator, need) = (&portal, coordinator.clone(), need_id.to_string());
        async move {
            let form = [
                ("need", need.as_str()),
                ("period_start", "2026-12-01"),
                ("period_end", "2026-12-31"),
                ("evidence", evidence),
            ];
            portal.post_form_as(&format!("/staff/reconcile/{out_line}/assign"), &coordinator, &form).await.unwrap()
        }
    };
    assert_eq!(assign("").await.status(), 303);
    assert_eq!(portal.store.money_out_waiting(10).await.unwrap().len(), 1, "not assigned without evidence");
    assert_eq!(assign("UNC 15/12").await.status(), 303);
    assert!(portal.store.money_out_waiting(10).await.unwrap().is_empty());
    let implementer = need.site.clone().unwrap_or_default();
    let page = portal.get(&format!("/campaigns/{MEALS}/statement")).await.unwrap();
    let paid = format!("Chuyển cho {implementer}: {}", need.title);
    assert!(page.texts(".statement-who").contains(&paid), "{paid} in {:?}", page.texts(".statement-who"));
    let need_page = portal.get(&format!("/needs/{need_id}")).await.unwrap();
    assert_eq!(need_page.text(".need-transferred").unwrap(), "120.000 ₫");
    // Beside it, what the ledger received for the need and what was handed over.
    let (received, _, handed_over) = portal.store.need_money(need_id).await.unwrap();
    assert_eq!(need_page.text(".need-received").unwrap(), domain::format::vnd(received));
    assert_eq!(need_page.text(".need-handed-over").unwrap(), domain::format::vnd(handed_over));
    let schools = portal.get_with("/staff/implementers", &[("cookie", &coordinator)]).await.unwrap();
    let names = schools.texts(".implementer-name");
    let row = names.iter().position(|n| *n == implementer).expect("the school is listed");
    assert_eq!(schools.texts(".implementer-transferred")[row], "120.000 ₫");
    let owed = schools.texts(".implementer-owed");
    assert!(owed.iter().any(|o| o != "0 ₫"), "a school confirmed for and not yet paid shows: {owed:?}");
    assert_eq!(portal.get("/staff/implementers").await.unwrap().status, 303, "staff only");

    // The donor's page shows it: the pledge is received, with no watch left running.
    let thanks = portal.get(&format!("/pledge/{reference}")).await.unwrap();
    assert_eq!(thanks.text(".pledge-status").unwrap(), "Đã nhận");
    assert!(thanks.text(".status-watch").is_none());
    let waiting = portal.get(&format!("/pledge/{other}")).await.unwrap();
    assert!(
        waiting.attrs(".status-watch a", "href").contains(&format!("/pledge/{other}")),
        "a refresh link without script"
    );
}
tests::on_both_backends!(a_transfer_reported_by_the_bank_confirms_its_pledge_once);

async fn without_a_key_there_is_no_feed(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    let body = transfer(1, MEALS_ACCOUNT, 1_000, "x", "FT1").to_string();
    assert_eq!(notify(&portal, Some(KEY), body).await.0, StatusCode::NOT_FOUND);
}
tests::on_both_backends!(without_a_key_there_is_no_feed);
