//! Every donor hears back by email, through an outbox that loses and doubles nothing: the stories
//! talk to a real SMTP server on a loopback port.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use mail_parser::MimeHeaders;
use serde_json::{Value, json};
use tests::mail_sink::{MailSink, closed_port};
use tests::{Backend, TestPortal};

use crate::OPEN_CAMPAIGN as OPEN;

async fn portal_mailing_to(backend: Backend, mail_url: String) -> Option<TestPortal> {
    let portal = TestPortal::start_with(backend, move |c| c.mail_url = mail_url).await.unwrap()?;
    portal.seed_demo().await.unwrap();
    Some(portal)
}

async fn pledge(portal: &TestPortal, body: Value) -> Value {
    let answer = portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    answer.json().await.unwrap()
}

fn money(name: &str, email: &str, amount: i64) -> Value {
    json!({
        "campaign": OPEN, "donor_type": "individual", "name": name, "email": email,
        "amount": amount, "display": "named", "consent": true
    })
}

async fn a_donor_hears_back_with_how_to_pay(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, sink.url()).await else { return };
    let pledged = pledge(&portal, money("Nguyễn Thị Thu Hà", "thuha@example.vn", 750_000)).await;
    let reference = pledged["reference"].as_str().unwrap();
    // Goods from a donor who left only a phone number: no email for them (Zalo and SMS are not set
    // up here, so their notice waits, parked with the reason, for staff to resend).
    pledge(
        &portal,
        json!({
            "campaign": OPEN, "donor_type": "individual", "name": "Hoàng Văn Lực", "phone": "0977 111 222",
            "in_kind": {"item": "Chăn bông", "quantity": 10, "unit": "chiếc", "estimated_value": 2800000},
            "display": "anonymous", "consent": true
        }),
    )
    .await;

    let inbox = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(inbox.len(), 1, "one acknowledgement");
    let mail = &inbox[0];
    assert_eq!(mail.to, vec!["thuha@example.vn"]);
    let parsed = mail.parsed();
    assert_eq!(parsed.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("thuha@example.vn"));
    let subject = parsed.subject().unwrap();
    assert!(subject.starts_with("Cảm ơn Nguyễn Thị Thu Hà") && subject.contains(reference), "{subject}");
    let text = parsed.body_text(0).unwrap();
    assert!(
        text.contains(reference) && text.contains("Số tài khoản: 0000000000000") && text.contains("750.000 ₫"),
        "{text}"
    );
    assert!(text.contains(&format!("/pledge/{reference}")), "a link back to the pledge page");
    // Plain text reads as text: no markdown marks, the sign-off a line each.
    assert!(!text.contains("**") && !text.contains("##") && !text.contains('\\'), "{text}");
    assert!(text.replace("\r\n", "\n").contains("Trân trọng,\nSở Y tế"), "{text}");
    let html = parsed.body_html(0).unwrap();
    assert!(html.contains(&format!("<strong>{reference}</strong>")) && html.contains("cid:vietqr"), "{html}");
    // In the HTML the page is a link, and the code comes before the signature.
    assert!(html.contains(&format!("/pledge/{reference}\" rel=")), "{html}");
    assert!(html.find("cid:vietqr").unwrap() < html.rfind("Trân trọng").unwrap(), "{html}");
    let qr = parsed.parts.iter().find(|p| p.content_id() == Some("vietqr")).expect("the VietQR code inline");
    assert!(qr.is_content_type("image", "png"));
    assert!(image::load_from_memory(qr.contents()).is_ok());
    let message_id = parsed.message_id().unwrap();
    assert!(message_id.starts_with("notice-") && message_id.ends_with("-acknowledgement@127.0.0.1"), "{message_id}");

    // The worker records the send once the server has answered: give it that moment.
    let mut counts = portal.store.notice_counts().await.unwrap();
    for _ in 0..50 {
        if counts.sent == 1 && counts.failed == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        counts = portal.store.notice_counts().await.unwrap();
    }
    assert_eq!((counts.sent, counts.queued, counts.sending, counts.failed), (1, 0, 0, 1));
    let (parked, _) = portal.store.notices(Some("failed"), 10, 0).await.unwrap();
    let reason = parked[0].last_error.as_deref().unwrap();
    assert!(reason.contains("Zalo is off") && reason.contains("SMS is off"), "{reason}");
}
tests::on_both_backends!(a_donor_hears_back_with_how_to_pay);

async fn a_mail_server_outage_loses_and_doubles_nothing(backend: Backend) {
    let port = closed_port().unwrap();
    let Some(portal) = portal_mailing_to(backend, format!("smtp://127.0.0.1:{port}")).await else { return };
    let mut references = BTreeSet::new();
    for i in 0..5 {
        let answer =
            pledge(&portal, money(&format!("Người ủng hộ {i}"), &format!("donor{i}@example.vn"), 100_000 + i)).await;
        references.insert(answer["reference"].as_str().unwrap().to_owned());
    }
    // The server is down: pledges were accepted, notices wait with the reason.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let store = &portal.store;
    let counts = store.notice_counts().await.unwrap();
    assert_eq!((counts.queued + counts.sending, counts.sent), (5, 0));
    let (waiting, _) = store.notices(Some("queued"), 10, 0).await.unwrap();
    assert!(waiting.iter().any(|n| n.attempts >= 1 && n.last_error.is_some()), "{waiting:?}");

    // It comes back: everything is delivered, once.
    let sink = MailSink::start_on(port).unwrap();
    let inbox = sink.wait_for(5, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let inbox = if inbox.len() == 5 { sink.messages() } else { inbox };
    assert_eq!(inbox.len(), 5, "exactly one copy of each notice");
    let ids: BTreeSet<String> = inbox.iter().map(|m| m.parsed().message_id().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 5);
    let delivered: BTreeSet<String> = inbox
        .iter()
        .map(|m| references.iter().find(|r| m.parsed().subject().unwrap().contains(r.as_str())).unwrap().clone())
        .collect();
    assert_eq!(delivered, references);
    assert_eq!(store.notice_counts().await.unwrap().sent, 5);
}
tests::on_both_backends!(a_mail_server_outage_loses_and_doubles_nothing);

/// Two `portal` processes on one PostgreSQL database: each notice is sent by one of them, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_one_database_send_each_notice_once() {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(Backend::Postgres, sink.url()).await else { return };
    let config = web::ops::config::Config {
        database_url: portal.database_url(),
        mail_url: sink.url(),
        site_root: tests::workspace_root().join("target/site"),
        ..web::ops::config::Config::default()
    };
    let second = web::prepare(&config).await.unwrap();
    let (stop_second, second_worker) = web::workers::outbox::spawn(second);
    const N: usize = 40;
    let mut sends = Vec::new();
    for i in 0..N {
        sends.push(pledge(&portal, money(&format!("Nhà hảo tâm {i}"), &format!("nht{i}@example.vn"), 50_000)));
    }
    for send in sends {
        send.await;
    }
    let inbox = sink.wait_for(N, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let inbox = if inbox.len() >= N { sink.messages() } else { inbox };
    let ids: BTreeSet<String> = inbox.iter().map(|m| m.parsed().message_id().unwrap().to_owned()).collect();
    assert_eq!((inbox.len(), ids.len()), (N, N), "every notice once");
    let (sent, _) = portal.store.notices(Some("sent"), 100, 0).await.unwrap();
    assert_eq!(sent.len(), N);
    assert!(sent.iter().all(|n| n.attempts == 1), "no notice was claimed twice");
    let _ = stop_second.send(true);
    second_worker.await.unwrap();
}

async fn a_crafted_name_adds_no_header_or_recipient(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, sink.url()).await else { return };
    pledge(&portal, money("Minh\r\nBcc: spy@evil.example\r\nX-Injected: yes", "minh@example.vn", 200_000)).await;
    let crafted = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&money("Minh", "minh@example.vn\r\nBcc: spy@evil.example", 200_000))
        .send()
        .await
        .unwrap();
    assert_eq!(crafted.status(), 422, "an address with a line break is not an address");
    let inbox = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].to, vec!["minh@example.vn"], "no extra recipient");
    let raw = inbox[0].raw();
    for line in raw.lines() {
        let lower = line.to_ascii_lowercase();
        assert!(!lower.starts_with("bcc:") && !lower.starts_with("x-injected:"), "{line}");
    }
}
tests::on_both_backends!(a_crafted_name_adds_no_header_or_recipient);

async fn a_refused_notice_is_parked_with_its_reason_and_sent_again_by_staff(backend: Backend) {
    let sink = MailSink::refusing("old-address@example.vn").unwrap();
    let Some(portal) = portal_mailing_to(backend, sink.url()).await else { return };
    pledge(&portal, money("Đặng Quốc Bảo", "old-address@example.vn", 300_000)).await;
    let store = &portal.store;
    let mut failed = Vec::new();
    for _ in 0..100 {
        (failed, _) = store.notices(Some("failed"), 10, 0).await.unwrap();
        if !failed.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(failed.len(), 1, "a permanent refusal is not retried");
    assert!(failed[0].last_error.as_deref().unwrap().contains("550"), "{:?}", failed[0].last_error);

    // The coordinator sees it with its reason, and sends it again.
    let cookie = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let home = portal.get_with("/staff", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(home.text(".count-failed").as_deref(), Some("1"));
    let page = portal.get_with("/staff/notices?status=failed", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".notice-error").unwrap().contains("550"));
    let resend = portal
        .http
        .post(portal.url(&format!("/staff/notices/{}/resend", failed[0].id)))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resend.status(), 303);
    let (queued, _) = store.notices(None, 10, 0).await.unwrap();
    assert_ne!(queued[0].status, "failed", "queued again");
    let (entries, _) = store
        .audit_entries(&portal::store::AuditQuery { entity: Some("notice".into()), limit: 5, ..Default::default() })
        .await
        .unwrap();
    assert!(entries.iter().any(|e| e.action == "notice.resend"));
}
tests::on_both_backends!(a_refused_notice_is_parked_with_its_reason_and_sent_again_by_staff);

async fn an_unpaid_money_pledge_is_reminded_twice_at_most(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, sink.url()).await else { return };
    let store = &portal.store;
    let pledged = pledge(&portal, money("Phan Thanh Tùng", "tung@example.vn", 1_000_000)).await;
    let reference = pledged["reference"].as_str().unwrap().to_owned();
    sink.wait_for(1, Duration::from_secs(20)).await;
    let now = || time::OffsetDateTime::now_utc();

    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 0, "not yet");
    portal.backdate("pledges", 8).await.unwrap();
    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 1, "a week later, unpaid");
    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 0, "once");
    let inbox = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(inbox.len(), 2);
    let reminder = inbox[1].parsed();
    assert!(reminder.subject().unwrap().starts_with("Nhắc thông tin chuyển khoản"), "{:?}", reminder.subject());
    assert!(reminder.subject().unwrap().contains(&reference));
    assert!(reminder.body_text(0).unwrap().contains("Đây là thư nhắc lần 1"));

    // The second comes a week after the first, and there is no third.
    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 0, "not a week after the first yet");
    portal.backdate("notices", 8).await.unwrap();
    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 1);
    portal.backdate("notices", 8).await.unwrap();
    assert_eq!(store.queue_reminders(now(), 7).await.unwrap(), 0, "at most two");
    let inbox = sink.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(inbox.len(), 3);
    assert!(inbox[2].parsed().body_text(0).unwrap().contains("Đây là thư nhắc lần 2"));
}
tests::on_both_backends!(an_unpaid_money_pledge_is_reminded_twice_at_most);
