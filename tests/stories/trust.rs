//! Trust: a donor is never unmasked or impersonated, nothing typed becomes a script or a link, no
//! amount is misread, and a crowd — or an attacker — cannot wear the portal down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use domain::{NeedStatus, Role};
use serde_json::{Value, json};
use tests::mail_sink::MailSink;
use tests::{Backend, TestPortal, session_cookie};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::OPEN_CAMPAIGN as OPEN;
use crate::network::{confirm, mail_to, pledge, portal_mailing_to, post_form, sign_in_link, use_link};

fn the_line_of(ledger: &Value, amount: i64) -> Value {
    ledger["items"].as_array().unwrap().iter().find(|i| i["amount"] == amount).cloned().expect("the ledger line")
}

async fn a_receipt_is_the_donors_own_and_the_public_ledger_does_not_lead_to_it(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let (company, tax_code) = ("Công ty TNHH Kín Tiếng", "4600111222");
    let hidden = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "business", "name": company, "email": "ketoan@kintieng.vn",
        "tax_code": tax_code, "amount": 3_000_000, "display": "anonymous", "consent": true}),
    )
    .await;
    let named = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": "Nguyễn Thị Lan", "email": "lan@example.vn",
        "amount": 1_000_000, "display": "named", "consent": true}),
    )
    .await;
    confirm(&portal, &staff, &hidden).await;
    confirm(&portal, &staff, &named).await;

    // The open ledger: the anonymous gift's line carries neither a name nor its reference.
    let (_, ledger) = portal.json("/api/v1/ledger").await.unwrap();
    let line = the_line_of(&ledger, 3_000_000);
    assert!(line["donor"].is_null() && line["reference"].is_null(), "{line}");
    assert_eq!(
        the_line_of(&ledger, 1_000_000)["reference"],
        named,
        "a named donor's line keeps it (the check can fail)"
    );

    // Someone who has the reference anyway gets no name: the receipt asks for the donor's sign-in,
    // the server function refuses, the public lookup shows status and amount only.
    let receipt = portal.get(&format!("/pledge/{hidden}/receipt")).await.unwrap();
    assert_eq!(receipt.status, 403);
    assert!(!receipt.body.contains("Kín Tiếng") && !receipt.body.contains(tax_code), "the receipt unmasks");
    assert!(receipt.text(".sign-in-required").is_some());
    let called =
        portal.http.post(portal.url("/sf/receipt")).form(&[("reference", hidden.as_str())]).send().await.unwrap();
    assert_eq!(called.status(), 401, "answered as what it is, not as a server error");
    assert!(!called.text().await.unwrap().contains("Kín Tiếng"));
    let lookup = portal.get(&format!("/transparency?find={named}")).await.unwrap();
    assert!(!lookup.body.contains("Nguyễn Thị Lan"), "a reference is not a key to a name");
    assert_eq!(lookup.texts(".contribution-reference"), std::slice::from_ref(&named));

    // The donor signs in and has her receipt, name and tax code on it; another's is not hers.
    let cookie = use_link(&portal, &sign_in_link(&portal, &sink, "ketoan@kintieng.vn").await).await.unwrap();
    let own = portal.get_with(&format!("/pledge/{hidden}/receipt"), &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(own.text(".receipt-donor").unwrap(), company);
    assert_eq!(own.text(".receipt-tax-code").unwrap(), tax_code);
    assert_eq!(portal.get_with(&format!("/pledge/{named}/receipt"), &[("cookie", &cookie)]).await.unwrap().status, 404);
    // Staff who manage pledges see it too.
    let desk = portal.get_with(&format!("/pledge/{hidden}/receipt"), &[("cookie", &staff)]).await.unwrap();
    assert_eq!(desk.text(".receipt-donor").unwrap(), company);
    portal.finish().await;
}
tests::on_both_backends!(a_receipt_is_the_donors_own_and_the_public_ledger_does_not_lead_to_it);

async fn a_strangers_form_never_joins_changes_or_unlocks_a_donors_record(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = portal.store.clone();
    let year = domain::format::today().year();
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let (needs, _) = store
        .needs(&portal::store::NeedQuery { statuses: vec![NeedStatus::Published], limit: 1, ..Default::default() })
        .await
        .unwrap();
    let need = needs[0].id;
    // Lan gives anonymously and leaves her phone; a business gives with its (public) tax code.
    let lan = pledge(
        &portal,
        json!({"need": need, "donor_type": "individual", "name": "Trần Thị Lan", "email": "lan@example.vn",
        "phone": "0912 345 678", "amount": 2_000_000, "display": "anonymous", "consent": true}),
    )
    .await;
    let company = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "business", "name": "Công ty Cổ phần Hoa Sen",
        "email": "ketoan@hoasen.vn", "tax_code": "4600999888", "amount": 5_000_000, "display": "named", "consent": true}),
    )
    .await;
    confirm(&portal, &staff, &lan).await;
    confirm(&portal, &staff, &company).await;
    let lan_id = store.donor_by_email("lan@example.vn").await.unwrap().unwrap();
    let company_id = store.donor_by_email("ketoan@hoasen.vn").await.unwrap().unwrap();

    // A stranger who knows her number and the company's tax code pledges with them, under his own
    // address, asking to be named.
    let stranger = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "business", "name": "Kẻ Giả Danh", "email": "gia.danh@example.vn",
        "phone": "+84 912 345 678", "tax_code": "4600999888", "amount": 100_000, "display": "named", "consent": true}),
    )
    .await;
    let stranger_id = store.donor_by_email("gia.danh@example.vn").await.unwrap().unwrap();
    assert!(stranger_id != lan_id && stranger_id != company_id, "a record of his own");
    let record = store.donor_record(lan_id).await.unwrap().unwrap();
    assert_eq!((record.email.as_deref(), record.public_name), (Some("lan@example.vn"), false), "hers, unchanged");
    let company_record = store.donor_record(company_id).await.unwrap().unwrap();
    assert_eq!(company_record.email.as_deref(), Some("ketoan@hoasen.vn"));
    // Her gift is still anonymous in public.
    assert_eq!(portal.json("/api/v1/ledger?q=tran%20thi%20lan").await.unwrap().1["total"], 0);
    assert!(!portal.get(&format!("/campaigns/{OPEN}")).await.unwrap().body.contains("Trần Thị Lan"));

    // Signed in with his own address, he sees his own pledge and nothing of theirs.
    let cookie = use_link(&portal, &sign_in_link(&portal, &sink, "gia.danh@example.vn").await).await.unwrap();
    let own = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(own.texts(".own-pledge th a"), std::slice::from_ref(&stranger));
    let data = portal.http.get(portal.url("/me/data.json")).header("cookie", &cookie).send().await.unwrap();
    let data = data.text().await.unwrap();
    for theirs in [lan.as_str(), company.as_str(), "lan@example.vn", "ketoan@hoasen.vn", "Hoa Sen"] {
        assert!(!data.contains(theirs), "his data holds {theirs}");
    }
    // Someone with only a phone number is told they cannot sign in yet.
    assert!(portal.get("/me").await.unwrap().text(".phone-only").is_some());

    // Staff see the records that share a number as a suggestion, never joined by themselves.
    let page = portal.get_with(&format!("/staff/pledges/{lan}"), &[("cookie", &staff)]).await.unwrap();
    let suggested = page.texts(".duplicate");
    assert_eq!(suggested.len(), 1, "{suggested:?}");
    assert!(suggested[0].contains("Kẻ Giả Danh") && suggested[0].contains("số điện thoại"), "{suggested:?}");

    // Lan gives again from the public form without signing in: a record of its own, until the
    // coordinator, having checked it is her, merges it into hers — and her history follows.
    let again = pledge(
        &portal,
        json!({"need": need, "donor_type": "individual", "name": "Trần Thị Lan", "email": "lan@example.vn",
        "phone": "0912345678", "amount": 1_000_000, "display": "anonymous", "consent": true}),
    )
    .await;
    confirm(&portal, &staff, &again).await;
    let second_id = store.staff_pledge(&again).await.unwrap().unwrap().donor_id;
    assert_ne!(second_id, lan_id);
    let candidates = |min| {
        let store = store.clone();
        async move { store.recognition_candidates(i64::from(year), min).await.unwrap() }
    };
    assert!(!candidates(2_500_000).await.iter().any(|c| c.donor_id == lan_id), "each record alone is below");
    let donors_before = store.ledger_totals(Some(year)).await.unwrap().donors;
    let merged = post_form(
        &portal,
        &format!("/staff/donors/{second_id}/merge"),
        Some(&staff),
        &[("into", lan_id.to_string().as_str()), ("back", format!("/staff/pledges/{lan}").as_str())],
    )
    .await;
    assert_eq!(merged.status(), 303);
    assert_eq!(merged.headers()["location"], format!("/staff/pledges/{lan}"));
    assert_eq!(store.staff_pledge(&again).await.unwrap().unwrap().donor_id, lan_id, "the gift is on her record now");
    let candidate = candidates(2_500_000).await.into_iter().find(|c| c.donor_id == lan_id).expect("her year, merged");
    assert_eq!(candidate.confirmed, 3_000_000);
    assert_eq!(store.ledger_totals(Some(year)).await.unwrap().donors, donors_before - 1, "one donor, counted once");
    assert!(!store.donor_record(lan_id).await.unwrap().unwrap().public_name, "a merge never unmasks");
    assert!(store.donor_record(second_id).await.unwrap().is_none());

    // Applying to the network with the company's tax code does not touch the company's record.
    let commune = portal.state.portal.areas.communes().into_iter().next().unwrap();
    let applied = post_form(
        &portal,
        "/network/join",
        None,
        &[
            ("kind", "business"),
            ("name", "Hoa Sen (giả)"),
            ("tax_code", "4600999888"),
            ("contact_name", "Kẻ Giả Danh"),
            ("email", "gia.danh@example.vn"),
            ("description", "Đơn đăng ký thử mạo danh."),
            ("categories", "health"),
            ("communes", commune.code.as_str()),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(applied.status(), 303);
    let company_after = store.donor_record(company_id).await.unwrap().unwrap();
    assert_eq!(
        (company_after.email.as_deref(), company_after.membership.as_deref(), company_after.name.as_str()),
        (Some("ketoan@hoasen.vn"), None, "Công ty Cổ phần Hoa Sen")
    );
    let _ = session_cookie(&applied);
    portal.finish().await;
}
tests::on_both_backends!(a_strangers_form_never_joins_changes_or_unlocks_a_donors_record);

async fn only_approved_members_are_listed_offered_or_take_gifts_to_a_fund(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = portal.store.clone();
    // A record that calls itself a fund and has a profile address, but was never approved (as the
    // old `/me` choices could make one).
    portal
        .execute(
            "INSERT INTO donors (kind, name, slug, listed, public_name, created_at, updated_at, name_folded) \
             VALUES ('fund', 'Quỹ Tự Xưng', 'quy-tu-xung', 1, 1, '2026-01-01 00:00:00.0 +00:00:00', \
             '2026-01-01 00:00:00.0 +00:00:00', 'quy tu xung')",
            "INSERT INTO donors (kind, name, slug, listed, public_name, created_at, updated_at, name_folded) \
             VALUES ('fund', 'Quỹ Tự Xưng', 'quy-tu-xung', TRUE, TRUE, now(), now(), 'quy tu xung')",
        )
        .await
        .unwrap();
    portal.state.portal.changed();
    assert_eq!(portal.get("/network/quy-tu-xung").await.unwrap().status, 404);
    assert!(!portal.get("/network").await.unwrap().body.contains("Quỹ Tự Xưng"));
    assert_eq!(portal.get("/pledge?pool=quy-tu-xung").await.unwrap().status, 404, "no common fund to give to");
    let form = portal.get(&format!("/pledge?campaign={OPEN}")).await.unwrap();
    assert!(!form.attrs("#mobilised_by option", "value").contains(&"quy-tu-xung".to_owned()), "not offered");
    assert!(!store.network_members().await.unwrap().iter().any(|m| m.slug == "quy-tu-xung"));
    let refused = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({"campaign": OPEN, "donor_type": "individual", "name": "Đỗ Văn Tâm", "email": "tam@example.vn",
            "amount": 100_000, "display": "named", "mobilised_by": "quy-tu-xung", "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422, "an unapproved record mobilises nobody");

    // A donor asks to be listed from /me: an application, listed once a coordinator approves it.
    pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": "Hà Văn Tú", "email": "tu.ha@example.vn",
        "amount": 200_000, "display": "named", "consent": true}),
    )
    .await;
    let cookie = use_link(&portal, &sign_in_link(&portal, &sink, "tu.ha@example.vn").await).await.unwrap();
    post_form(&portal, "/me/choices", Some(&cookie), &[("display", "named"), ("listed", "yes")]).await;
    assert!(!portal.get("/network?kind=individual").await.unwrap().body.contains("Hà Văn Tú"));
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let waiting = portal.get_with("/staff/network", &[("cookie", &staff)]).await.unwrap();
    assert!(waiting.texts(".application-name").contains(&"Hà Văn Tú".to_owned()));
    let tu = store.donor_by_email("tu.ha@example.vn").await.unwrap().unwrap();
    post_form(&portal, &format!("/staff/network/applications/{tu}/approve"), Some(&staff), &[]).await;
    assert!(portal.get("/network?kind=individual").await.unwrap().body.contains("Hà Văn Tú"), "listed once approved");
    portal.finish().await;
}
tests::on_both_backends!(only_approved_members_are_listed_offered_or_take_gifts_to_a_fund);

/// The Content-Security-Policy's script hashes of a page.
fn script_hashes(page: &tests::Page) -> usize {
    page.header("content-security-policy").unwrap_or_default().matches("'sha256-").count()
}

async fn what_people_type_stays_text_in_titles_pages_and_notices(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = portal.store.clone();
    let title = "Áo ấm </title><script>alert(1)</script> cho em";
    let mut need = crate::open_demo_needs().remove(0);
    need.title = title.to_owned();
    need.status = NeedStatus::Published;
    let id = store.insert_need(&need).await.unwrap();
    portal.state.portal.changed();
    let page = portal.get(&format!("/needs/{id}")).await.unwrap();
    assert_eq!(page.status, 200);
    assert!(page.text("title").unwrap().starts_with(title), "shown as typed: {:?}", page.text("title"));
    assert!(!page.body.contains("<script>alert(1)") && !page.body.contains("<script>alert(2)"), "never markup");
    // In an attribute (the preview a shared link shows), quotes and tags stay text as well.
    portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let actor = store.staff_by_email("dieuphoi@soyte.gov.vn").await.unwrap().unwrap().id;
    let (mut campaign, _, _) = portal::demo::demo_campaigns(domain::format::today()).campaigns.remove(0);
    campaign.slug = "qua-tet-dac-biet".into();
    campaign.title = "Quà \"Tết\" /><script>alert(2)</script>".into();
    campaign.cover_image_id = None;
    campaign.need_ids = Vec::new();
    campaign.published = true;
    store.create_campaign(&campaign, actor).await.unwrap();
    portal.state.portal.changed();
    let shared = portal.get("/campaigns/qua-tet-dac-biet").await.unwrap();
    assert_eq!(shared.attrs("meta[property='og:title']", "content"), [campaign.title.clone()]);
    assert!(!shared.body.contains("<script>alert(2)"));
    assert_eq!(page.texts("script").iter().filter(|s| s.contains("alert")).count(), 0);
    let board = portal.get("/needs").await.unwrap();
    assert_eq!(script_hashes(&page), script_hashes(&board), "only the portal's own scripts are allowed");
    assert!(script_hashes(&board) >= 1);

    // A name written as a markdown link or picture reaches the mailbox as words.
    let tricky = "[Nhận quà tại đây](javascript:alert(1)) ![x](https://evil.example/p.png)";
    pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": tricky, "email": "nhanqua@example.vn",
        "amount": 100_000, "display": "anonymous", "consent": true}),
    )
    .await;
    let mail = mail_to(&sink, "nhanqua@example.vn", "Cảm ơn").await;
    let html = mail.parsed().body_html(0).unwrap().into_owned();
    assert!(!html.contains("href=\"javascript") && !html.contains("evil.example/p.png\""), "{html}");
    assert!(!html.contains("<img src=\"https"), "{html}");
    assert!(html.contains("[Nhận quà tại đây](javascript:alert(1))"), "shown as typed: {html}");
    portal.finish().await;
}
tests::on_both_backends!(what_people_type_stays_text_in_titles_pages_and_notices);

async fn typed_text_cannot_close_the_field_it_is_edited_in(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    // A commune officer's draft, opened by the coordinator who reviews it.
    let described =
        "Áo ấm cho em </textarea><form action=\"https://evil.example\"><button>Đăng nhập lại</button></form>";
    let mut need = crate::open_demo_needs().remove(0);
    need.description = described.to_owned();
    need.status = NeedStatus::Draft;
    let id = portal.store.insert_need(&need).await.unwrap();
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let editor = portal.get_with(&format!("/staff/needs/{id}/edit"), &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(editor.status, 200);
    assert_eq!(editor.text("#description").as_deref(), Some(described), "shown as typed, in its field");
    assert!(!editor.body.contains("</textarea><form"), "never a form of someone else's");
    assert_eq!(editor.attrs("form[action='https://evil.example']", "action").len(), 0);
}
tests::on_both_backends!(typed_text_cannot_close_the_field_it_is_edited_in);

async fn upload(portal: &TestPortal, cookie: &str, body: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .part("statement", reqwest::multipart::Part::bytes(body).file_name("sao-ke.csv").mime_str("text/csv").unwrap());
    portal.http.post(portal.url("/staff/reconcile")).header("cookie", cookie).multipart(form).send().await.unwrap()
}

async fn statement_amounts_are_read_to_the_dong_or_refused_with_their_line(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = portal.store.clone();
    let cookie = portal.staff_signed_in("ketoan@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let reference = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": "Lý Thị Mai", "email": "mai.ly@example.vn",
        "amount": 3_100_000, "display": "named", "consent": true}),
    )
    .await;
    // A statement in BIDV's layout, saved with Vietnamese settings: `;` between columns, `,` before
    // the decimals. Yesterday it was read a hundred times too large.
    let statement = format!(
        "NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM;;;;;\n\
         Ngày hiệu lực;Số tham chiếu;Ghi nợ;Ghi có;Số dư;Mô tả\n\
         28/11/2026;FT2633200001;;3.100.000,00;13.100.000,00;{} ung ho\n\
         29/11/2026;FT2633200002;200.000,00;;12.900.000,00;phi dich vu\n",
        reference.to_lowercase().replace('-', " ")
    );
    assert_eq!(upload(&portal, &cookie, statement.into_bytes()).await.status(), 303);
    assert_eq!(store.pledge(&reference).await.unwrap().unwrap().status, "confirmed");
    let entries = store.pledge_ledger(&reference).await.unwrap();
    assert_eq!(entries.iter().map(|e| e.amount).collect::<Vec<_>>(), [3_100_000], "to the đồng, never scaled");

    // An amount that is not whole đồng refuses the whole file and says where.
    let waiting = store.statement_review(100).await.unwrap().len();
    let bad = "Ngày giao dịch,Số tham chiếu,Số tiền ghi có,Nội dung chi tiết\n\
               30/11/2026,FT1,\"500,000\",ung ho\n30/11/2026,FT2,\"1,250.50\",ung ho\n";
    assert_eq!(upload(&portal, &cookie, bad.as_bytes().to_vec()).await.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &cookie)]).await.unwrap();
    let error = page.text(".import-error").unwrap();
    assert!(error.starts_with("Dòng 3: số tiền \"1,250.50\" không phải số đồng chẵn"), "{error}");
    assert_eq!(store.statement_review(100).await.unwrap().len(), waiting, "nothing stored");

    // A file over the limit is named as too large, not as missing.
    let huge = vec![b'x'; 9 * 1024 * 1024];
    assert_eq!(upload(&portal, &cookie, huge).await.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".import-error").unwrap().contains("lớn hơn 8 MB"), "{:?}", page.text(".import-error"));
    portal.finish().await;
}
tests::on_both_backends!(statement_amounts_are_read_to_the_dong_or_refused_with_their_line);

async fn an_unpaid_promise_covers_a_need_for_its_share_and_for_a_month(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = portal.store.clone();
    let open = crate::open_demo_needs();
    let (needs, _) = store
        .needs(&portal::store::NeedQuery { statuses: vec![NeedStatus::Published], limit: 50, ..Default::default() })
        .await
        .unwrap();
    let need = needs.iter().find(|n| n.pledged == 0 && open.iter().any(|o| o.title == n.title)).unwrap().clone();
    let give = |amount: i64| {
        let portal = &portal;
        async move {
            portal
                .http
                .post(portal.url("/api/v1/pledges"))
                .json(&json!({"need": need.id, "donor_type": "individual", "name": "Vương Văn Hứa",
                    "email": "hua@example.vn", "amount": amount, "display": "anonymous", "consent": true}))
                .send()
                .await
                .unwrap()
        }
    };
    // A hundred billion is refused, with what to do instead.
    let refused = give(100_000_000_000).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert!(body["fields"]["amount"].as_str().unwrap().contains("liên hệ"), "{body}");
    assert_eq!(store.need(need.id).await.unwrap().unwrap().pledged, 0, "nothing stored");

    // A promise at the ceiling covers the need, for what the need lacked.
    let promise: Value = give(2_000_000_000).await.json().await.unwrap();
    let promise = promise["reference"].as_str().unwrap().to_owned();
    assert_eq!(store.need(need.id).await.unwrap().unwrap().status, NeedStatus::Covered);
    let status = |store: std::sync::Arc<dyn portal::store::Store>| async move {
        store.need(need.id).await.unwrap().unwrap().status
    };

    // Unpaid a month later, it covers nothing: the need is open to donors again.
    portal.backdate("pledges", 31).await.unwrap();
    let moved = portal.state.portal.sweep_stale_pledges(time::OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(moved, 1);
    assert_eq!(status(store.clone()).await, NeedStatus::Published);
    assert!(portal.get("/needs").await.unwrap().body.contains(&need.title), "on the board again");
    // A smaller new gift covers only its own share.
    let small = give(need.total / 2).await;
    assert_eq!(small.status(), 201);
    assert_eq!(status(store.clone()).await, NeedStatus::Published);

    // Paid after all, the promise counts again.
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    confirm(&portal, &staff, &promise).await;
    assert_eq!(status(store.clone()).await, NeedStatus::Covered);
    portal.finish().await;
}
tests::on_both_backends!(an_unpaid_promise_covers_a_need_for_its_share_and_for_a_month);

/// Sends the same form `count` times at once; answers where each answer sent the browser.
async fn at_once(
    portal: &TestPortal,
    path: &str,
    cookie: Option<&str>,
    fields: Vec<(String, String)>,
    count: usize,
) -> Vec<String> {
    let mut sent = tokio::task::JoinSet::new();
    for _ in 0..count {
        let mut request = portal.http.post(portal.url(path)).form(&fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        sent.spawn(async move {
            request.send().await.map(|r| r.headers().get("location").map(|l| l.to_str().unwrap_or("").to_owned()))
        });
    }
    let mut locations = Vec::new();
    while let Some(answer) = sent.join_next().await {
        locations.push(answer.unwrap().unwrap().unwrap_or_default());
    }
    locations
}

async fn parallel_guesses_are_each_counted_before_they_are_checked(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    let store = portal.store.clone();
    let email = "canbo@xa.gov.vn";
    store
        .create_staff(
            &portal::store::NewStaff {
                email: email.into(),
                display_name: "Cán bộ xã".into(),
                password_hash: portal::passwords::hash(TestPortal::STAFF_PASSWORD.into()).await.unwrap(),
                role: Role::AreaOfficer,
                communes: vec![portal.state.portal.areas.communes()[0].code.clone()],
            },
            None,
        )
        .await
        .unwrap();
    let guess = vec![("email".to_owned(), email.to_owned()), ("password".to_owned(), "đoán bừa mật khẩu".to_owned())];
    let answers = at_once(&portal, "/staff/login", None, guess, 40).await;
    let wrong = answers.iter().filter(|l| l.contains("error=invalid")).count();
    let throttled = answers.iter().filter(|l| l.contains("error=throttled")).count();
    assert_eq!((wrong, throttled), (5, 35), "five guesses checked, the rest refused: {answers:?}");
    // Even the right password waits out the window now.
    let right =
        post_form(&portal, "/staff/login", None, &[("email", email), ("password", TestPortal::STAFF_PASSWORD)]).await;
    assert!(right.headers()["location"].to_str().unwrap().contains("error=throttled"));

    // The second factor's codes are counted the same way.
    let coordinator = "dieuphoi@soyte.gov.vn";
    portal.staff_signed_in(coordinator, Role::Coordinator, &[]).await.unwrap();
    let first =
        post_form(&portal, "/staff/login", None, &[("email", coordinator), ("password", TestPortal::STAFF_PASSWORD)])
            .await;
    assert_eq!(first.headers()["location"], "/staff/login/code");
    let pending = session_cookie(&first).unwrap();
    let codes = at_once(&portal, "/staff/login/code", Some(&pending), vec![("code".into(), "000000".into())], 20).await;
    let wrong = codes.iter().filter(|l| l.contains("error=invalid")).count();
    assert_eq!(wrong, 5, "five codes checked: {codes:?}");
    assert_eq!(codes.iter().filter(|l| l.contains("error=throttled")).count(), 15, "{codes:?}");

    // A password link is checked before any hashing, and its attempts are counted too.
    assert_eq!(
        post_form(
            &portal,
            "/staff/welcome/0000",
            None,
            &[("new", "mật khẩu mới đủ dài"), ("confirm", "mật khẩu mới đủ dài")]
        )
        .await
        .headers()["location"],
        "/staff/welcome/0000",
        "an unknown link is sent back to its page"
    );
    let (token, hash) = portal::accounts::new_link_token();
    store
        .invite_staff(
            &portal::store::NewStaff {
                email: "moi@soyte.gov.vn".into(),
                display_name: "Cán bộ mới".into(),
                password_hash: String::new(),
                role: Role::Coordinator,
                communes: Vec::new(),
            },
            &portal::store::StaffToken {
                token_hash: hash,
                staff_id: 0,
                kind: "invite",
                expires_at: time::OffsetDateTime::now_utc() + time::Duration::days(1),
            },
            store.staff_by_email(coordinator).await.unwrap().unwrap().id,
        )
        .await
        .unwrap();
    let link = format!("/staff/welcome/{token}");
    let mismatched =
        vec![("new".to_owned(), "mật khẩu mới đủ dài".to_owned()), ("confirm".to_owned(), "khác".to_owned())];
    for _ in 0..5 {
        at_once(&portal, &link, None, mismatched.clone(), 1).await;
    }
    let sixth = post_form(&portal, &link, None, &[("new", "mật khẩu mới đủ dài"), ("confirm", "khác")]).await;
    let page = portal.get_with(&link, &[("cookie", &session_cookie(&sixth).unwrap())]).await.unwrap();
    assert!(page.body.contains("Xin thử lại sau 15 phút"), "{:?}", page.texts(".field-error"));
    portal.finish().await;
}
tests::on_both_backends!(parallel_guesses_are_each_counted_before_they_are_checked);

async fn made_up_addresses_cannot_push_the_crowds_page_out(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let page = format!("/campaigns/{OPEN}");
    assert_eq!(portal.get(&page).await.unwrap().status, 200);
    let cache = portal.state.page_cache.clone();
    assert!(cache.holds(domain::i18n::Lang::Vi, &page));
    for i in 0..200 {
        let flooded = portal.get(&format!("{page}?utm_source=z{i}&fbclid={i}")).await.unwrap();
        assert_eq!(flooded.status, 200);
    }
    assert!(cache.holds(domain::i18n::Lang::Vi, &page), "still kept");
    assert_eq!(cache.len(), 1, "the flood is the one page it stands for");
    // Filters the board reads are kept apart; made-up ones are not.
    portal.get("/needs?category=health&utm=1").await.unwrap();
    assert!(cache.holds(domain::i18n::Lang::Vi, "/needs?category=health"));
    // An encoding refused with q=0, however written, is not sent.
    let plain = portal.get_with(&page, &[("accept-encoding", "br;q=0, gzip;q=0.000, identity")]).await.unwrap();
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.body.contains("<html"));
    portal.finish().await;
}
tests::on_both_backends!(made_up_addresses_cannot_push_the_crowds_page_out);

async fn read_until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<Duration> {
    let started = std::time::Instant::now();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < within {
        let read = tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buffer)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            return Some(started.elapsed());
        }
    }
    None
}

async fn slow_and_idle_connections_are_let_go_and_crowds_wait_their_turn(backend: Backend) {
    let Some(portal) = TestPortal::start_with(backend, |c| {
        c.header_timeout_seconds = 1;
        c.idle_timeout_seconds = 2;
        c.max_connections = 16;
    })
    .await
    .unwrap() else {
        return;
    };
    let address = portal.base.trim_start_matches("http://").to_owned();
    // A client that trickles its request's head is let go after the head's time.
    let mut trickle = tokio::net::TcpStream::connect(&address).await.unwrap();
    trickle.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n").await.unwrap();
    let writer = tokio::spawn(async move {
        for _ in 0..20 {
            if trickle.write_all(b"X").await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        false
    });
    assert!(writer.await.unwrap(), "the trickling client was disconnected");

    // A kept-alive connection is closed once it has waited the idle time, and not before.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 256];
    let read = idle.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"));
    let closed = read_until_closed(&mut idle, Duration::from_secs(6)).await.expect("closed when idle");
    assert!(closed >= Duration::from_millis(1500), "kept for the idle time: {closed:?}");

    // Sixteen connections at once: a seventeenth waits until one of them ends.
    let mut held = Vec::new();
    for _ in 0..16 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n").await.unwrap();
        let read = stream.read(&mut answer).await.unwrap();
        assert!(read > 0);
        held.push(stream);
    }
    let mut waiting = tokio::net::TcpStream::connect(&address).await.unwrap();
    waiting.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n").await.unwrap();
    let early = tokio::time::timeout(Duration::from_millis(500), waiting.read(&mut answer)).await;
    assert!(early.is_err(), "not served while sixteen are");
    held.pop();
    let read = tokio::time::timeout(Duration::from_secs(5), waiting.read(&mut answer)).await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"), "served once one ended");
    drop(held);
    portal.finish().await;
}
tests::on_both_backends!(slow_and_idle_connections_are_let_go_and_crowds_wait_their_turn);

async fn the_smaller_doors_are_shut(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    // A server function asked for without a sign-in says so, as a 401, not as a server error.
    let called = portal.http.post(portal.url("/sf/staff_pledges")).form(&[("q", "")]).send().await.unwrap();
    assert_eq!(called.status(), 401);
    // A form posted from another site is refused whatever Host it names.
    let host = portal.base.trim_start_matches("http://").to_owned();
    for (origin, host) in [("http://evil.example", "evil.example"), (&*format!("https://{host}"), &*host)] {
        let forged = portal
            .http
            .post(portal.url("/pledge"))
            .header("origin", origin)
            .header("host", host)
            .form(&[("campaign", OPEN)])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "{origin} with Host {host}: the Host a client writes proves nothing");
    }
    // A commune officer may not save a campaign: refused before any picture is read.
    let officer = portal
        .staff_signed_in("canbo@xa.gov.vn", Role::AreaOfficer, &[&portal.state.portal.areas.communes()[0].code])
        .await
        .unwrap();
    let form = reqwest::multipart::Form::new().text("title", "x").part(
        "cover",
        reqwest::multipart::Part::bytes(vec![0xFF, 0xD8, 0xFF, 0xE0])
            .file_name("a.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let saved = portal
        .http
        .post(portal.url("/staff/campaigns"))
        .header("cookie", &officer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 403);
    // The icon is kept a day (it is served from the built site, which the test command builds first).
    if tests::workspace_root().join("target/site/favicon.svg").is_file() {
        let icon = portal.get("/favicon.svg").await.unwrap();
        assert_eq!(icon.status, 200);
        assert_eq!(icon.header("cache-control").as_deref(), Some("public, max-age=86400"));
    }
    portal.finish().await;
}
tests::on_both_backends!(the_smaller_doors_are_shut);
