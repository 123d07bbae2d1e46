//! A donor finds a campaign, pledges, and the campaign's and the need's totals grow by exactly that
//! amount; a closed campaign refuses; a coordinator's story never carries scripts to the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Role;
use portal::store::NeedQuery;
use tests::{Backend, TestPortal};

use crate::OPEN_CAMPAIGN as OPEN;
use crate::started;
const CLOSED: &str = "kham-mat-cap-kinh-hoc-sinh-2026";

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

async fn pledged_to(portal: &TestPortal, slug: &str) -> (i64, Vec<(i64, i64)>) {
    let store = &portal.store;
    let campaign = store.campaign(slug).await.unwrap().expect("the demo campaign");
    let mut needs = Vec::new();
    for id in &campaign.need_ids {
        needs.push((*id, store.need(*id).await.unwrap().unwrap().pledged));
    }
    (campaign.pledged, needs)
}

async fn a_donor_opens_a_campaign_pledges_and_the_totals_grow_by_that_amount(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    // The home page invites to the campaigns receiving now, not to the closed one.
    let home = portal.get("/").await.unwrap();
    let invited = home.attrs(".campaign-card h2 a", "href");
    assert!(invited.contains(&format!("/campaigns/{OPEN}")), "{invited:?}");
    assert!(!invited.contains(&format!("/campaigns/{CLOSED}")), "{invited:?}");

    // The list and the page: story, progress, account, share links and link-preview tags.
    let list = portal.get("/campaigns").await.unwrap();
    assert_eq!(list.status, 200);
    assert!(list.attrs(".campaign-card h2 a", "href").contains(&format!("/campaigns/{OPEN}")));
    let page = portal.get(&format!("/campaigns/{OPEN}")).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.attrs("meta[property='og:title']", "content"), vec!["Áo ấm cho em vùng cao — mùa đông 2026"]);
    let preview = page.attrs("meta[property='og:image']", "content").pop().expect("a link preview picture");
    assert!(preview.starts_with("http") && preview.contains(&format!("/campaigns/{OPEN}/share.png?v=")), "{preview}");
    assert_eq!(page.attrs("meta[property='og:image:width']", "content"), vec!["1200"]);
    let image = page.attrs(".campaign-cover", "src").pop().expect("the cover");
    assert!(page.text(".story h2").is_some(), "the markdown story is rendered");
    assert!(page.attrs(".share-links a", "href").iter().any(|h| h.starts_with("https://sp.zalo.me/")));
    assert_eq!(page.texts(".need-list li").len(), 3, "the three linked needs, with their own progress");
    let cover = portal
        .http
        .get(portal.url(image.split_once("/media/").map(|(_, f)| format!("/media/{f}")).unwrap().as_str()))
        .send()
        .await
        .unwrap();
    assert_eq!(cover.headers()["content-type"], "image/jpeg");
    assert!(cover.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let decoded = image::load_from_memory(&cover.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 630));
    let pledged_before = page.text(".campaign-pledged").unwrap();
    assert_eq!(
        page.text(".campaign-first-gift").as_deref(),
        Some("Chiến dịch vừa bắt đầu. Mời Quý vị là người đầu tiên chung tay cùng các em."),
        "no one has given yet: an invitation, not an empty bar"
    );

    // The form: the campaign's needs to choose from, and network members who mobilise donors.
    let (campaign_before, needs_before) = pledged_to(&portal, OPEN).await;
    let form = portal.get(&format!("/pledge?campaign={OPEN}")).await.unwrap();
    assert_eq!(form.status, 200);
    assert_eq!(form.attrs("input[name=campaign]", "value"), vec![OPEN]);
    let token = form.attrs("input[name=token]", "value").pop().unwrap();
    let need = form.attrs("select[name=need] option", "value").into_iter().find(|v| !v.is_empty()).unwrap();
    assert!(form.attrs("select[name=mobilised_by] option", "value").contains(&"tinh-doan".to_owned()));
    let fields = [
        ("campaign", OPEN),
        ("need", need.as_str()),
        ("token", token.as_str()),
        ("donor_type", "business"),
        ("name", "Công ty TNHH Thương mại Hoàng Long"),
        ("email", "ketoan@hoanglong.vn"),
        ("tax_code", "4601234567"),
        ("mobilised_by", "tinh-doan"),
        ("kind", "money"),
        ("amount", "2,5tr"),
        ("display", "named"),
        ("consent", "yes"),
    ];
    let sent = portal.http.post(portal.url("/pledge")).form(&fields).send().await.unwrap();
    assert_eq!(sent.status(), 303);
    let thanks_path = location(&sent);
    assert!(thanks_path.starts_with("/pledge/"), "{thanks_path}");
    // A double click sends the same form again: still one pledge.
    let again = portal.http.post(portal.url("/pledge")).form(&fields).send().await.unwrap();
    assert_eq!(location(&again), thanks_path);

    let (campaign_after, needs_after) = pledged_to(&portal, OPEN).await;
    assert_eq!(campaign_after - campaign_before, 2_500_000);
    let need_id: i64 = need.parse().unwrap();
    for ((id, before), (_, after)) in needs_before.iter().zip(&needs_after) {
        assert_eq!(after - before, if *id == need_id { 2_500_000 } else { 0 }, "need {id}");
    }

    // The thank-you page: the campaign's own account in the VietQR code, a PNG to save.
    let thanks = portal.get(&thanks_path).await.unwrap();
    let reference = thanks.text(".pledge-reference").unwrap();
    let payload = thanks.attrs(".vietqr", "data-payload").pop().unwrap();
    let decoded = domain::vietqr::decode(&payload).expect("a valid VietQR payload");
    assert_eq!(decoded.bin, "970436");
    assert_eq!(decoded.account, "0000000000000");
    assert_eq!(decoded.amount, Some(2_500_000));
    assert_eq!(decoded.purpose.as_deref(), Some(reference.as_str()));
    assert_eq!(
        thanks.attrs("button.copy-button", "data-copy"),
        vec!["Vietcombank", "0000000000000", "2500000", reference.as_str()]
    );
    let png = portal.http.get(portal.url(&format!("{thanks_path}/qr.png"))).send().await.unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert!(png.headers()["content-disposition"].to_str().unwrap().contains(&reference));
    assert!(image::load_from_memory(&png.bytes().await.unwrap()).is_ok());

    // The public page shows the new total and the named supporter at once.
    let page = portal.get(&format!("/campaigns/{OPEN}")).await.unwrap();
    assert_ne!(page.text(".campaign-pledged").unwrap(), pledged_before);
    assert_eq!(page.text(".campaign-pledged").unwrap(), domain::format::vnd(campaign_after));
    assert!(page.texts(".supporter-name").contains(&"Công ty TNHH Thương mại Hoàng Long".to_owned()));
    let goal = portal.store.campaign(OPEN).await.unwrap().unwrap().goal;
    assert_eq!(
        page.text(".campaign-headline").unwrap(),
        format!("{}% mục tiêu · 1 lượt ủng hộ", domain::percent(campaign_after, goal)),
        "the share of the goal and how many gave"
    );
    assert_eq!(page.count(".campaign-first-gift"), 0);
}
tests::on_both_backends!(a_donor_opens_a_campaign_pledges_and_the_totals_grow_by_that_amount);

async fn a_closed_campaign_refuses_pledges_with_a_clear_message(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let (before, _) = pledged_to(&portal, CLOSED).await;

    let page = portal.get(&format!("/campaigns/{CLOSED}")).await.unwrap();
    assert!(page.attrs("a.button", "href").iter().all(|h| !h.starts_with("/pledge")), "no pledge button");
    assert_eq!(page.count(".receiving-account"), 0, "no account to transfer to, as if it still received");
    assert!(!page.body.contains("Tài khoản tiếp nhận"), "{}", page.body);
    let open = portal.get("/campaigns/ao-am-cho-em-vung-cao-dong-2026").await.unwrap();
    assert_eq!(open.count(".receiving-account"), 1, "an open campaign shows where to transfer");
    assert_eq!(open.attrs(".pledge-now a.button", "href"), vec!["/pledge?campaign=ao-am-cho-em-vung-cao-dong-2026"]);
    let form = portal.get(&format!("/pledge?campaign={CLOSED}")).await.unwrap();
    assert!(form.texts("form.pledge-form").is_empty(), "no form to fill in");
    assert_eq!(
        form.text(".notice.closed").as_deref(),
        Some("Chiến dịch này không còn tiếp nhận đăng ký ủng hộ. Xin xem các chiến dịch khác hoặc bảng nhu cầu.")
    );

    // Sent anyway (an old tab, a script): refused with the same words, nothing recorded.
    let fields = [
        ("campaign", CLOSED),
        ("token", "a-stale-tab-token-000001"),
        ("donor_type", "individual"),
        ("name", "Lê Thị Mai"),
        ("phone", "0912 345 678"),
        ("kind", "money"),
        ("amount", "200k"),
        ("display", "anonymous"),
        ("consent", "yes"),
    ];
    let sent = portal.http.post(portal.url("/pledge")).form(&fields).send().await.unwrap();
    assert_eq!(location(&sent), format!("/pledge?campaign={CLOSED}"));
    let cookie = tests::session_cookie(&sent).unwrap();
    let back = portal.get_with(&location(&sent), &[("cookie", &cookie)]).await.unwrap();
    assert!(back.texts(".notice").iter().any(|n| n.contains("không còn tiếp nhận")), "{:?}", back.texts(".notice"));
    let api = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&serde_json::json!({
            "campaign": CLOSED, "donor_type": "individual", "name": "Lê Thị Mai", "phone": "0912345678",
            "amount": 200000, "display": "anonymous", "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 409);
    assert_eq!(api.json::<serde_json::Value>().await.unwrap()["code"], "closed");
    assert_eq!(pledged_to(&portal, CLOSED).await.0, before);
}
tests::on_both_backends!(a_closed_campaign_refuses_pledges_with_a_clear_message);

async fn coordinator(portal: &TestPortal) -> String {
    portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([20, 110, 70]));
    let mut bytes = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

fn campaign_form(fields: &[(&str, &str)], cover: Option<Vec<u8>>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    let cover = cover.unwrap_or_default();
    form.part("cover", reqwest::multipart::Part::bytes(cover).file_name("bia.png").mime_str("image/png").unwrap())
}

async fn a_coordinator_runs_a_campaign_and_its_story_never_carries_scripts(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let cookie = coordinator(&portal).await;
    let (needs, _) = portal
        .store
        .needs(&NeedQuery { statuses: vec![domain::NeedStatus::Published], limit: 1, ..Default::default() })
        .await
        .unwrap();
    let need = needs[0].id.to_string();
    let today = domain::format::today();
    let opens = domain::format::date(today);
    let too_late = domain::format::date(today + time::Duration::days(90));
    let closes = domain::format::date(today + time::Duration::days(89));
    let story = "Các em cần **sách**.\n\n<script>alert('x')</script>\n\n[Xem thêm](javascript:alert(1)) \
                 <img src=x onerror=alert(2)> <a href=\"https://soyte.gov.vn\">Sở Y tế</a>";
    let mut fields = vec![
        ("title", "Tủ sách cho điểm trường"),
        ("slug", "Tủ sách!"),
        ("summary", "Mỗi điểm trường một tủ sách."),
        ("story", story),
        ("goal", "50tr"),
        ("bank_bin", "970418"),
        ("account_number", "1234 5678 901"),
        ("account_name", "QUY BAO TRO TRE EM"),
        ("opens_on", opens.as_str()),
        ("closes_on", too_late.as_str()),
        ("needs", need.as_str()),
        ("drop_offs.0.place", "Nhà văn hóa thôn Pác Ngòi"),
        ("drop_offs.0.opens_on", opens.as_str()),
        ("drop_offs.0.closes_on", closes.as_str()),
        ("published", "yes"),
    ];

    // Mistakes come back next to their fields, in Vietnamese, with what was typed.
    let sent = portal
        .http
        .post(portal.url("/staff/campaigns"))
        .header("cookie", &cookie)
        .multipart(campaign_form(&fields, Some(b"not a picture".to_vec())))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&sent), "/staff/campaigns/new");
    let editor = portal.get_with("/staff/campaigns/new", &[("cookie", &cookie)]).await.unwrap();
    let errors = editor.texts(".field-error");
    for expected in [
        "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ ao-am-cho-em-2026.",
        "Thời gian tiếp nhận không quá 90 ngày (Nghị định 93/2021/NĐ-CP).",
        "Không đọc được ảnh. Xin chọn ảnh JPEG, PNG hoặc WebP, dung lượng dưới 8 MB.",
    ] {
        assert!(errors.contains(&expected.to_owned()), "{expected} in {errors:?}");
    }
    assert_eq!(editor.attrs("input[name=title]", "value"), vec!["Tủ sách cho điểm trường"]);
    assert_eq!(editor.attrs("input[name=closes_on]", "value"), vec![too_late.clone()]);
    assert!(portal.store.campaign("tu-sach").await.unwrap().is_none());

    // A good picture sent with a form that still has a mistake is kept: the form comes back
    // showing it, and the coordinator need not choose it again. A link name left empty is
    // proposed from the title.
    fields[1] = ("slug", "");
    let sent = portal
        .http
        .post(portal.url("/staff/campaigns"))
        .header("cookie", &cookie)
        .multipart(campaign_form(&fields, Some(png(2400, 1200))))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&sent), "/staff/campaigns/new");
    let editor = portal.get_with("/staff/campaigns/new", &[("cookie", &cookie)]).await.unwrap();
    assert!(!editor.texts(".field-error").iter().any(|e| e.contains("ảnh")), "the picture was fine");
    let kept = editor.attrs("input[name=kept_cover]", "value").pop().unwrap();
    assert!(kept.parse::<i64>().is_ok(), "the picture is kept: {kept:?}");
    assert_eq!(editor.attrs("img.cover-preview", "src"), vec![format!("/media/{kept}.jpg")]);
    assert_eq!(editor.attrs("input[name=slug]", "value"), vec!["tu-sach-cho-diem-truong"]);

    // Corrected, without choosing the picture again: saved, the picture fitted, the story sanitised.
    fields[1] = ("slug", "tu-sach");
    fields[9] = ("closes_on", closes.as_str());
    fields.push(("kept_cover", kept.as_str()));
    let sent = portal
        .http
        .post(portal.url("/staff/campaigns"))
        .header("cookie", &cookie)
        .multipart(campaign_form(&fields, None))
        .send()
        .await
        .unwrap();
    assert!(location(&sent).ends_with("/edit"), "{}", location(&sent));
    let stored = portal.store.campaign("tu-sach").await.unwrap().unwrap();
    assert_eq!(stored.goal, 50_000_000);
    assert_eq!(stored.account_number, "12345678901");
    assert_eq!(stored.cover.map(|(_, w, h)| (w, h)), Some((1200, 600)));
    assert_eq!(stored.drop_offs.len(), 1);

    let page = portal.get("/campaigns/tu-sach").await.unwrap();
    assert_eq!(page.status, 200);
    let story_html = page.inner_html(".story").unwrap();
    assert!(story_html.contains("<strong>sách</strong>"), "{story_html}");
    assert!(story_html.contains("https://soyte.gov.vn"), "ordinary links stay");
    for banned in ["<script", "javascript:", "onerror", "alert("] {
        assert!(!story_html.contains(banned), "{banned} in {story_html}");
    }
    assert!(!page.body.contains("alert('x')"));
    assert_eq!(page.attrs(".campaign-cover", "height"), vec!["600"]);

    // A donor pledges; the coordinator then withdraws the campaign, and later reopens it with a new
    // account. Each change reaches the very next pledge (the portal keeps a campaign's terms in
    // memory between edits).
    let pledge = || async {
        let body = serde_json::json!({
            "campaign": "tu-sach", "donor_type": "individual", "name": "Vàng Thị Dua", "phone": "0912345678",
            "amount": 300000, "display": "anonymous", "consent": true
        });
        portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap()
    };
    let paid_to = |created: serde_json::Value| created["payment"]["account"]["number"].as_str().unwrap().to_owned();
    let first = pledge().await;
    assert_eq!(first.status(), 201);
    assert_eq!(paid_to(first.json().await.unwrap()), "12345678901");
    let edit = |fields: Vec<(&'static str, String)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let form = campaign_form(&fields, None);
        let url = portal.url(&format!("/staff/campaigns/{}", stored.id));
        async { portal.http.post(url).header("cookie", &cookie).multipart(form).send().await.unwrap() }
    };
    let owned = |fields: &[(&'static str, &str)]| fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect::<Vec<_>>();
    let withdrawn: Vec<_> = owned(&fields).into_iter().filter(|(k, _)| *k != "published").collect();
    assert!(location(&edit(withdrawn).await).ends_with("/edit"));
    assert_eq!(pledge().await.status(), 404, "a withdrawn campaign takes no pledge");
    let mut reopened = owned(&fields);
    reopened.retain(|(k, _)| *k != "account_number");
    reopened.push(("account_number", "9876543210".to_owned()));
    assert!(location(&edit(reopened).await).ends_with("/edit"));
    let next = pledge().await;
    assert_eq!(next.status(), 201);
    assert_eq!(paid_to(next.json().await.unwrap()), "9876543210");

    // The audit trail records who created it.
    let (entries, _) = portal
        .store
        .audit_entries(&portal::store::AuditQuery { entity: Some("campaign".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert!(entries.iter().any(|e| e.action == "campaign.create"));

    // Nobody signed in may not.
    let anonymous =
        portal.http.post(portal.url("/staff/campaigns")).multipart(campaign_form(&fields, None)).send().await;
    let anonymous = anonymous.map_err(|e| format!("{e:?}")).unwrap();
    assert!(location(&anonymous).starts_with("/staff/login"));
}
tests::on_both_backends!(a_coordinator_runs_a_campaign_and_its_story_never_carries_scripts);

async fn too_many_pledges_from_one_address_are_refused_in_the_donors_language(backend: Backend) {
    let Some(portal) = TestPortal::start_with(backend, |c| c.pledge_rate_per_minute = 2).await.unwrap() else {
        return;
    };
    portal.seed_demo().await.unwrap();
    let body = serde_json::json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Phạm Văn Đức", "email": "duc@example.vn",
        "amount": 100000, "display": "unlisted", "consent": true, "language": "en"
    });
    for _ in 0..2 {
        let ok = portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap();
        assert_eq!(ok.status(), 201);
    }
    let refused = portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "60");
    let answer: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(answer["code"], "rate_limited");
    assert!(answer["message"].as_str().unwrap().starts_with("Too many pledges"));

    // The form: 429, the reason in Vietnamese, and what was typed still there.
    let form = portal.get(&format!("/pledge?campaign={OPEN}")).await.unwrap();
    let token = form.attrs("input[name=token]", "value").pop().unwrap();
    let refused = portal
        .http
        .post(portal.url("/pledge"))
        .form(&[
            ("campaign", OPEN),
            ("token", token.as_str()),
            ("donor_type", "individual"),
            ("name", "Phạm Văn Đức"),
            ("email", "duc@example.vn"),
            ("kind", "money"),
            ("amount", "300k"),
            ("display", "named"),
            ("consent", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let page = tests::Page::read(refused).await.unwrap();
    assert!(page.texts(".notice").iter().any(|n| n.starts_with("Có quá nhiều đăng ký")), "{:?}", page.texts(".notice"));
    assert_eq!(page.attrs("input[name=amount]", "value"), vec!["300k"]);
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Phạm Văn Đức"]);
}
tests::on_both_backends!(too_many_pledges_from_one_address_are_refused_in_the_donors_language);
