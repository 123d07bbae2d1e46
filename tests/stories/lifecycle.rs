//! A coordinator confirms pledges with evidence, records hand-overs and corrects by reversal; the
//! ledger's totals grow by exactly what was confirmed and children are counted once per need.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Role;
use mail_parser::MimeHeaders;
use portal::store::LedgerTotals;
use serde_json::json;
use tests::{Backend, TestPortal};

async fn signed_in(portal: &TestPortal, email: &str, role: Role, communes: &[&str]) -> String {
    portal.staff_signed_in(email, role, communes).await.unwrap()
}

async fn pledge_money(portal: &TestPortal, need: i64, name: &str, amount: i64) -> String {
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "need": need, "donor_type": "individual", "name": name, "email": format!("{}@example.vn", amount),
            "amount": amount, "display": "named", "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
    answer.json::<serde_json::Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

async fn act(
    portal: &TestPortal,
    cookie: &str,
    reference: &str,
    action: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    portal.post_form_as(&format!("/staff/pledges/{reference}/{action}"), cookie, form).await.unwrap()
}

async fn year_totals(portal: &TestPortal) -> LedgerTotals {
    portal.store.ledger_totals(Some(domain::format::today().year())).await.unwrap()
}

async fn a_coordinator_confirms_delivers_and_corrects_and_the_ledger_counts_once(backend: Backend) {
    let sink = tests::mail_sink::MailSink::start().unwrap();
    let Some(portal) = TestPortal::start_with(backend, |c| c.mail_url = sink.url()).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let coordinator = signed_in(&portal, "dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await;
    let need = store.campaign(crate::OPEN_CAMPAIGN).await.unwrap().unwrap().need_ids[0];
    let first = pledge_money(&portal, need, "Nguyễn Thị Lan", 2_500_000).await;
    let second = pledge_money(&portal, need, "Trần Quốc Việt", 1_000_000).await;
    let before = year_totals(&portal).await;

    // Evidence is required; the mistake comes back next to the field and nothing moves.
    let missing =
        act(&portal, &coordinator, &first, "confirm", &[("evidence_kind", "bank_transaction"), ("evidence", "")]).await;
    assert_eq!(missing.status(), 303);
    let page = portal.get_with(&format!("/staff/pledges/{first}"), &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(page.texts(".field-error"), vec!["Xin điền mục này."]);
    assert_eq!(store.pledge(&first).await.unwrap().unwrap().status, "pledged");

    let confirmed = act(
        &portal,
        &coordinator,
        &first,
        "confirm",
        &[("evidence_kind", "bank_transaction"), ("evidence", "FT26334000123")],
    )
    .await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(store.pledge(&first).await.unwrap().unwrap().status, "confirmed");
    let after = year_totals(&portal).await;
    assert_eq!(after.confirmed - before.confirmed, 2_500_000);
    assert_eq!(after.donors - before.donors, 1);
    // Confirming again changes nothing: one ledger entry.
    act(&portal, &coordinator, &first, "confirm", &[("evidence_kind", "receipt"), ("evidence", "PT-0042")]).await;
    assert_eq!(store.pledge_ledger(&first).await.unwrap().len(), 1);
    assert_eq!(year_totals(&portal).await.confirmed, after.confirmed);
    let (receipts, _) = store.notices(None, 20, 0).await.unwrap();
    assert_eq!(receipts.iter().filter(|n| n.kind == domain::NoticeKind::Receipt).count(), 1, "one receipt queued");

    // Two pledges handed over for the same need of 140 children: 140 children reached, not 280.
    let today = domain::format::date(domain::format::today());
    let delivery = [
        ("delivered_on", today.as_str()),
        ("children", "140"),
        ("delivered_by", "Hội Chữ thập đỏ tỉnh"),
        ("received_by", "Trường PTDTBT Tiểu học Thần Sa"),
    ];
    act(&portal, &coordinator, &first, "deliver", &delivery).await;
    act(&portal, &coordinator, &second, "confirm", &[("evidence_kind", "receipt"), ("evidence", "PT-0043")]).await;
    act(&portal, &coordinator, &second, "deliver", &delivery).await;
    let delivered = year_totals(&portal).await;
    assert_eq!(delivered.children_reached - before.children_reached, 140);
    assert_eq!(delivered.delivered - before.delivered, 3_500_000);
    assert_eq!(delivered.confirmed - before.confirmed, 3_500_000);

    // The yearly report counts the two donors and the children once.
    let year = domain::format::today().year();
    let csv = portal
        .http
        .get(portal.url(&format!("/staff/reports/bao-cao-{year}.csv")))
        .header("cookie", &coordinator)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.lines().any(|l| l.starts_with("05725,") && l.ends_with(",individual,Cá nhân,3500000,2")), "{csv}");
    let xlsx = portal
        .http
        .get(portal.url(&format!("/staff/reports/bao-cao-{year}.xlsx")))
        .header("cookie", &coordinator)
        .send()
        .await
        .unwrap();
    assert!(xlsx.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX is a zip file");
    let report = store.yearly_report(year).await.unwrap();
    assert_eq!(report.children.iter().map(|c| c.2).sum::<i64>(), 140);

    // A confirmed pledge cancelled: the amount comes back out by a reversing entry, never an edit.
    let third = pledge_money(&portal, need, "Lê Văn Hùng", 500_000).await;
    act(
        &portal,
        &coordinator,
        &third,
        "confirm",
        &[("evidence_kind", "bank_transaction"), ("evidence", "FT26334000999")],
    )
    .await;
    assert_eq!(year_totals(&portal).await.confirmed - before.confirmed, 4_000_000);
    let no_reason = act(&portal, &coordinator, &third, "cancel", &[("note", "")]).await;
    assert_eq!(no_reason.status(), 303);
    assert_eq!(store.pledge(&third).await.unwrap().unwrap().status, "confirmed", "a reason is required");
    act(&portal, &coordinator, &third, "cancel", &[("note", "Chuyển nhầm tài khoản, đã hoàn lại")]).await;
    let entries = store.pledge_ledger(&third).await.unwrap();
    assert_eq!(
        entries.iter().map(|e| (e.entry.as_str(), e.amount)).collect::<Vec<_>>(),
        vec![("confirmation", 500_000), ("reversal", -500_000)]
    );
    assert_eq!(entries[1].reverses_id, Some(entries[0].id));
    let last = year_totals(&portal).await;
    assert_eq!(last.confirmed - before.confirmed, 3_500_000);
    assert_eq!(last.donors - before.donors, 2);

    // The staff list finds donors without diacritics; the pledge page shows both ledger lines.
    let list = portal.get_with("/staff/pledges?q=nguyen+thi", &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(list.texts("table.pledges tbody tr td:first-child"), vec![first.clone()]);
    // Words in any order, a name with a piece of the reference: still that one pledge.
    let tail = first.split('-').nth(1).unwrap().to_lowercase();
    for q in ["lan nguyen", &format!("{tail} Lan")] {
        let list = portal
            .get_with(&format!("/staff/pledges?q={}", q.replace(' ', "+")), &[("cookie", &coordinator)])
            .await
            .unwrap();
        assert_eq!(list.texts("table.pledges tbody tr td:first-child"), vec![first.clone()], "{q}");
    }
    let page = portal.get_with(&format!("/staff/pledges/{third}"), &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(page.texts(".ledger-amount"), vec!["500.000 ₫", "-500.000 ₫"]);
    // The page shows everything pledged, and says why a fresh pledge has no history or ledger yet.
    let facts = page.texts(".staff-card dt");
    for label in ["Nội dung ủng hộ", "Hình thức", "Nhu cầu", "Cách hiển thị công khai"] {
        assert!(facts.contains(&label.to_owned()), "{label} in {facts:?}");
    }
    let fresh = pledge_money(&portal, need, "Đinh Văn Tú", 300_000).await;
    let fresh = portal.get_with(&format!("/staff/pledges/{fresh}"), &[("cookie", &coordinator)]).await.unwrap();
    let empty = fresh.texts("p.empty");
    assert!(empty.iter().any(|e| e.starts_with("Chưa có thay đổi trạng thái")), "{empty:?}");
    assert!(empty.iter().any(|e| e.starts_with("Chưa có bút toán")), "{empty:?}");

    // A commune officer may not confirm money.
    let officer = signed_in(&portal, "canbo@thansa.gov.vn", Role::AreaOfficer, &["05725"]).await;
    let fourth = pledge_money(&portal, need, "Vũ Minh", 200_000).await;
    let denied =
        act(&portal, &officer, &fourth, "confirm", &[("evidence_kind", "receipt"), ("evidence", "PT-1")]).await;
    assert_eq!(denied.status(), 403);
    assert_eq!(store.pledge(&fourth).await.unwrap().unwrap().status, "pledged");

    // The ledger refuses to be rewritten.
    let url = portal.database_url();
    let rewritten = if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query("UPDATE ledger_entries SET amount = 0").execute(&pool).await.is_err()
            && sqlx::query("DELETE FROM ledger_entries").execute(&pool).await.is_err()
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE ledger_entries SET amount = 0").execute(&pool).await.is_err()
            && sqlx::query("DELETE FROM ledger_entries").execute(&pool).await.is_err()
    };
    assert!(rewritten, "updates and deletes of the ledger are refused");

    // Each donor heard back: an acknowledgement per pledge, a receipt per confirmation, a report
    // per hand-over telling how many children it reached.
    let inbox = sink.wait_for(4 + 3 + 2, std::time::Duration::from_secs(30)).await;
    let subjects: Vec<String> = inbox.iter().map(|m| m.parsed().subject().unwrap_or_default().to_owned()).collect();
    assert_eq!(subjects.iter().filter(|s| s.starts_with("Xác nhận đã nhận khoản ủng hộ")).count(), 3, "{subjects:?}");
    let reports: Vec<_> =
        inbox.iter().filter(|m| m.parsed().subject().unwrap_or_default().starts_with("Sự hỗ trợ của Quý vị")).collect();
    assert_eq!(reports.len(), 2, "{subjects:?}");
    assert!(reports[0].parsed().body_text(0).unwrap().contains("140 trẻ em"));
    let receipt = inbox
        .iter()
        .find(|m| {
            m.parsed().subject().unwrap_or_default().contains(&first)
                && m.parsed().subject().unwrap_or_default().starts_with("Xác nhận")
        })
        .unwrap();
    assert!(receipt.parsed().parts.iter().all(|p| p.content_id() != Some("vietqr")), "a receipt asks for no payment");
}
tests::on_both_backends!(a_coordinator_confirms_delivers_and_corrects_and_the_ledger_counts_once);

async fn the_public_sees_what_was_confirmed_and_finds_a_contribution_without_personal_data(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let coordinator = signed_in(&portal, "dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await;
    let need = store.campaign(crate::OPEN_CAMPAIGN).await.unwrap().unwrap().need_ids[0];
    let named = pledge_money(&portal, need, "Nguyễn Thị Lan", 1_200_000).await;
    let hidden = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "need": need, "donor_type": "individual", "name": "Hoàng Văn Kín", "phone": "0905 123 456",
            "amount": 800_000, "display": "anonymous", "consent": true
        }))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    let before = portal.get("/transparency").await.unwrap();
    assert_eq!(before.status, 200);
    let confirmed_before = store.ledger_totals(Some(domain::format::today().year())).await.unwrap().confirmed;
    assert_eq!(before.text(".t-confirmed").unwrap(), domain::format::vnd(confirmed_before));
    for reference in [&named, &hidden] {
        act(&portal, &coordinator, reference, "confirm", &[("evidence_kind", "bank_transaction"), ("evidence", "FT1")])
            .await;
    }
    let after = portal.get("/transparency").await.unwrap();
    assert_eq!(after.text(".t-confirmed").unwrap(), domain::format::vnd(confirmed_before + 2_000_000));
    // The charts come first, titled above, each bar's label and amount in text a phone can read.
    let kinds = after.texts(".bar-chart").into_iter().find(|c| c.contains("Đồ ấm mùa đông")).expect("a chart by kind");
    assert!(kinds.trim_start().starts_with(&after.texts(".bar-chart figcaption")[0]), "title above: {kinds}");
    let bar = after.texts(".bars li").into_iter().find(|row| row.starts_with("Đồ ấm mùa đông")).unwrap();
    assert!(bar.contains("2.000.000 ₫"), "the amount beside the kind: {bar}");
    // Each kind of support with what was pledged, received and handed over (nothing yet).
    let warm = after
        .texts(".flow-table tbody tr")
        .into_iter()
        .find(|row| row.starts_with("Đồ ấm mùa đông"))
        .expect("a row for warm clothes");
    let figures: Vec<&str> = warm.split('₫').map(str::trim).collect();
    assert!(figures[0].ends_with("2.000.000"), "pledged in the row: {warm}");
    assert_eq!(figures[1], "2.000.000", "received: {warm}");
    assert_eq!(figures[2], "0", "nothing handed over yet: {warm}");

    // Looking up: by reference anyone sees the status and amount; by name only named donors.
    let by_reference = portal.get(&format!("/transparency?find={}", hidden.to_lowercase())).await.unwrap();
    assert_eq!(by_reference.texts(".contribution-reference"), vec![hidden.clone()]);
    assert_eq!(by_reference.texts(".contribution-donor"), vec!["Người ủng hộ không công khai tên"]);
    let by_name = portal.get("/transparency?find=hoang+van+kin").await.unwrap();
    assert!(by_name.texts(".contribution-reference").is_empty(), "an anonymous donor is not found by name");
    let by_name = portal.get("/transparency?find=nguyen+thi+lan").await.unwrap();
    assert_eq!(by_name.texts(".contribution-reference"), vec![named.clone()]);
    for page in [&after, &by_reference, &by_name] {
        for private in ["0905 123 456", "Hoàng Văn Kín", "1200000@example.vn"] {
            assert!(!page.body.contains(private), "{private} on a public page");
        }
    }

    // Open data: CSV with a byte-order mark, and the same figure through the API.
    let csv = portal.http.get(portal.url("/transparency.csv")).send().await.unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "Excel reads it as UTF-8");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.lines().any(|l| l.ends_with(",individual,Cá nhân,2000000")), "{text}");
    let (status, summary) = portal.json("/api/v1/summary").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(summary["totals"]["confirmed"], confirmed_before + 2_000_000);
    assert_eq!(portal.json("/api/v1/summary?year=khong").await.unwrap().0, 422);

    // The ledger itself, line by line: names only by consent.
    let year = domain::format::today().year();
    let (status, ledger) = portal.json(&format!("/api/v1/ledger?year={year}")).await.unwrap();
    assert_eq!(status, 200);
    let items = ledger["items"].as_array().unwrap();
    let line = |reference: &str| items.iter().find(|i| i["reference"] == reference).unwrap().clone();
    assert_eq!(line(&named)["donor"], "Nguyễn Thị Lan");
    // An anonymous gift's line carries neither the name nor the reference that leads to it.
    assert!(items.iter().all(|i| i["reference"] != hidden.as_str()), "the reference would tie the gift to its donor");
    let anonymous = items.iter().find(|i| i["amount"] == 800_000).unwrap();
    assert!(anonymous["donor"].is_null() && anonymous["reference"].is_null(), "{anonymous}");
    assert!(!ledger.to_string().contains("Hoàng Văn Kín"));
    let (_, found) = portal.json("/api/v1/ledger?q=nguyen%20thi").await.unwrap();
    assert_eq!(found["total"], 1);
    let (_, hidden_by_name) = portal.json("/api/v1/ledger?q=hoang%20van").await.unwrap();
    assert_eq!(hidden_by_name["total"], 0);
    let (status, bad) = portal.json("/api/v1/ledger?category=sweets&commune=123").await.unwrap();
    assert_eq!(status, 422);
    assert!(bad["fields"]["category"].is_string() && bad["fields"]["commune"].is_string());
}
tests::on_both_backends!(the_public_sees_what_was_confirmed_and_finds_a_contribution_without_personal_data);

async fn a_closed_campaign_publishes_what_it_received_with_names_only_by_consent(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let coordinator = signed_in(&portal, "dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await;
    let slug = crate::OPEN_CAMPAIGN;
    let mut references = Vec::new();
    for (name, amount, display) in [("Đoàn Thị Ngọc", 600_000, "named"), ("Bùi Văn Kín", 400_000, "anonymous")]
    {
        let answer = portal
            .http
            .post(portal.url("/api/v1/pledges"))
            .json(&json!({
                "campaign": slug, "donor_type": "individual", "name": name, "phone": "0912 000 111",
                "amount": amount, "display": display, "consent": true
            }))
            .send()
            .await
            .unwrap();
        references.push(answer.json::<serde_json::Value>().await.unwrap()["reference"].as_str().unwrap().to_owned());
    }
    for reference in &references {
        act(&portal, &coordinator, reference, "confirm", &[("evidence_kind", "receipt"), ("evidence", "PT-9")]).await;
    }
    let today = domain::format::date(domain::format::today());
    act(
        &portal,
        &coordinator,
        &references[0],
        "deliver",
        &[
            ("delivered_on", today.as_str()),
            ("children", "10"),
            ("delivered_by", "Tỉnh đoàn"),
            ("received_by", "Trường"),
        ],
    )
    .await;

    // The window ends (the coordinator moves it into the past).
    let record = store.campaign(slug).await.unwrap().unwrap();
    let actor = store.staff_by_email("dieuphoi@soyte.gov.vn").await.unwrap().unwrap().id;
    let day = time::Duration::days(1);
    let closed = portal::store::NewCampaign {
        slug: record.slug.clone(),
        title: record.title.clone(),
        summary: record.summary.clone(),
        story: record.story.clone(),
        goal: record.goal,
        bank_bin: record.bank_bin.clone(),
        account_number: record.account_number.clone(),
        account_name: record.account_name.clone(),
        opens_on: domain::format::today() - day * 60,
        closes_on: domain::format::today() - day,
        cover_image_id: None,
        published: true,
        need_ids: record.need_ids.clone(),
        drop_offs: Vec::new(),
        demo: true,
    };
    store.update_campaign(record.id, &closed, actor).await.unwrap();
    portal.state.portal.changed();

    let page = portal.get(&format!("/campaigns/{slug}")).await.unwrap();
    assert_eq!(page.text(".closing-received").unwrap(), "1.000.000 ₫");
    assert_eq!(page.text(".closing-delivered").unwrap(), "600.000 ₫");
    assert_eq!(page.text(".closing-remaining").unwrap(), "400.000 ₫");
    assert_eq!(page.texts(".gift-donor"), vec!["Đoàn Thị Ngọc", "Người ủng hộ không công khai tên"]);
    assert!(!page.body.contains("Bùi Văn Kín") && !page.body.contains("0912 000 111"));
    assert!(page.attrs("a.button", "href").iter().all(|h| !h.starts_with("/pledge")), "no more pledges");
}
tests::on_both_backends!(a_closed_campaign_publishes_what_it_received_with_names_only_by_consent);
