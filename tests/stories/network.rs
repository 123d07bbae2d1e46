//! The donor network: an organisation applies, is approved and welcomed, gives, is recognised and
//! thanked on the honour roll; a donor who chose anonymity is never named in public; a donor signs
//! in with a one-time link, sees and downloads their data, and has it erased while every total
//! stays the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use domain::Role;
use serde_json::{Value, json};
use tests::mail_sink::{MailSink, Received};
use tests::{Backend, TestPortal, session_cookie};

use crate::OPEN_CAMPAIGN as OPEN;

pub(crate) async fn portal_mailing_to(backend: Backend, sink: &MailSink) -> Option<TestPortal> {
    let mail_url = sink.url();
    let portal = TestPortal::start_with(backend, move |c| c.mail_url = mail_url).await.unwrap()?;
    portal.seed_demo().await.unwrap();
    Some(portal)
}

pub(crate) async fn pledge(portal: &TestPortal, body: Value) -> String {
    let answer = portal.http.post(portal.url("/api/v1/pledges")).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

pub(crate) async fn confirm(portal: &TestPortal, cookie: &str, reference: &str) {
    let answer = portal
        .post_form_as(
            &format!("/staff/pledges/{reference}/confirm"),
            cookie,
            &[("evidence_kind", "receipt"), ("evidence", "PT-2611")],
        )
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], format!("/staff/pledges/{reference}"));
}

pub(crate) async fn post_form(
    portal: &TestPortal,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = portal.http.post(portal.url(path)).form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// Waits for the mail to `to` whose subject starts with `subject`.
pub(crate) async fn mail_to(sink: &MailSink, to: &str, subject: &str) -> Received {
    for _ in 0..100 {
        if let Some(mail) = sink
            .messages()
            .into_iter()
            .find(|m| m.to.iter().any(|t| t == to) && m.parsed().subject().is_some_and(|s| s.starts_with(subject)))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "no mail to {to} about {subject:?}; got {:?}",
        sink.messages().iter().map(|m| m.to.clone()).collect::<Vec<_>>()
    );
}

pub(crate) fn body(mail: &Received) -> String {
    mail.parsed().body_text(0).unwrap().into_owned()
}

async fn an_organisation_joins_gives_and_is_honoured(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = &portal.store;
    let year = domain::format::today().year();
    let commune = portal.state.portal.areas.communes().into_iter().next().unwrap();
    let company = "Công ty TNHH Thương mại Hoàng Sơn";

    // A first try without the contact's email: the form comes back as typed, with the reason.
    let mut application = vec![
        ("kind", "business"),
        ("name", company),
        ("tax_code", "4600123456"),
        ("contact_name", "Trần Văn Sơn"),
        ("phone", "0208 3855 123"),
        ("description", "Doanh nghiệp phân phối hàng tiêu dùng tại Thái Nguyên, muốn hỗ trợ áo ấm và bữa trưa."),
        ("categories", "warm_clothes"),
        ("categories", "nutrition"),
        ("communes", commune.code.as_str()),
        ("consent", "yes"),
    ];
    let refused = post_form(&portal, "/network/join", None, &application).await;
    assert_eq!(refused.status(), 303);
    let cookie = session_cookie(&refused).unwrap();
    let page = portal.get_with("/network/join", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(page.text("#email ~ .field-error").unwrap(), "Xin điền mục này.");
    assert_eq!(page.attrs("#name", "value"), [company], "what was typed is kept");
    assert_eq!(page.attrs("input[name=categories][checked]", "value"), ["nutrition", "warm_clothes"]);
    assert!(store.applications(true).await.unwrap().is_empty(), "nothing half-stored");

    application.push(("email", "lienhe@hoangson.vn"));
    let sent = post_form(&portal, "/network/join", None, &application).await;
    let cookie = session_cookie(&sent).unwrap();
    let page = portal.get_with("/network/join", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".notice").unwrap().starts_with("Đã nhận đơn đăng ký"));
    assert_eq!(
        portal.get("/network?kind=business").await.unwrap().count(".member-card"),
        0,
        "not listed before approval"
    );

    // The coordinator approves it, with a partner account for the contact.
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let waiting = portal.get_with("/staff/network", &[("cookie", &staff)]).await.unwrap();
    assert_eq!(waiting.texts(".application-name"), [company]);
    let donor_id = store.donor_by_email("lienhe@hoangson.vn").await.unwrap().unwrap();
    let approved = post_form(
        &portal,
        &format!("/staff/network/applications/{donor_id}/approve"),
        Some(&staff),
        &[("partner_account", "yes")],
    )
    .await;
    assert_eq!(approved.status(), 303);
    let page = portal.get_with("/staff/network", &[("cookie", &staff)]).await.unwrap();
    assert!(page.text(".one-time-link code").unwrap().contains("/staff/welcome/"), "the partner's invitation");
    let again = post_form(&portal, &format!("/staff/network/applications/{donor_id}/decline"), Some(&staff), &[]).await;
    assert_eq!(again.status(), 303, "deciding twice is answered, not applied");
    let account = store.staff_by_email("lienhe@hoangson.vn").await.unwrap().unwrap();
    assert_eq!(account.role, Role::Partner);
    let (_, slug, name) = store.partner_member(account.id).await.unwrap().unwrap();
    assert_eq!(name, company);

    let welcome = mail_to(&sink, "lienhe@hoangson.vn", "Chào mừng").await;
    assert!(body(&welcome).contains(&format!("/network/{slug}")), "{}", body(&welcome));

    // Listed, and found by what it supports and where.
    let directory = portal.get("/network?kind=business").await.unwrap();
    assert_eq!(directory.texts(".member-card h2"), [company]);
    assert_eq!(
        portal
            .get("/network?category=warm_clothes")
            .await
            .unwrap()
            .texts(".member-card h2")
            .iter()
            .filter(|n| *n == company)
            .count(),
        1
    );
    assert!(
        !portal.get("/network?category=health").await.unwrap().texts(".member-card h2").contains(&company.to_owned())
    );
    let here = portal.get(&format!("/network?commune={}", commune.code)).await.unwrap();
    assert!(here.texts(".member-card h2").contains(&company.to_owned()));

    // Its contact signs in on /me (the address proven by the link) and gives 20 million đồng as the
    // member; the coordinator confirms it.
    let member = use_link(&portal, &sign_in_link(&portal, &sink, "lienhe@hoangson.vn").await).await.unwrap();
    let form = portal.get_with(&format!("/pledge?campaign={OPEN}"), &[("cookie", &member)]).await.unwrap();
    assert!(form.text(".signed-in-donor").unwrap().contains(company), "the form says whose gift it is");
    let token = form.attrs("input[name=token]", "value").remove(0);
    let given = post_form(
        &portal,
        "/pledge",
        Some(&member),
        &[
            ("token", token.as_str()),
            ("campaign", OPEN),
            ("donor_type", "business"),
            ("name", company),
            ("email", "lienhe@hoangson.vn"),
            ("tax_code", "4600123456"),
            ("kind", "money"),
            ("amount", "20.000.000"),
            ("display", "named"),
            ("consent", "yes"),
        ],
    )
    .await;
    let reference = given.headers()["location"].to_str().unwrap().trim_start_matches("/pledge/").to_owned();
    confirm(&portal, &staff, &reference).await;
    let profile = portal.get(&format!("/network/{slug}")).await.unwrap();
    assert_eq!(profile.text(".member-total strong").unwrap(), "20.000.000 ₫");
    let (status, api) = portal.json(&format!("/api/v1/network/{slug}")).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(api["confirmed_total"], 20_000_000);
    assert_eq!(api["by_year"][0], json!({"year": year, "confirmed": 20_000_000}));
    let (_, list) = portal.json("/api/v1/network?kind=business").await.unwrap();
    assert_eq!(list["items"][0]["name"], company);
    assert_eq!(list["total"], 1);

    // The ledger proposes it; the coordinator grants a certificate of merit.
    let candidates =
        portal.get_with(&format!("/staff/network?year={year}&min=10.000.000"), &[("cookie", &staff)]).await.unwrap();
    assert!(
        candidates.texts(".candidate th").iter().any(|c| c.starts_with(company)),
        "{:?}",
        candidates.texts(".candidate th")
    );
    let grant = [
        ("donor", donor_id.to_string()),
        ("level", "department_merit".to_owned()),
        ("year", year.to_string()),
        ("decision_number", "125/QĐ-SYT".to_owned()),
        ("decision_date", "20/11/2026".to_owned()),
        ("reason", "Đã có thành tích ủng hộ áo ấm cho trẻ em vùng cao".to_owned()),
    ];
    let grant: Vec<(&str, &str)> = grant.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/network/recognitions", Some(&staff), &grant).await.status(), 303);
    let twice = post_form(&portal, "/staff/network/recognitions", Some(&staff), &grant).await;
    let back = twice.headers()["location"].to_str().unwrap().to_owned();
    let page = portal.get_with(&back, &[("cookie", &staff)]).await.unwrap();
    assert_eq!(page.text("#level ~ .field-error").unwrap(), "Nhà tài trợ đã được ghi nhận ở mức này trong năm đó.");
    assert_eq!(page.attrs("#decision_number", "value"), ["125/QĐ-SYT"]);

    let letter = mail_to(&sink, "lienhe@hoangson.vn", "Thư ghi nhận").await;
    let text = body(&letter);
    assert!(text.contains("Giấy khen của Giám đốc Sở") && text.contains("125/QĐ-SYT, 20/11/2026"), "{text}");

    // The honour roll thanks it by name, with what it gave that year; so does the API.
    let roll = portal.get(&format!("/honour-roll?year={year}")).await.unwrap();
    assert_eq!(roll.texts(".honour-name a"), [company]);
    assert!(roll.texts(".honour-entry td").contains(&"20.000.000 ₫".to_owned()));
    let (_, api) = portal.json(&format!("/api/v1/honour-roll?year={year}")).await.unwrap();
    assert_eq!(api["items"][0]["name"], company);
    assert_eq!(api["items"][0]["confirmed"], 20_000_000);
    let id = api["items"][0]["id"].as_i64().unwrap();
    let printable = portal.get(&format!("/honour-roll/{id}/letter")).await.unwrap();
    assert_eq!(printable.text(".letter-name").unwrap(), company);
    assert_eq!(printable.text(".letter-level").unwrap(), "GIẤY KHEN CỦA GIÁM ĐỐC SỞ");
    // Laid out as such a certificate reads: the nation's name on its line, the motto under it, "Tặng".
    assert_eq!(printable.text(".letter-nation").unwrap(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(printable.text(".letter-motto-line").unwrap(), "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(printable.text(".letter-award").unwrap(), "TẶNG");
    // The mail reads as a letter: no markdown marks, the link to the letter whole on its line.
    assert!(!text.contains("**") && !text.contains("##"), "{text}");
    assert!(text.contains(&format!("/honour-roll/{id}/letter")), "{text}");
    let (status, _) = portal.json("/api/v1/honour-roll?year=19").await.unwrap();
    assert_eq!(status, 422);
    let (_, openapi) = portal.json("/api/v1/openapi.json").await.unwrap();
    for path in ["/api/v1/network", "/api/v1/network/{slug}", "/api/v1/honour-roll"] {
        assert!(openapi["paths"][path].is_object(), "{path} is described");
    }

    // An admin adds a level of the province's own; it can be granted and filtered by.
    let admin = portal.staff_signed_in("quantri@soyte.gov.vn", Role::Admin, &[]).await.unwrap();
    let level = [("name_vi", "Kỷ niệm chương Vì trẻ em"), ("name_en", "Medal for the children"), ("rank", "4")];
    assert_eq!(post_form(&portal, "/staff/network/levels", Some(&admin), &level).await.status(), 303);
    let refused = post_form(&portal, "/staff/network/levels", Some(&staff), &level).await;
    assert_eq!(refused.status(), 403, "a coordinator does not configure levels");
    let roll = portal.get(&format!("/honour-roll?year={year}")).await.unwrap();
    assert!(roll.texts("select[name=level] option").contains(&"Kỷ niệm chương Vì trẻ em".to_owned()));
}
tests::on_both_backends!(an_organisation_joins_gives_and_is_honoured);

async fn an_anonymous_donor_is_never_named_in_public(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = &portal.store;
    let year = domain::format::today().year();
    let chapter = store.network_members().await.unwrap().into_iter().next().expect("a demo chapter");
    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let hidden = "Phạm Thị Bích Ngọc";
    let shown = "Lường Văn Khánh";
    for (name, email, display) in [(hidden, "bichngoc@example.vn", "anonymous"), (shown, "khanh@example.vn", "named")] {
        let reference = pledge(
            &portal,
            json!({
                "campaign": OPEN, "donor_type": "individual", "name": name, "email": email,
                "amount": 15_000_000, "display": display, "mobilised_by": chapter.slug, "consent": true
            }),
        )
        .await;
        confirm(&portal, &staff, &reference).await;
    }
    let donor = store.donor_by_email("bichngoc@example.vn").await.unwrap().unwrap();
    let grant = [
        ("donor", donor.to_string()),
        ("level", "thank_you_letter".into()),
        ("year", year.to_string()),
        ("reason", "Ủng hộ áo ấm".into()),
    ];
    let grant: Vec<(&str, &str)> = grant.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/network/recognitions", Some(&staff), &grant).await.status(), 303);
    mail_to(&sink, "bichngoc@example.vn", "Thư ghi nhận").await;
    let recognition = store.recognitions(Some(i64::from(year)), None).await.unwrap()[0].id;

    let mut public = Vec::new();
    for path in [
        "/".to_owned(),
        format!("/campaigns/{OPEN}"),
        "/transparency".to_owned(),
        "/transparency?find=Bich%20Ngoc".to_owned(),
        format!("/transparency.csv?year={year}"),
        "/network".to_owned(),
        format!("/network/{}", chapter.slug),
        format!("/honour-roll?year={year}"),
        format!("/honour-roll/{recognition}/letter"),
        "/api/v1/ledger?q=bich%20ngoc".to_owned(),
        format!("/api/v1/campaigns/{OPEN}"),
        "/api/v1/network".to_owned(),
        format!("/api/v1/network/{}", chapter.slug),
        format!("/api/v1/honour-roll?year={year}"),
    ] {
        let answer = portal.http.get(portal.url(&path)).send().await.unwrap();
        assert_eq!(answer.status(), 200, "{path}");
        public.push((path, answer.text().await.unwrap()));
    }
    for (path, text) in &public {
        assert!(!text.contains(hidden), "{path} names her");
        // A search page shows back what the visitor typed; nothing else may spell her name.
        let echoed = path.to_lowercase().contains("bich%20ngoc");
        assert!(echoed || !text.to_lowercase().contains("bich ngoc"), "{path} names her without diacritics");
    }
    let found = &public.iter().find(|(p, _)| p.starts_with("/transparency?find=")).unwrap().1;
    let found = tests::Page { status: 200, headers: Default::default(), body: found.clone() };
    assert_eq!(found.texts(".contribution-donor"), Vec::<String>::new(), "her name finds nothing");
    // The check can fail: the donor who chose to be named is named where gifts are shown.
    let profile = &public.iter().find(|(p, _)| p == &format!("/network/{}", chapter.slug)).unwrap().1;
    assert!(profile.contains(shown), "the named donor is on the chapter's page");
    let roll = &public.iter().find(|(p, _)| p.starts_with("/honour-roll?")).unwrap().1;
    assert!(roll.contains("Nhà hảo tâm (không công khai tên)"), "she is thanked without her name");
    // Notices to others never carry her name.
    for mail in sink.messages().iter().filter(|m| !m.to.iter().any(|t| t == "bichngoc@example.vn")) {
        assert!(!mail.raw().contains("Bích Ngọc") && !mail.raw().contains("Bich Ngoc"), "a notice to {:?}", mail.to);
    }
}
tests::on_both_backends!(an_anonymous_donor_is_never_named_in_public);

/// Asks for a sign-in link for `email` and answers the link the donor received.
pub(crate) async fn sign_in_link(portal: &TestPortal, sink: &MailSink, email: &str) -> String {
    let before = sink.messages().len();
    let asked = post_form(portal, "/me/sign-in", None, &[("email", email)]).await;
    assert_eq!(asked.status(), 303);
    for _ in 0..100 {
        if let Some(mail) = sink.messages().into_iter().skip(before).find(|m| {
            m.to.iter().any(|t| t == email)
                && m.parsed().subject().is_some_and(|s| s.starts_with("Đường dẫn đăng nhập"))
        }) {
            let text = body(&mail);
            let start = text.find("/me/sign-in/").expect("a link in the mail");
            let token: String =
                text[start + "/me/sign-in/".len()..].chars().take_while(char::is_ascii_alphanumeric).collect();
            return format!("/me/sign-in/{token}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no sign-in link reached {email}");
}

/// Uses a link: the session cookie of the donor signed in, or `None` when it was refused.
pub(crate) async fn use_link(portal: &TestPortal, link: &str) -> Option<String> {
    let answer = post_form(portal, link, None, &[]).await;
    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], "/me");
    let cookie = session_cookie(&answer)?;
    let page = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    page.text(".me-name").map(|_| cookie)
}

async fn a_sign_in_link_works_once_expires_and_is_the_donors_own(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let mine = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": "Vi Thị Hạnh",
        "email": "hanh.vi@example.vn", "amount": 300_000, "display": "named", "consent": true}),
    )
    .await;
    let theirs = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": "Nông Văn Dũng",
        "email": "dung.nong@example.vn", "amount": 400_000, "display": "named", "consent": true}),
    )
    .await;

    let staff = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    confirm(&portal, &staff, &mine).await;

    // An address nobody gave is answered the same, and nothing is sent to it.
    let unknown = post_form(&portal, "/me/sign-in", None, &[("email", "nobody@example.vn")]).await;
    let cookie = session_cookie(&unknown).unwrap();
    let page = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".notice").unwrap().starts_with("Nếu địa chỉ này có trong hồ sơ"));
    let mistyped = post_form(&portal, "/me/sign-in", None, &[("email", "hanh.vi@")]).await;
    let cookie = session_cookie(&mistyped).unwrap();
    let page = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text("#email-error").is_some());
    assert_eq!(page.attrs("#email", "value"), ["hanh.vi@"]);

    let link = sign_in_link(&portal, &sink, "hanh.vi@example.vn").await;
    // Opening the link (as a mail scanner would) does not use it up; the button does.
    let opened = portal.get(&link).await.unwrap();
    assert_eq!(opened.status, 200);
    assert_eq!(portal.get(&link).await.unwrap().count("form[action^='/me/sign-in/'] button"), 1);
    let cookie = use_link(&portal, &link).await.expect("the link signs her in");
    let own = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(own.text(".me-name").unwrap(), "Vi Thị Hạnh");
    assert_eq!(own.texts(".own-pledge th a"), std::slice::from_ref(&mine), "her pledge, not another donor's");
    let data: Value = portal.json_as("/me/data.json", &cookie).await.unwrap();
    assert_eq!(data["donor"]["email"], "hanh.vi@example.vn");
    assert_eq!(data["pledges"].as_array().unwrap().len(), 1);
    assert_eq!(data["pledges"][0]["reference"], mine);
    assert!(!data.to_string().contains(&theirs) && !data.to_string().contains("dung.nong"));

    // She withdraws her consent: her name leaves the public lookup; then she asks to be listed.
    let name_search = "/api/v1/ledger?q=vi%20thi%20hanh";
    assert_eq!(portal.json(name_search).await.unwrap().1["total"], 1);
    let chose = post_form(&portal, "/me/choices", Some(&cookie), &[("display", "anonymous")]).await;
    assert_eq!(chose.status(), 303);
    assert_eq!(portal.json(name_search).await.unwrap().1["total"], 0, "no longer found by name");
    let own = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(own.texts(".own-pledge td:nth-child(6)"), ["Ẩn danh"]);
    post_form(&portal, "/me/choices", Some(&cookie), &[("display", "named"), ("listed", "yes")]).await;
    assert_eq!(portal.json(name_search).await.unwrap().1["total"], 1);
    // Asking to be listed is an application: a coordinator approves it before she is listed.
    let (_, waiting) = portal.json("/api/v1/network?kind=individual").await.unwrap();
    assert_eq!(waiting["total"], 0, "not listed before approval");
    let own = portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap();
    assert!(own.text(".listing-waiting").is_some(), "her page says it waits");
    let hanh = portal.store.donor_by_email("hanh.vi@example.vn").await.unwrap().unwrap();
    let approved = post_form(&portal, &format!("/staff/network/applications/{hanh}/approve"), Some(&staff), &[]).await;
    assert_eq!(approved.status(), 303);
    let (_, listed) = portal.json("/api/v1/network?kind=individual").await.unwrap();
    assert_eq!(listed["items"][0]["name"], "Vi Thị Hạnh");
    assert_eq!(listed["total"], 1, "only the individual who opted in");

    // Once used, the link is spent: it signs nobody in again.
    assert_eq!(use_link(&portal, &link).await, None);
    assert_eq!(portal.get(&link).await.unwrap().status, 410);
    // A forged token is refused the same way; without a session there is no data to download.
    assert_eq!(use_link(&portal, "/me/sign-in/00000000000000000000000000000000").await, None);
    let anonymous = portal.http.get(portal.url("/me/data.json")).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);

    // A link left unused past its half hour has expired.
    let late = sign_in_link(&portal, &sink, "dung.nong@example.vn").await;
    portal
        .execute(
            "UPDATE donor_sign_in_links SET expires_at = '2020-01-01 00:00:00.0 +00:00:00' WHERE used_at IS NULL",
            "UPDATE donor_sign_in_links SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL",
        )
        .await
        .unwrap();
    assert_eq!(use_link(&portal, &late).await, None);
}
tests::on_both_backends!(a_sign_in_link_works_once_expires_and_is_the_donors_own);

async fn a_donor_erases_their_data_and_totals_stay(backend: Backend) {
    let sink = MailSink::start().unwrap();
    let Some(portal) = portal_mailing_to(backend, &sink).await else { return };
    let store = &portal.store;
    let year = domain::format::today().year();
    // The phone as typed; the record keeps it in one form (digits), which is what erasure must clear.
    let (name, folded, email, phone) = ("Đinh Quang Huy", "dinh quang huy", "huy.dinh@example.vn", "0903 456 789");
    let stored_phone = "0903456789";
    let reference = pledge(
        &portal,
        json!({"campaign": OPEN, "donor_type": "individual", "name": name, "email": email,
        "phone": phone, "amount": 2_500_000, "display": "named", "consent": true}),
    )
    .await;
    // The bank statement proves it, the memo carrying his name; a second transfer he sent by
    // mistake waits for review, its memo naming him and his pledge as his bank printed it.
    let statement = format!(
        "date,amount,description,reference\n2026-11-30,2500000,DINH QUANG HUY CK {reference},FT9001\n\
         2026-12-01,100000,DINH QUANG HUY CK LAI {},FT9002\n",
        reference.to_lowercase().replace('-', " ")
    );
    let lines = portal::statements::parse(statement.as_bytes(), &portal::statements::ColumnMapping::generic()).unwrap();
    let outcome = store
        .import_statement("sao-ke.csv", &lines, None, domain::format::today(), time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!((outcome.confirmed, outcome.to_review), (1, 1));
    mail_to(&sink, email, "Xác nhận đã nhận").await;
    let before = store.ledger_breakdown(year).await.unwrap();
    for needle in [name, folded, email, stored_phone, "DINH QUANG HUY"] {
        assert!(!portal.columns_holding(needle).await.unwrap().is_empty(), "{needle} is stored before erasure");
    }

    let cookie = use_link(&portal, &sign_in_link(&portal, &sink, email).await).await.unwrap();
    // Without the confirmation box nothing is erased.
    let unconfirmed = post_form(&portal, "/me/erase", Some(&cookie), &[]).await;
    assert_eq!(unconfirmed.status(), 303);
    assert!(portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap().text(".me-name").is_some());
    let erased = post_form(&portal, "/me/erase", Some(&cookie), &[("confirm", "yes")]).await;
    assert_eq!(erased.status(), 303);
    let after_cookie = session_cookie(&erased).unwrap_or(cookie.clone());
    let page = portal.get_with("/me", &[("cookie", &after_cookie)]).await.unwrap();
    assert!(page.text(".me-name").is_none(), "the session ended");
    assert!(page.text(".notice").unwrap().starts_with("Dữ liệu cá nhân của Quý vị đã được xóa"));
    assert!(portal.get_with("/me", &[("cookie", &cookie)]).await.unwrap().text(".me-name").is_none());

    for needle in [name, folded, email, stored_phone, "DINH QUANG HUY"] {
        assert_eq!(portal.columns_holding(needle).await.unwrap(), Vec::<String>::new(), "{needle} is gone");
    }
    // Nor do the SQLite files keep them: not in freed pages, not in the write-ahead log.
    if let Some(path) = portal.database_url().strip_prefix("sqlite:") {
        for file in [path.to_owned(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            for needle in [name, email, stored_phone, "DINH QUANG HUY"] {
                let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                assert!(!found, "{needle} lingers in {file}");
            }
        }
    }
    let after = store.ledger_breakdown(year).await.unwrap();
    assert_eq!(after.totals, before.totals, "every total stays");
    assert_eq!(after.by_commune, before.by_commune);
    assert_eq!(after.pledged, before.pledged);
    let receipt = store.pledge(&reference).await.unwrap().unwrap();
    assert_eq!(receipt.status, "confirmed", "the gift itself stays");
    assert!(store.donor_by_email(email).await.unwrap().is_none());
}
tests::on_both_backends!(a_donor_erases_their_data_and_totals_stay);

async fn a_partner_records_what_it_mobilised_and_its_fund_takes_gifts(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let union = store.listed_member("hoi-phu-nu-tinh").await.unwrap().expect("the demo Women's Union");
    let partner = portal.staff_signed_in("hoiphunu@thainguyen.vn", Role::Partner, &[]).await.unwrap();
    let account = store.staff_by_email("hoiphunu@thainguyen.vn").await.unwrap().unwrap();
    // Not linked to a member yet: the page is not theirs.
    assert_eq!(portal.get_with("/staff/mobilised", &[("cookie", &partner)]).await.unwrap().status, 403);
    store.link_partner(account.id, union.id).await.unwrap();
    let form = portal.get_with("/staff/mobilised", &[("cookie", &partner)]).await.unwrap();
    let need = form.attrs("#need option", "value").into_iter().find(|v| !v.is_empty()).expect("an open need");
    let token = form.attrs("input[name=token]", "value").remove(0);

    // What the partner sends: the same donor each time, the amount as typed, with or without the
    // partner's confirmation that the donor agreed.
    let record = |amount: &'static str, donor_agreed: bool| {
        let (partner, need, token) = (partner.clone(), need.clone(), token.clone());
        let portal = &portal;
        async move {
            let mut fields = vec![
                ("token", token.as_str()),
                ("need", need.as_str()),
                ("donor_type", "individual"),
                ("name", "Hà Thị Duyên"),
                ("phone", "0912 000 111"),
                ("kind", "money"),
                ("amount", amount),
                ("display", "named"),
                ("mobilised_by", "tinh-doan"),
            ];
            if donor_agreed {
                fields.push(("consent", "yes"));
            }
            post_form(portal, "/staff/mobilised", Some(&partner), &fields).await
        }
    };

    // The partner speaks for the donor, so it confirms the donor agreed: without that, nothing is kept.
    assert_eq!(record("1.500.000", false).await.status(), 303);
    let asked = portal.get_with("/staff/mobilised", &[("cookie", &partner)]).await.unwrap();
    assert!(asked.text("#consent-error").is_some(), "the partner is asked to confirm the donor agreed");
    assert_eq!(asked.attrs("#name", "value"), ["Hà Thị Duyên"]);
    assert!(asked.text("label[for=name]").unwrap().contains("nhà tài trợ"), "the form speaks of the donor");

    // A mistyped amount comes back as typed.
    assert_eq!(record("năm trăm", true).await.status(), 303);
    let again = portal.get_with("/staff/mobilised", &[("cookie", &partner)]).await.unwrap();
    assert!(again.text("#amount ~ .field-error").is_some());
    assert_eq!(again.attrs("#amount", "value"), ["năm trăm"]);
    assert_eq!(record("1.500.000", true).await.status(), 303);
    let done = portal.get_with("/staff/mobilised", &[("cookie", &partner)]).await.unwrap();
    let reference = done.text(".notice a").expect("the pledge recorded");

    // Counted as mobilised by the partner signed in, whatever the form said.
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    confirm(&portal, &coordinator, &reference).await;
    let (_, profile) = portal.json("/api/v1/network/hoi-phu-nu-tinh").await.unwrap();
    assert_eq!(profile["mobilised"]["donors"], 1);
    assert_eq!(profile["mobilised"]["confirmed"], 1_500_000);
    assert_eq!(profile["mobilised"]["named"], json!(["Hà Thị Duyên"]));
    let (_, youth) = portal.json("/api/v1/network/tinh-doan").await.unwrap();
    assert_eq!(youth["mobilised"]["donors"], 0);

    // From the union's page, anyone gives to its common fund through the ordinary form.
    let page = portal.get("/network/hoi-phu-nu-tinh").await.unwrap();
    assert_eq!(page.attrs("a[href^='/pledge?pool=']", "href"), ["/pledge?pool=hoi-phu-nu-tinh"]);
    let pledge_form = portal.get("/pledge?pool=hoi-phu-nu-tinh").await.unwrap();
    assert_eq!(pledge_form.attrs("input[name=pool]", "value"), ["hoi-phu-nu-tinh"]);
    let token = pledge_form.attrs("input[name=token]", "value").remove(0);
    let given = post_form(
        &portal,
        "/pledge",
        None,
        &[
            ("token", token.as_str()),
            ("pool", "hoi-phu-nu-tinh"),
            ("donor_type", "individual"),
            ("name", "Ma Văn Tuấn"),
            ("email", "tuan.ma@example.vn"),
            ("kind", "money"),
            ("amount", "200k"),
            ("display", "named"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(given.status(), 303);
    let thanks = given.headers()["location"].to_str().unwrap().to_owned();
    assert!(thanks.starts_with("/pledge/"), "{thanks}");
    let pooled = store.pledge(thanks.trim_start_matches("/pledge/")).await.unwrap().unwrap();
    assert_eq!(pooled.amount, Some(200_000));
    assert_eq!(pooled.need_id, None);
    assert_eq!(portal.get("/pledge?pool=no-such-fund").await.unwrap().status, 404);
}
tests::on_both_backends!(a_partner_records_what_it_mobilised_and_its_fund_takes_gifts);
