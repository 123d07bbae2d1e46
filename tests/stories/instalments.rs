//! A school pays for a year of meals month by month: each instalment has its due date, its own
//! transfer message and its own reminder; the ledger grows with each transfer that arrives, and
//! the pledge page shows what is paid, what is due and what is overdue.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use portal::statements::{ColumnMapping, parse};
use serde_json::{Value, json};
use tests::mail_sink::MailSink;
use tests::{Backend, TestPortal};

const MEALS: &str = "bua-trua-du-chat-nam-hoc-2026-2027";

async fn pledge(portal: &TestPortal, body: Value) -> reqwest::Response {
    portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap()
}

fn in_three(amount: i64) -> Value {
    json!({
        "campaign": MEALS, "donor_type": "business", "name": "Công ty CP Thực phẩm Sông Cầu",
        "tax_code": "4600123456", "email": "ketoan@songcau.vn", "amount": amount, "instalments": 3,
        "display": "named", "consent": true
    })
}

async fn instalments_are_paid_in_step_and_the_late_one_is_reminded(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = TestPortal::start_with(backend, {
        let url = sink.url();
        move |c| c.mail_url = url
    })
    .await
    .unwrap() else {
        return;
    };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let year = domain::format::today().year();
    let before = store.ledger_totals(Some(year)).await.unwrap();

    // Goods cannot be paid in instalments, and each instalment is at least 10.000 ₫.
    let mut goods = in_three(0);
    goods.as_object_mut().unwrap().remove("amount");
    goods["in_kind"] = json!({"item": "Gạo", "quantity": 100, "unit": "kg", "estimated_value": 2_000_000});
    let refused = pledge(&portal, goods).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert!(problem["fields"]["instalments"].as_str().unwrap().contains("từ 2 đến 12 kỳ"), "{problem}");
    assert_eq!(pledge(&portal, in_three(20_000)).await.status(), 422, "6.667 ₫ an instalment is too little");

    let created = pledge(&portal, in_three(900_000)).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let reference = created["reference"].as_str().unwrap().to_owned();
    assert_eq!(created["payment"]["amount"], 300_000, "the first instalment, not the whole pledge");
    assert_eq!(created["payment"]["message"], format!("{reference} KY 1"));
    let status: Value = portal
        .http
        .get(portal.url(&format!("/api/v1/pledges/{reference}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schedule = status["instalments"].as_array().unwrap();
    assert_eq!(schedule.len(), 3);
    assert_eq!(schedule.iter().map(|i| i["amount"].as_i64().unwrap()).sum::<i64>(), 900_000);
    assert_eq!(schedule[0]["status"], "due");
    assert_eq!(schedule[1]["status"], "upcoming");

    // Two months later: the first two were paid, each with its own message; the third is late.
    let moved = portal
        .execute(
            "UPDATE instalments SET due_on = date(due_on, '-75 days')",
            "UPDATE instalments SET due_on = due_on - 75",
        )
        .await
        .unwrap();
    assert_eq!(moved, 3);
    let statement = format!(
        "date,amount,description,reference\n\
         2026-09-05,300.000,CONG TY SONG CAU CK {reference} KY 1,FT901\n\
         2026-10-05,300.000,{} ky 2,FT902\n",
        reference.to_lowercase().replace('-', "")
    );
    let lines = parse(statement.as_bytes(), &ColumnMapping::generic()).unwrap();
    let now = time::OffsetDateTime::now_utc();
    let outcome = store.import_statement("sao-ke.csv", &lines, None, domain::format::today(), now).await.unwrap();
    assert_eq!((outcome.part_payments, outcome.confirmed, outcome.to_review), (2, 0, 0), "{outcome:?}");
    let after = store.ledger_totals(Some(year)).await.unwrap();
    assert_eq!(after.confirmed - before.confirmed, 600_000, "the ledger holds what arrived, instalment by instalment");
    assert_eq!(store.pledge(&reference).await.unwrap().unwrap().status, "partly_paid");

    let page = portal.get(&format!("/pledge/{reference}")).await.unwrap();
    let states = page.texts(".instalment-schedule tbody tr td:last-child");
    assert_eq!(states, ["Đã nộp", "Đã nộp", "Quá hạn"], "{states:?}");
    assert_eq!(page.text(".pay-message").unwrap(), format!("{reference} KY 3"));
    assert_eq!(page.text(".pay-amount").unwrap(), "300.000 ₫");
    assert!(page.text("#pay-heading").unwrap().contains("kỳ 3"));

    // The late instalment — and only it — is reminded, once, naming the instalment.
    sink.wait_for(3, Duration::from_secs(20)).await; // the acknowledgement and two receipts
    assert_eq!(store.queue_reminders(now, 7).await.unwrap(), 1);
    assert_eq!(store.queue_reminders(now, 7).await.unwrap(), 0, "once per instalment");
    let inbox = sink.wait_for(4, Duration::from_secs(20)).await;
    let receipts: Vec<String> = inbox
        .iter()
        .map(|m| m.parsed())
        .filter(|m| m.subject().unwrap().starts_with("Xác nhận đã nhận"))
        .map(|m| m.body_text(0).unwrap().to_string())
        .collect();
    assert_eq!(receipts.len(), 2, "a receipt for each transfer");
    assert!(receipts.iter().any(|r| r.contains("Tổng đã nhận đến nay: 600.000 ₫")), "{receipts:?}");
    let reminder = inbox.last().unwrap().parsed();
    let text = reminder.body_text(0).unwrap();
    assert!(text.contains("Kỳ 3 của đăng ký ủng hộ"), "{text}");
    assert!(text.contains(&format!("{reference} KY 3")), "the transfer message of the third: {text}");

    // The third arrives: the pledge is confirmed, and the receipt page acknowledges all of it.
    let last = format!("date,amount,description,reference\n2026-11-05,300000,{reference} KY 3,FT903\n");
    let lines = parse(last.as_bytes(), &ColumnMapping::generic()).unwrap();
    let outcome = store.import_statement("sao-ke-11.csv", &lines, None, domain::format::today(), now).await.unwrap();
    assert_eq!(outcome.confirmed, 1);
    assert_eq!(store.pledge_ledger(&reference).await.unwrap().len(), 3, "three payments, three entries");
    // The receipt names the donor: a stranger with the reference is asked to sign in, staff see it.
    let stranger = portal.get(&format!("/pledge/{reference}/receipt")).await.unwrap();
    assert_eq!(stranger.status, 403);
    assert!(stranger.text(".receipt-tax-code").is_none() && !stranger.body.contains("4600123456"));
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let receipt = portal.get_with(&format!("/pledge/{reference}/receipt"), &[("cookie", &staff)]).await.unwrap();
    assert_eq!(receipt.text(".receipt-amount").unwrap(), "900.000 ₫");
    assert_eq!(receipt.text(".receipt-in-words").unwrap(), "Chín trăm nghìn đồng");
    assert_eq!(receipt.text(".receipt-tax-code").unwrap(), "4600123456");
    assert_eq!(receipt.count(".receipt-payments tbody tr"), 3);
}
tests::on_both_backends!(instalments_are_paid_in_step_and_the_late_one_is_reminded);

async fn a_receipt_exists_only_for_what_arrived(backend: Backend) {
    let Some(portal) = TestPortal::start(backend).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let mut body = in_three(450_000);
    body.as_object_mut().unwrap().remove("instalments");
    let created: Value = pledge(&portal, body).await.json().await.unwrap();
    let reference = created["reference"].as_str().unwrap();
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let receipt = portal.get_with(&format!("/pledge/{reference}/receipt"), &[("cookie", &staff)]).await.unwrap();
    assert_eq!(receipt.status, 404, "nothing received yet");
    assert_eq!(receipt.text("h1").unwrap(), "Chưa có giấy xác nhận");
    let unknown = portal.get_with("/pledge/TN26-ZZZZZZ/receipt", &[("cookie", &staff)]).await.unwrap();
    assert_eq!(unknown.status, 404);
}
tests::on_both_backends!(a_receipt_exists_only_for_what_arrived);
