//! The donor digest: network members hear every few weeks of the new needs in the kinds of support
//! and communes they care about, and of what their gifts achieved — never an empty letter — and
//! one click stops it at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use domain::{Category, NeedStatus, NoticeKind, Role};
use portal::store::NewNeed;
use serde_json::json;
use tests::mail_sink::{MailSink, Received};
use tests::{Backend, TestPortal};

use crate::network::{body, pledge, portal_mailing_to, post_form, sign_in_link, use_link};

/// A member joins with the kinds of support and the commune it cares about, and is approved.
async fn member(
    portal: &TestPortal,
    coordinator: &str,
    (name, tax_code): (&str, &str),
    email: &str,
    category: &str,
    commune: &str,
) -> i64 {
    let application = [
        ("kind", "business"),
        ("name", name),
        ("tax_code", tax_code),
        ("contact_name", "Người liên hệ"),
        ("email", email),
        ("description", "Doanh nghiệp muốn đồng hành cùng trẻ em vùng cao."),
        ("categories", category),
        ("communes", commune),
        ("consent", "yes"),
    ];
    assert_eq!(post_form(portal, "/network/join", None, &application).await.status(), 303);
    let donor_id = portal.store.donor_by_email(email).await.unwrap().unwrap();
    let approved =
        post_form(portal, &format!("/staff/network/applications/{donor_id}/approve"), Some(coordinator), &[]).await;
    assert_eq!(approved.status(), 303);
    donor_id
}

async fn new_need(portal: &TestPortal, title: &str, category: Category, commune: &str) -> i64 {
    let today = domain::format::today();
    portal
        .store
        .insert_need(&NewNeed {
            commune_code: commune.to_owned(),
            site: None,
            category,
            title: title.to_owned(),
            description: "Nhu cầu mới của điểm trường.".to_owned(),
            children: 60,
            quantity: 60,
            unit: "suất".to_owned(),
            unit_cost: 150_000,
            period_start: today,
            period_end: today + time::Duration::days(180),
            status: NeedStatus::Published,
            demo: false,
        })
        .await
        .unwrap()
}

/// The digests waiting in the outbox, by donor.
async fn queued_digests(portal: &TestPortal) -> Vec<i64> {
    let (notices, _) = portal.store.notices(Some("queued"), 200, 0).await.unwrap();
    notices.into_iter().filter(|n| n.kind == NoticeKind::Digest).map(|n| n.donor_id).collect()
}

async fn digest_to(sink: &MailSink, email: &str) -> Received {
    for _ in 0..100 {
        if let Some(mail) = sink
            .messages()
            .into_iter()
            .find(|m| m.to.iter().any(|t| t == email) && m.parsed().subject().is_some_and(|s| s.starts_with("Bản tin")))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no digest reached {email}");
}

fn header(mail: &Received, name: &str) -> Option<String> {
    let prefix = format!("{name}: ");
    mail.raw().lines().find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
}

async fn members_hear_of_what_is_new_for_them_once_a_period_and_can_stop(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let service = &portal.state.portal;
    let communes = service.areas.communes();
    let (here, there) = (communes[0].code.clone(), communes[1].code.clone());
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let son =
        member(&portal, &coordinator, ("Công ty Hoàng Sơn", "4600123456"), "lienhe@hoangson.vn", "warm_clothes", &here)
            .await;
    let an =
        member(&portal, &coordinator, ("Nhà sách Bình An", "4600654321"), "binhan@example.vn", "health", &there).await;
    // A donor who gave once and never asked for news.
    let (_, needs) = portal.json("/api/v1/needs").await.unwrap();
    pledge(
        &portal,
        json!({"need": needs["items"][0]["id"], "donor_type": "individual", "name": "Lò Văn Pản",
               "email": "pan@example.vn", "amount": 200_000, "display": "named", "consent": true}),
    )
    .await;

    let coats = new_need(&portal, "Áo ấm cho 60 em điểm trường Nà Mòn", Category::WarmClothes, &here).await;
    let checkups = new_need(&portal, "Khám sức khỏe cho 60 em Bình An", Category::Health, &there).await;
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(service.queue_digests(now, 30).await.unwrap(), 2, "the two members");
    assert_eq!(service.queue_digests(now, 30).await.unwrap(), 0, "once a period");

    // Each member hears of the need in their kind and commune, not of the other's.
    let to_son = digest_to(&sink, "lienhe@hoangson.vn").await;
    let text = body(&to_son);
    assert!(text.contains("Áo ấm cho 60 em điểm trường Nà Mòn") && text.contains(&format!("/needs/{coats}")), "{text}");
    assert!(!text.contains("Khám sức khỏe cho 60 em Bình An"), "{text}");
    let to_an = body(&digest_to(&sink, "binhan@example.vn").await);
    assert!(to_an.contains(&format!("/needs/{checkups}")) && !to_an.contains(&format!("/needs/{coats}")), "{to_an}");
    assert!(
        !sink.messages().iter().any(|m| m.to.iter().any(|t| t == "pan@example.vn")
            && m.parsed().subject().is_some_and(|s| s.starts_with("Bản tin"))),
        "not asked, not sent"
    );

    // One click in the mail program: the headers say where, the link is in the text too.
    let unsubscribe = header(&to_son, "List-Unsubscribe").expect("a List-Unsubscribe header");
    assert_eq!(header(&to_son, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>').to_owned();
    assert!(text.contains(&url), "the same link in the letter");
    let path = url.split_once("/digest/").map(|(_, rest)| format!("/digest/{rest}")).unwrap();

    // A month on, nothing new: no letter.
    let month = now + time::Duration::days(31);
    assert_eq!(service.queue_digests(month, 30).await.unwrap(), 0, "never an empty digest");

    // Something new for the warm-clothes member, and a gift of theirs handed over.
    let more_coats = new_need(&portal, "Chăn ấm cho bán trú Nà Mòn", Category::WarmClothes, &here).await;
    // Two gifts of theirs to one need, both handed over: two gifts, the need's 60 children once.
    let act = |path: String, fields: Vec<(&'static str, String)>| {
        let (portal, coordinator) = (&portal, coordinator.clone());
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(portal.post_form_as(&path, &coordinator, &fields).await.unwrap().status(), 303);
        }
    };
    let mut gifts = Vec::new();
    for amount in [9_000_000, 3_000_000] {
        let given = pledge(
            &portal,
            json!({"need": more_coats, "donor_type": "business", "name": "Công ty Hoàng Sơn",
                   "tax_code": "4600123456", "email": "lienhe@hoangson.vn", "amount": amount,
                   "display": "named", "consent": true}),
        )
        .await;
        act(
            format!("/staff/pledges/{given}/confirm"),
            vec![("evidence_kind", "receipt".into()), ("evidence", format!("PT-{amount}"))],
        )
        .await;
        act(
            format!("/staff/pledges/{given}/deliver"),
            vec![
                ("delivered_on", domain::format::date(domain::format::today())),
                ("children", "60".into()),
                ("delivered_by", "Hội Chữ thập đỏ tỉnh".into()),
                ("received_by", "Điểm trường Nà Mòn".into()),
            ],
        )
        .await;
        gifts.push(given);
    }
    let given = gifts.remove(0);
    // A campaign for that need, drafted long ago and published today, is news too.
    let actor = portal.store.staff_by_email("dieuphoi@soyte.gov.vn").await.unwrap().unwrap().id;
    let today = domain::format::today();
    let (mut drive, _, _) = portal::demo::demo_campaigns(today).campaigns.remove(0);
    drive.slug = "chan-am-na-mon".into();
    drive.title = "Chăn ấm cho Nà Mòn".into();
    drive.cover_image_id = None;
    drive.need_ids = vec![more_coats];
    drive.opens_on = today;
    drive.closes_on = today + time::Duration::days(40);
    drive.published = false;
    let drive_id = portal.store.create_campaign(&drive, actor).await.unwrap();
    portal.backdate("campaigns", 60).await.unwrap();
    drive.published = true;
    portal.store.update_campaign(drive_id, &drive, actor).await.unwrap();
    assert_eq!(service.queue_digests(month, 30).await.unwrap(), 1, "only the member with news");
    let holding = portal.columns_holding("chan-am-na-mon").await.unwrap();
    assert!(holding.iter().any(|c| c == "notices.content"), "the campaign is in the digest: {holding:?}");
    let counted = portal.columns_holding("\"deliveries\":2,\"children\":60").await.unwrap();
    assert!(counted.iter().any(|c| c == "notices.content"), "two gifts handed over, 60 children: {counted:?}");
    assert_eq!(queued_digests(&portal).await, [son]);

    // The member's mail program sends the one click (multipart, as RFC 8058 prefers): honoured at
    // once — the digest waiting is dropped, and no more come.
    let boundary = "----portal-digest";
    let one_click = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--{boundary}--\r\n"
    );
    let answer = portal
        .http
        .post(portal.url(&path))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(one_click)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(queued_digests(&portal).await.is_empty(), "the waiting digest is dropped");
    new_need(&portal, "Mũ len cho Nà Mòn", Category::WarmClothes, &here).await;
    new_need(&portal, "Khám mắt cho Bình An", Category::Health, &there).await;
    let later = month + time::Duration::days(31);
    assert_eq!(service.queue_digests(later, 30).await.unwrap(), 1);
    assert_eq!(queued_digests(&portal).await, [an], "the other member still hears");

    // The coordinator merges the member's record into the record its gift made (same address): the
    // choice and the links go with it.
    let other = portal.store.staff_pledge(&given).await.unwrap().unwrap().donor_id;
    assert_ne!(other, son);
    let merged =
        post_form(&portal, &format!("/staff/donors/{son}/merge"), Some(&coordinator), &[("into", &other.to_string())])
            .await;
    assert_eq!(merged.status(), 303);
    assert!(portal.store.donor_record(son).await.unwrap().is_none(), "merged");
    assert!(!service.digest_wanted(other).await.unwrap(), "the merged record keeps the no");

    // Opening the link changes nothing by itself; a made-up token is told so.
    let page = portal.get(&path).await.unwrap();
    assert_eq!(page.status, 200);
    assert!(page.text("form button").is_some());
    let made_up = post_form(&portal, &format!("/digest/unsubscribe/{}", "0".repeat(64)), None, &[]).await;
    assert!(made_up.headers()["location"].to_str().unwrap().ends_with("?unknown=1"));

    // The member's own page shows the choice, and takes it back.
    let link = sign_in_link(&portal, &sink, "lienhe@hoangson.vn").await;
    let cookie = use_link(&portal, &link).await.expect("signed in");
    let me = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(me.attrs("input[name=digest][checked]", "value"), ["no"]);
    assert_eq!(post_form(&portal, "/me/digest", Some(&cookie), &[("digest", "yes")]).await.status(), 303);
    let me = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(me.attrs("input[name=digest][checked]", "value"), ["yes"]);
    assert!(service.digest_wanted(other).await.unwrap());
}
tests::on_both_backends!(members_hear_of_what_is_new_for_them_once_a_period_and_can_stop);
