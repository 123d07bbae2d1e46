//! Donors who leave a phone number hear back on it: by Zalo (ZNS), and by brand-name SMS where Zalo
//! cannot reach the number. The stories talk to local stand-ins that speak Zalo's and eSMS's
//! documented formats (`tests/phone_fakes.rs`), through the same outbox as email.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use domain::{NoticeChannel, NoticeKind};
use serde_json::{Value, json};
use tests::mail_sink::{MailSink, closed_port};
use tests::phone_fakes::{self, FakeEsms, FakeZalo};
use tests::{Backend, TestPortal};
use web::ops::config::Config;

use crate::OPEN_CAMPAIGN as OPEN;

const ACK_TEMPLATE: &str = "111111";

fn zalo_at(config: &mut Config, base: &str, access_token: &str) {
    config.phone.zns_url = base.to_owned();
    config.phone.zns_oauth_url = format!("{base}/v4/oa/access_token");
    config.phone.zns_access_token = Some(access_token.to_owned());
    config.phone.zns_templates =
        vec![(NoticeKind::Acknowledgement, ACK_TEMPLATE.to_owned()), (NoticeKind::Receipt, "222222".to_owned())];
}

fn sms_at(config: &mut Config, sms: &FakeEsms) {
    config.phone.sms_url = sms.url.clone();
    config.phone.sms_api_key = Some(phone_fakes::ESMS_API_KEY.to_owned());
    config.phone.sms_secret_key = Some(phone_fakes::ESMS_SECRET_KEY.to_owned());
    config.phone.sms_brandname = Some(phone_fakes::ESMS_BRANDNAME.to_owned());
}

async fn portal_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestPortal> {
    let portal = TestPortal::start_with(backend, adjust).await.unwrap()?;
    portal.seed_demo().await.unwrap();
    Some(portal)
}

/// A money pledge to the open campaign from a donor who left only a phone number (typed the way
/// people type it).
fn by_phone(name: &str, phone: &str, amount: i64) -> Value {
    json!({
        "campaign": OPEN, "donor_type": "individual", "name": name, "phone": phone,
        "amount": amount, "display": "anonymous", "consent": true
    })
}

async fn pledge(portal: &TestPortal, body: Value) -> String {
    let answer = portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    let created: Value = answer.json().await.unwrap();
    created["reference"].as_str().unwrap().to_owned()
}

/// The notice about a pledge, once the worker has recorded what happened to it.
async fn notice_of(portal: &TestPortal, reference: &str, status: &str) -> portal::store::NoticeRecord {
    for _ in 0..200 {
        let (notices, _) = portal.store.notices(None, 100, 0).await.unwrap();
        if let Some(n) =
            notices.into_iter().find(|n| n.pledge_reference.as_deref() == Some(reference) && n.status == status)
        {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {status} notice for {reference}");
}

async fn a_phone_only_pledge_reaches_zalo_after_an_outage_with_one_tracking_id(backend: Backend) {
    let port = closed_port().unwrap();
    let Some(portal) = portal_with(backend, |c| zalo_at(c, &format!("http://127.0.0.1:{port}"), "access-live")).await
    else {
        return;
    };
    let reference = pledge(&portal, by_phone("Hoàng Văn Lực", "0912 345 678", 300_000)).await;

    // Zalo is away: the pledge is taken, its notice waits with the reason.
    let waiting = notice_of(&portal, &reference, "queued").await;
    for _ in 0..100 {
        let (queued, _) = portal.store.notices(Some("queued"), 10, 0).await.unwrap();
        if queued.iter().any(|n| n.id == waiting.id && n.attempts >= 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (queued, _) = portal.store.notices(Some("queued"), 10, 0).await.unwrap();
    let waiting = queued.into_iter().find(|n| n.id == waiting.id).expect("still queued");
    assert!(waiting.attempts >= 1 && waiting.last_error.as_deref().is_some_and(|e| e.contains("Zalo")), "{waiting:?}");
    assert_eq!(waiting.channel.as_deref(), Some("zalo"), "it waits for Zalo");

    // Zalo comes back: the message goes once, with the notice's own tracking id.
    let zalo = FakeZalo::start_on(port, "access-live", "refresh-0").await.unwrap();
    let accepted = zalo.wait_for(1, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let accepted = if accepted.len() == 1 { zalo.accepted() } else { accepted };
    assert_eq!(accepted.len(), 1, "exactly one message: {accepted:?}");
    let message = &accepted[0];
    assert_eq!(message["phone"], "84912345678", "the number as Zalo takes it");
    assert_eq!(message["template_id"], ACK_TEMPLATE);
    assert_eq!(message["tracking_id"], format!("notice-{}-acknowledgement", waiting.id));
    let data = &message["template_data"];
    assert_eq!(data["reference"], reference.as_str());
    assert_eq!(data["name"], "Hoàng Văn Lực", "Zalo keeps the diacritics");
    assert_eq!(data["amount"], "300.000 ₫");
    assert!(data["link"].as_str().unwrap().ends_with(&format!("/pledge/{reference}")));

    let sent = notice_of(&portal, &reference, "sent").await;
    assert_eq!(sent.channel.as_deref(), Some("zalo"));
    assert_eq!(sent.provider_message_id.as_deref(), message["msg_id"].as_str());
}
tests::on_both_backends!(a_phone_only_pledge_reaches_zalo_after_an_outage_with_one_tracking_id);

async fn a_number_without_zalo_hears_by_sms_and_staff_see_how(backend: Backend) {
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    zalo.without_zalo("84987654321");
    let sms = FakeEsms::start().await.unwrap();
    let Some(portal) = portal_with(backend, |c| {
        zalo_at(c, &zalo.base, "access-live");
        sms_at(c, &sms);
    })
    .await
    else {
        return;
    };
    let reference = pledge(&portal, by_phone("Nguyễn Thị Ánh Dương", "+84 987 654 321", 500_000)).await;

    let delivered = sms.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let text = delivered[0]["Content"].as_str().unwrap();
    assert_eq!(delivered[0]["Phone"], "0987654321");
    assert_eq!(delivered[0]["Brandname"], phone_fakes::ESMS_BRANDNAME);
    assert_eq!(delivered[0]["IsUnicode"], "0");
    assert!(text.is_ascii() && text.chars().count() <= 306, "unaccented, two segments at most: {text}");
    assert!(text.starts_with("Cam on Nguyen Thi Anh Duong da dang ky ung ho 500.000 d"), "{text}");
    assert!(text.contains(&reference) && text.contains(&format!("/pledge/{reference}")), "{text}");
    assert_eq!(zalo.requests().len(), 1, "Zalo was asked once");
    assert!(zalo.accepted().is_empty(), "and said the number has no account");

    let sent = notice_of(&portal, &reference, "sent").await;
    assert_eq!(sent.channel.as_deref(), Some("sms"));
    assert_eq!(delivered[0]["RequestId"], format!("notice-{}-acknowledgement", sent.id));
    assert_eq!(sent.provider_message_id.as_deref(), delivered[0]["SMSID"].as_str());

    // The coordinator sees which channel it took and the gateway's id.
    let cookie = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let page = portal.get_with("/staff/notices", &[("cookie", &cookie)]).await.unwrap();
    let row = page.texts("tr.notice-sent .notice-channel").join(" | ");
    assert!(row.contains("Tin nhắn SMS") && row.contains(delivered[0]["SMSID"].as_str().unwrap()), "{row}");
}
tests::on_both_backends!(a_number_without_zalo_hears_by_sms_and_staff_see_how);

async fn an_expired_token_is_renewed_once_and_the_messages_go(backend: Backend) {
    // Zalo takes only the token it issues next; the portal holds the one that expired.
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    let Some(portal) = portal_with(backend, |c| {
        zalo_at(c, &zalo.base, "access-expired");
        c.phone.zns_app_id = Some(phone_fakes::ZALO_APP_ID.to_owned());
        c.phone.zns_secret_key = Some(phone_fakes::ZALO_SECRET_KEY.to_owned());
        c.phone.zns_refresh_token = Some("refresh-0".to_owned());
    })
    .await
    else {
        return;
    };
    // Zalo revoked the configured token; only a renewal brings the next one.
    let mut references = BTreeSet::new();
    for i in 0..3 {
        references
            .insert(pledge(&portal, by_phone(&format!("Người ủng hộ {i}"), &format!("09123450{i:02}"), 100_000)).await);
    }
    let accepted = zalo.wait_for(3, Duration::from_secs(30)).await;
    assert_eq!(accepted.len(), 3, "{accepted:?}");
    assert_eq!(zalo.renewals(), 1, "renewed once, not once per message");
    let requests = zalo.requests();
    let tokens: BTreeSet<&str> = requests.iter().filter_map(|r| r["access_token"].as_str()).collect();
    assert_eq!(tokens, BTreeSet::from(["access-expired", "access-renewed-1"]));
    // The renewed refresh token is kept for the next renewal (the first one is spent).
    let kept = portal.state.portal.provider_token("zalo").await.unwrap().unwrap();
    assert_eq!(kept.refresh_token.as_deref(), Some("refresh-renewed-1"));
    assert_eq!(kept.access_token.as_deref(), Some("access-renewed-1"));
    assert!(kept.expires_at.is_some_and(|at| at > time::OffsetDateTime::now_utc() + time::Duration::hours(24)));
    assert!(!format!("{kept:?}").contains("renewed-1"), "tokens never print");
    for reference in &references {
        assert_eq!(notice_of(&portal, reference, "sent").await.channel.as_deref(), Some("zalo"));
    }
}
tests::on_both_backends!(an_expired_token_is_renewed_once_and_the_messages_go);

async fn a_donor_who_chose_email_gets_nothing_on_the_phone(backend: Backend) {
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    let sms = FakeEsms::start().await.unwrap();
    let Some(portal) = portal_with(backend, |c| {
        zalo_at(c, &zalo.base, "access-live");
        sms_at(c, &sms);
    })
    .await
    else {
        return;
    };
    // Email and phone, no choice: email. Email and phone, Zalo chosen: Zalo.
    let both = json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Trần Minh", "email": "minh@example.vn",
        "phone": "0912 000 111", "amount": 200_000, "display": "named", "consent": true
    });
    let by_email = pledge(&portal, both.clone()).await;
    let mut chose_zalo = both.clone();
    chose_zalo["notice_channel"] = json!("zalo");
    chose_zalo["amount"] = json!(250_000);
    let by_zalo = pledge(&portal, chose_zalo).await;

    assert_eq!(notice_of(&portal, &by_email, "sent").await.channel.as_deref(), Some("email"));
    assert_eq!(notice_of(&portal, &by_zalo, "sent").await.channel.as_deref(), Some("zalo"));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let to_phone: Vec<Value> = zalo.requests();
    assert_eq!(to_phone.len(), 1, "{to_phone:?}");
    assert_eq!(to_phone[0]["template_data"]["reference"], by_zalo.as_str());
    assert!(sms.requests().is_empty());

    // A channel needs its contact detail: Zalo without a mobile number is refused, in words.
    let mut no_mobile = both.clone();
    no_mobile["phone"] = json!("");
    no_mobile["notice_channel"] = json!("zalo");
    let refused = portal.http.post(portal.url("/api/v1/pledges")).json(&no_mobile).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("phone") && body.contains("di động"), "{body}");
}
tests::on_both_backends!(a_donor_who_chose_email_gets_nothing_on_the_phone);

async fn a_graceful_restart_in_the_middle_of_sending_sends_nothing_twice(backend: Backend) {
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    zalo.answer_after(Duration::from_millis(400));
    let Some(portal) = portal_with(backend, |c| zalo_at(c, &zalo.base, "access-live")).await else { return };
    const N: usize = 5;
    for i in 0..N {
        pledge(&portal, by_phone(&format!("Nhà hảo tâm {i}"), &format!("09876500{i:02}"), 50_000)).await;
    }
    // The first message is on its way: the portal is asked to stop, finishes it, and starts again.
    for _ in 0..100 {
        if !zalo.requests().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!zalo.requests().is_empty());
    let portal = portal.restart().await.unwrap();

    let accepted = zalo.wait_for(N, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let accepted = if accepted.len() >= N { zalo.accepted() } else { accepted };
    let tracking: BTreeSet<&str> = accepted.iter().filter_map(|m| m["tracking_id"].as_str()).collect();
    assert_eq!((accepted.len(), tracking.len()), (N, N), "every notice once: {accepted:?}");
    let (sent, _) = portal.store.notices(Some("sent"), 100, 0).await.unwrap();
    assert_eq!(sent.len(), N);
    assert!(sent.iter().all(|n| n.attempts == 1), "released, not counted as tried: {sent:?}");
    portal.finish().await;
}
tests::on_both_backends!(a_graceful_restart_in_the_middle_of_sending_sends_nothing_twice);

async fn an_answer_lost_on_the_way_is_sent_again_with_the_same_identity(backend: Backend) {
    let sms = FakeEsms::start().await.unwrap();
    sms.lose_next_answer();
    let Some(portal) = portal_with(backend, |c| {
        sms_at(c, &sms);
    })
    .await
    else {
        return;
    };
    // The donor chose SMS; the gateway takes the message but its answer never arrives.
    let mut body = by_phone("Lò Văn Pả", "0358 111 222", 150_000);
    body["notice_channel"] = json!("sms");
    let reference = pledge(&portal, body).await;
    let sent = notice_of(&portal, &reference, "sent").await;
    let requests = sms.requests();
    assert_eq!(requests.len(), 2, "tried again: {requests:?}");
    assert_eq!(requests[0]["RequestId"], requests[1]["RequestId"], "with the same identity");
    assert_eq!(requests[0]["RequestId"], format!("notice-{}-acknowledgement", sent.id));
    assert_eq!(sms.delivered().len(), 1, "the gateway dropped the repeat: the donor got one message");
    assert_eq!(sent.channel.as_deref(), Some("sms"));
    assert_eq!(sent.attempts, 2);
}
tests::on_both_backends!(an_answer_lost_on_the_way_is_sent_again_with_the_same_identity);

/// The donor signed in on /me sees how they hear back and changes it; their next notices follow.
async fn a_donor_changes_how_they_hear_back_on_their_own_page(backend: Backend) {
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_with(backend, |c| {
        zalo_at(c, &zalo.base, "access-live");
        c.mail_url = sink.url();
    })
    .await
    else {
        return;
    };
    let both = json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Đinh Thị Hoa", "email": "hoa@example.vn",
        "phone": "0912 888 999", "amount": 120_000, "display": "named", "consent": true
    });
    let first = pledge(&portal, both.clone()).await;
    assert_eq!(notice_of(&portal, &first, "sent").await.channel.as_deref(), Some("email"));

    let donor_id = portal.store.notices(None, 10, 0).await.unwrap().0[0].donor_id;
    let link = crate::network::sign_in_link(&portal, &sink, "hoa@example.vn").await;
    let cookie = crate::network::use_link(&portal, &link).await.expect("signed in");
    let me = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(
        me.document()
            .select(&scraper::Selector::parse("input[name=notice_channel][checked]").unwrap())
            .filter_map(|i| i.value().attr("value"))
            .collect::<Vec<_>>(),
        vec!["email"],
        "/me shows the channel"
    );
    let saved = portal.post_form_as("/me/channel", &cookie, &[("notice_channel", "zalo")]).await.unwrap();
    assert_eq!(saved.status(), 303);
    let record = portal.state.portal.own_record(donor_id).await.unwrap().unwrap();
    assert_eq!(record.notice_channel, Some(NoticeChannel::Zalo));

    // A payment arrives for the first pledge: its receipt goes by Zalo now.
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    crate::network::confirm(&portal, &staff, &first).await;
    let accepted = zalo.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(accepted.len(), 1, "{accepted:?}");
    assert_eq!(accepted[0]["template_id"], "222222", "the receipt's template");
    assert_eq!(accepted[0]["template_data"]["received"], "120.000 ₫");
    assert_eq!(accepted[0]["phone"], "84912888999");
}
tests::on_both_backends!(a_donor_changes_how_they_hear_back_on_their_own_page);

/// Two `portal` processes on one PostgreSQL database meet an expired token together: one renews it
/// (the refresh token works once), the other waits for what it stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_renew_the_token_once_between_them() {
    let zalo = FakeZalo::start("access-live", "refresh-0").await.unwrap();
    zalo.answer_after(Duration::from_millis(50));
    let renewing = |c: &mut Config| {
        zalo_at(c, &zalo.base, "access-expired");
        c.phone.zns_app_id = Some(phone_fakes::ZALO_APP_ID.to_owned());
        c.phone.zns_secret_key = Some(phone_fakes::ZALO_SECRET_KEY.to_owned());
        c.phone.zns_refresh_token = Some("refresh-0".to_owned());
    };
    let Some(portal) = portal_with(Backend::Postgres, renewing).await else { return };
    let mut config = Config {
        database_url: portal.database_url(),
        site_root: tests::workspace_root().join("target/site"),
        mail_url: "log".to_owned(),
        ..Config::default()
    };
    renewing(&mut config);
    let second = web::prepare(&config).await.unwrap();
    // The lock itself: held by one process, refused to the other, lapsing if its holder dies.
    let now = time::OffsetDateTime::now_utc();
    let minute = time::Duration::minutes(1);
    assert!(portal.state.portal.lock_token_renewal("test", now, now + minute).await.unwrap().is_some());
    assert!(second.portal.lock_token_renewal("test", now, now + minute).await.unwrap().is_none());
    let later = now + minute + time::Duration::seconds(1);
    assert!(second.portal.lock_token_renewal("test", later, later + minute).await.unwrap().is_some());
    let (stop_second, second_worker) = web::workers::outbox::spawn(second);
    const N: usize = 12;
    for i in 0..N {
        pledge(&portal, by_phone(&format!("Nhà hảo tâm {i}"), &format!("09345600{i:02}"), 50_000)).await;
    }
    let accepted = zalo.wait_for(N, Duration::from_secs(30)).await;
    assert_eq!(accepted.len(), N, "{accepted:?}");
    assert_eq!(zalo.renewals(), 1, "one renewal between the two processes");
    let tracking: BTreeSet<&str> = accepted.iter().filter_map(|m| m["tracking_id"].as_str()).collect();
    assert_eq!(tracking.len(), N, "every notice once");
    let _ = stop_second.send(true);
    second_worker.await.unwrap();
}
