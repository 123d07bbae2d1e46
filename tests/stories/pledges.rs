//! A donor pledges to a need and knows exactly how to pay.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::NeedStatus;
use domain::format::vnd;
use tests::{Backend, TestPortal};

use crate::started;

/// The form for a need, as a browser gets it: its fields and its token.
async fn open_form(portal: &TestPortal, need: i64, cookie: Option<&str>) -> tests::Page {
    let headers: Vec<(&str, &str)> = cookie.map(|c| vec![("cookie", c)]).unwrap_or_default();
    portal.get_with(&format!("/pledge?need={need}"), &headers).await.unwrap()
}

async fn send(portal: &TestPortal, fields: &[(&str, &str)]) -> reqwest::Response {
    portal.http.post(portal.url("/pledge")).form(fields).send().await.unwrap()
}

/// The demo need a donor finds first on the board, still seeking support.
async fn first_open_need(portal: &TestPortal) -> portal::store::NeedRecord {
    let query = portal::store::NeedQuery { statuses: vec![NeedStatus::Published], limit: 1, ..Default::default() };
    portal.store.needs(&query).await.unwrap().0.remove(0)
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

async fn a_donor_pledges_money_to_a_need_and_sees_how_to_pay(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let need = &first_open_need(&portal).await;
    let need_page = portal.get(&format!("/needs/{}", need.id)).await.unwrap();
    assert_eq!(need_page.attrs(".pledge-box a.button", "href"), vec![format!("/pledge?need={}", need.id)]);

    let form = open_form(&portal, need.id, None).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.header("cache-control").as_deref(), Some("no-store"), "each form carries its own token");
    let token = form.attrs("input[name=token]", "value").pop().unwrap();
    assert!(token.len() >= 16);
    let need_id = need.id.to_string();

    // Mistakes: explained next to each field in Vietnamese, what was typed kept, nothing stored.
    let bad = send(
        &portal,
        &[
            ("need", &need_id),
            ("token", &token),
            ("donor_type", "business"),
            ("name", "Công ty TNHH Minh Phát"),
            ("kind", "money"),
            ("amount", "năm trăm"),
            ("display", "named"),
        ],
    )
    .await;
    assert_eq!(location(&bad), format!("/pledge?need={}", need.id));
    let cookie = tests::session_cookie(&bad).unwrap();
    let again = open_form(&portal, need.id, Some(&cookie)).await;
    let errors = again.texts(".field-error");
    for expected in [
        "Xin để lại thư điện tử hoặc số điện thoại để chúng tôi gửi thư cảm ơn và xác nhận.",
        "Doanh nghiệp xin ghi mã số thuế: biên nhận của Đề án ghi tên và mã số thuế của đơn vị.",
        "Xin đọc và đồng ý với chính sách quyền riêng tư để tiếp tục.",
    ] {
        assert!(errors.contains(&expected.to_owned()), "{expected} in {errors:?}");
    }
    assert!(errors.iter().any(|e| e.starts_with("Xin nhập số tiền bằng đồng")), "{errors:?}");
    assert_eq!(again.attrs("input[name=name]", "value"), vec!["Công ty TNHH Minh Phát"]);
    assert_eq!(again.attrs("input[name=amount]", "value"), vec!["năm trăm"]);
    assert!(portal.store.pledge("x").await.unwrap().is_none());

    // A good pledge: "500k" is 500.000 đồng.
    let fields = [
        ("need", need_id.as_str()),
        ("token", token.as_str()),
        ("donor_type", "individual"),
        ("name", "Nguyễn Văn Bình"),
        ("email", "binh@example.vn"),
        ("kind", "money"),
        ("amount", "500k"),
        ("display", "named"),
        ("consent", "yes"),
    ];
    let sent = send(&portal, &fields).await;
    let thanks_path = location(&sent);
    assert!(thanks_path.starts_with("/pledge/TN"), "{thanks_path}");
    let reference = thanks_path.trim_start_matches("/pledge/").to_owned();
    assert!(!reference[5..].contains(['0', 'O', '1', 'I']), "{reference}");

    let thanks = portal.get(&thanks_path).await.unwrap();
    assert_eq!(thanks.status, 200);
    assert_eq!(thanks.text(".pledge-reference").unwrap(), reference);
    assert_eq!(thanks.text(".pay-amount").unwrap(), vnd(500_000));
    assert_eq!(thanks.text(".pay-message").unwrap(), reference);
    assert!(thanks.body.contains("<svg"), "the VietQR code is drawn");
    assert!(!thanks.body.contains("binh@example.vn"), "no personal data on the page");
    let payload = thanks.attrs(".vietqr", "data-payload").pop().unwrap();
    let transfer = domain::vietqr::decode(&payload).expect("a valid VietQR payload");
    assert_eq!((transfer.bin.as_str(), transfer.account.as_str()), ("970436", "0011001234567"));
    assert_eq!((transfer.amount, transfer.purpose.as_deref()), (Some(500_000), Some(reference.as_str())));

    // The need's progress grows by exactly that amount, on its page and on the home totals.
    let after = portal.store.need(need.id).await.unwrap().unwrap();
    assert_eq!(after.pledged, need.pledged + 500_000);
    let page = portal.get(&format!("/needs/{}", need.id)).await.unwrap();
    assert_eq!(page.attrs("progress", "value"), vec![domain::percent(after.pledged, after.total).to_string()]);
    assert!(page.text(".pledge-box .pledge-figures").unwrap().starts_with(&vnd(after.pledged)));

    // The same form sent twice (double click, back and resend) records one pledge.
    let repeat = send(&portal, &fields).await;
    assert_eq!(location(&repeat), thanks_path);
    assert_eq!(portal.store.need(need.id).await.unwrap().unwrap().pledged, after.pledged);

    portal.finish().await;
}
tests::on_both_backends!(a_donor_pledges_money_to_a_need_and_sees_how_to_pay);

async fn a_pledge_beyond_the_need_is_flagged_and_covers_it(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = portal.store.clone();
    let need = &first_open_need(&portal).await;
    let token = open_form(&portal, need.id, None).await.attrs("input[name=token]", "value").pop().unwrap();
    let too_much = (need.total + 1_000_000).to_string();
    let sent = send(
        &portal,
        &[
            ("need", &need.id.to_string()),
            ("token", &token),
            ("donor_type", "business"),
            ("name", "Công ty CP Thép Miền Bắc"),
            ("phone", "0912 345 678"),
            ("tax_code", "4600123456"),
            ("kind", "money"),
            ("amount", &too_much),
            ("display", "anonymous"),
            ("consent", "yes"),
        ],
    )
    .await;
    let thanks = portal.get(&location(&sent)).await.unwrap();
    assert!(thanks.text(".over-need").is_some(), "the donor is told it is more than the need lacks");
    assert_eq!(store.need(need.id).await.unwrap().unwrap().status, NeedStatus::Covered, "the need is covered");
    let history = store.need_history(need.id).await.unwrap();
    assert_eq!(history.last().unwrap().to_status, NeedStatus::Covered);

    // Goods for a delivered need are refused with a clear message.
    let mut delivered = portal::demo::demo_needs().remove(0);
    delivered.status = NeedStatus::Fulfilled;
    delivered.title = "Bữa trưa học kỳ I đã trao".into();
    let fulfilled = store.need(store.insert_need(&delivered).await.unwrap()).await.unwrap().unwrap();
    let refused = send(
        &portal,
        &[
            ("need", &fulfilled.id.to_string()),
            ("token", "0123456789abcdef0123"),
            ("donor_type", "individual"),
            ("name", "Lê Thị Hà"),
            ("email", "ha@example.vn"),
            ("kind", "in_kind"),
            ("item", "Áo ấm"),
            ("quantity", "20"),
            ("unit", "chiếc"),
            ("estimated_value", "4tr"),
            ("display", "unlisted"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(location(&refused), format!("/pledge?need={}", fulfilled.id));
    let cookie = tests::session_cookie(&refused).unwrap();
    let explained = open_form(&portal, fulfilled.id, Some(&cookie)).await;
    assert!(
        explained.status == 404 || explained.text(".notice").is_some_and(|n| n.contains("không nhận thêm")),
        "{}",
        explained.status
    );

    // A robot that fills the hidden field is refused and nothing is stored.
    let before = store.need(need.id).await.unwrap().unwrap().pledged;
    let robot = send(
        &portal,
        &[
            ("need", &need.id.to_string()),
            ("token", "abcdefabcdefabcdef12"),
            ("website", "http://spam"),
            ("kind", "money"),
            ("amount", "1tr"),
        ],
    )
    .await;
    assert_eq!(robot.status(), 422);
    assert_eq!(store.need(need.id).await.unwrap().unwrap().pledged, before);

    portal.finish().await;
}
tests::on_both_backends!(a_pledge_beyond_the_need_is_flagged_and_covers_it);

/// What a browser does after "Back": the form again, with a token of its own.
async fn fresh_token(portal: &TestPortal, need: i64) -> String {
    open_form(portal, need, None).await.attrs("input[name=token]", "value").pop().unwrap()
}

async fn a_donor_who_goes_back_and_sends_again_gives_once(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let need = &first_open_need(&portal).await;
    let need_id = need.id.to_string();
    let first_token = fresh_token(&portal, need.id).await;
    let pledge = |token: String, amount: &'static str| {
        vec![
            ("need", need_id.clone()),
            ("token", token),
            ("donor_type", "individual".into()),
            ("name", "Lò Thị Mai".into()),
            ("email", "Mai.Lo@Example.vn".into()),
            ("kind", "money".into()),
            ("amount", amount.into()),
            ("display", "anonymous".into()),
            ("consent", "yes".into()),
        ]
    };
    let sent = portal.http.post(portal.url("/pledge")).form(&pledge(first_token, "200k")).send().await.unwrap();
    let thanks_path = location(&sent);
    assert!(thanks_path.starts_with("/pledge/TN"), "{thanks_path}");
    let pledged = portal.store.need(need.id).await.unwrap().unwrap().pledged;
    // Her browser keeps its mark, which only the pledge form reads.
    let mark = sent
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portal_giver=") && c.contains("Path=/pledge") && c.contains("HttpOnly"))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("the browser's mark");
    let from_her_browser = |fields: Vec<(&'static str, String)>| {
        portal.http.post(portal.url("/pledge")).header("cookie", &mark).form(&fields)
    };

    // Someone else who knows her email and guesses the gift is not shown her pledge: a new one.
    let stranger = portal.http.post(portal.url("/pledge")).form(&pledge(fresh_token(&portal, need.id).await, "200k"));
    let stranger_path = location(&stranger.send().await.unwrap());
    assert!(stranger_path.starts_with("/pledge/TN") && stranger_path != thanks_path, "{stranger_path}");
    let pledged = pledged + 200_000;

    // Back, and the same gift sent again from a form with a new token: the first pledge, said so.
    let again = from_her_browser(pledge(fresh_token(&portal, need.id).await, "200k"));
    let again = again.send().await.unwrap();
    assert_eq!(location(&again), thanks_path, "the first thank-you page, at the same address");
    let cookie = tests::session_cookie(&again).expect("the notice travels in the session");
    let page = portal.get_with(&thanks_path, &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(
        page.text(".notice.already-recorded").as_deref(),
        Some(
            "Khoản ủng hộ này đã được ghi nhận trước đó, nên không ghi thêm lần nữa. Thông tin dưới đây là của lần đăng ký đầu tiên."
        )
    );
    assert_eq!(portal.store.need(need.id).await.unwrap().unwrap().pledged, pledged, "counted once");
    let (acknowledgements,): (i64,) = {
        let url = portal.database_url();
        let sql = "SELECT COUNT(*) FROM notices WHERE kind = 'acknowledgement' AND pledge_id IN \
                   (SELECT id FROM pledges WHERE reference = $1)";
        let reference = thanks_path.trim_start_matches("/pledge/");
        if url.starts_with("sqlite:") {
            sqlx::query_as(sql).bind(reference).fetch_one(&sqlx::SqlitePool::connect(&url).await.unwrap()).await
        } else {
            sqlx::query_as(sql).bind(reference).fetch_one(&sqlx::PgPool::connect(&url).await.unwrap()).await
        }
        .unwrap()
    };
    assert_eq!(acknowledgements, 1, "one acknowledgement");
    // The record that recognises the repeat keeps a digest of the contact, never the address.
    let holding = portal.columns_holding("mai.lo@example.vn").await.unwrap();
    assert!(holding.iter().any(|c| c.starts_with("donors")), "the donor record has it: {holding:?}");
    assert!(holding.iter().all(|c| !c.starts_with("idempotency_keys")), "{holding:?}");

    // A different amount is a different gift.
    let other = from_her_browser(pledge(fresh_token(&portal, need.id).await, "300k"));
    let other_path = location(&other.send().await.unwrap());
    assert!(other_path.starts_with("/pledge/TN") && other_path != thanks_path, "{other_path}");

    // Ten minutes on, the same gift again is a new pledge: people do give twice.
    portal
        .execute(
            "UPDATE idempotency_keys SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-11 minutes')",
            "UPDATE idempotency_keys SET created_at = created_at - interval '11 minutes'",
        )
        .await
        .unwrap();
    let later = from_her_browser(pledge(fresh_token(&portal, need.id).await, "200k"));
    let later_path = location(&later.send().await.unwrap());
    assert!(later_path.starts_with("/pledge/TN") && later_path != thanks_path, "{later_path}");
    assert_eq!(portal.store.need(need.id).await.unwrap().unwrap().pledged, pledged + 300_000 + 200_000);

    portal.finish().await;
}
tests::on_both_backends!(a_donor_who_goes_back_and_sends_again_gives_once);

async fn the_pledge_form_asks_in_the_order_a_donor_thinks(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let form = portal.get("/pledge?campaign=ao-am-cho-em-vung-cao-dong-2026").await.unwrap();
    assert_eq!(form.text("h1").unwrap(), "Ủng hộ chiến dịch «Áo ấm cho em vùng cao — mùa đông 2026»");
    // What you give, then who you are, then how you are shown.
    assert_eq!(form.texts(".pledge-step > legend"), vec!["Nội dung ủng hộ", "Người ủng hộ", "Hiển thị công khai"]);
    // How to hear back is asked with the contact details, not as a step of its own.
    assert_eq!(form.texts(".pledge-step .hear-by > legend"), vec!["Nhận thư cảm ơn và xác nhận qua"]);
    assert_eq!(form.attrs("input[name=amount]", "inputmode"), vec!["numeric"], "the number pad");
    assert_eq!(form.count("form.pledge-form[novalidate]"), 1, "the portal's words, not the browser's");
    assert_eq!(form.count(".pay-monthly:not([open]) select[name=instalments]"), 1, "instalments when chosen");

    // A business without its tax code, and nothing to give: told why, in the portal's words.
    let token = form.attrs("input[name=token]", "value").pop().unwrap();
    let sent = send(
        &portal,
        &[
            ("campaign", "ao-am-cho-em-vung-cao-dong-2026"),
            ("token", &token),
            ("donor_type", "business"),
            ("name", "Công ty TNHH Minh Phát"),
            ("email", "lienhe@minhphat.vn"),
            ("kind", "money"),
            ("amount", "0"),
            ("instalments", "3"),
            ("display", "named"),
        ],
    )
    .await;
    let cookie = tests::session_cookie(&sent).unwrap();
    let again = portal.get_with(&location(&sent), &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(
        again.text("#tax_code-error").as_deref(),
        Some("Doanh nghiệp xin ghi mã số thuế: biên nhận của Đề án ghi tên và mã số thuế của đơn vị.")
    );
    assert_eq!(again.text("#amount-error").as_deref(), Some("Số tiền ủng hộ phải lớn hơn 0 đồng."));
    assert_eq!(
        again.text("#consent-error").as_deref(),
        Some("Xin đọc và đồng ý với chính sách quyền riêng tư để tiếp tục.")
    );
    assert_eq!(again.count(".pay-monthly[open]"), 1, "a chosen schedule stays open");
    portal.finish().await;
}
tests::on_both_backends!(the_pledge_form_asks_in_the_order_a_donor_thinks);
