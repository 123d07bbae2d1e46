//! The bank statement confirms pledges: exact matches confirm, several transfers pay one pledge,
//! one bank transaction printed twice counts once, a re-imported or overlapping statement confirms
//! nothing twice, and whatever is uncertain waits for a person.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal::statements::{ColumnMapping, parse};
use serde_json::json;
use tests::{Backend, TestPortal};

use crate::started;

async fn pledge(portal: &TestPortal, name: &str, amount: i64) -> String {
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "campaign": "bua-trua-du-chat-nam-hoc-2026-2027", "donor_type": "individual", "name": name,
            "email": format!("{amount}@example.vn"), "amount": amount, "display": "named", "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
    answer.json::<serde_json::Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

/// "TN26-7F3K2Q" as a bank might print it: lower case, the dash a space.
fn mangled(reference: &str) -> String {
    reference.to_lowercase().replace('-', " ")
}

async fn a_statement_confirms_what_it_proves_once(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let year = domain::format::today().year();
    let before = store.ledger_totals(Some(year)).await.unwrap();
    let exact = pledge(&portal, "Nguyễn Văn An", 500_000).await;
    let instalments = pledge(&portal, "Trần Thị Bình", 1_200_000).await;
    let no_marks = pledge(&portal, "Lê Văn Cường", 300_000).await;
    let overpaid = pledge(&portal, "Phạm Thị Dung", 200_000).await;
    let twice = pledge(&portal, "Hoàng Văn Em", 400_000).await;
    let shared = pledge(&portal, "Vũ Thị Gấm", 100_000).await;

    let statement = format!(
        "date,amount,description,reference\n\
         2026-11-30,500.000,Ủng hộ {exact},FT001\n\
         30/11/2026,\"700,000\",UNG HO {instalments} TRAN THI BINH,FT002\n\
         2026-11-30,500000,ung ho {no_marks_m} le van cuong,FT003\n\
         2026-11-30,250000,ung ho {overpaid},FT004\n\
         2026-11-30,200000,UNG HO {twice},FT005\n\
         2026-11-30,200000,UNG HO {twice},FT005\n\
         2026-11-30,350000,ung ho {shared} va {overpaid},FT006\n\
         2026-11-30,90000,chuyen tien,FT007\n",
        no_marks_m = mangled(&no_marks)
    );
    let lines = parse(statement.as_bytes(), &ColumnMapping::generic()).unwrap();
    let now = time::OffsetDateTime::now_utc();
    let outcome = store.import_statement("sao-ke-11.csv", &lines, None, domain::format::today(), now).await.unwrap();
    // exact = 1 confirmed; 700k of 1.2tr and 200k of 400k are part payments — the second FT005
    // line is the same bank transaction printed twice; 500k for a 300k pledge, 250k for 200k, a
    // transfer naming two pledges and a line naming none wait for a person.
    assert_eq!(
        (outcome.lines, outcome.already_imported, outcome.confirmed, outcome.part_payments, outcome.to_review),
        (8, 1, 1, 2, 4),
        "{outcome:?}"
    );
    assert_eq!(store.pledge(&exact).await.unwrap().unwrap().status, "confirmed");
    assert_eq!(store.pledge(&twice).await.unwrap().unwrap().status, "partly_paid", "one reference, one transfer");
    assert_eq!(store.pledge(&instalments).await.unwrap().unwrap().status, "partly_paid");
    assert_eq!(store.pledge(&no_marks).await.unwrap().unwrap().status, "pledged", "500.000 is not 300.000");
    assert_eq!(store.statement_review(20).await.unwrap().len(), 4);
    // The ledger holds what arrived: 500k, 700k of 1.2tr and the one 200k transfer.
    let after = store.ledger_totals(Some(year)).await.unwrap();
    assert_eq!(after.confirmed - before.confirmed, 1_400_000);

    // The same file again, and a later statement that overlaps it: only the new line counts.
    let again = store.import_statement("sao-ke-11.csv", &lines, None, domain::format::today(), now).await.unwrap();
    assert_eq!((again.already_imported, again.confirmed, again.part_payments, again.to_review), (8, 0, 0, 0));
    let overlapping = format!("{statement}2026-12-01,500000,UNG HO {instalments},FT010\n");
    let lines = parse(overlapping.as_bytes(), &ColumnMapping::generic()).unwrap();
    let later = store.import_statement("sao-ke-12.csv", &lines, None, domain::format::today(), now).await.unwrap();
    assert_eq!((later.already_imported, later.confirmed), (8, 1));
    assert_eq!(store.pledge(&instalments).await.unwrap().unwrap().status, "confirmed", "paid in two transfers");
    let last = store.ledger_totals(Some(year)).await.unwrap();
    assert_eq!(last.confirmed - before.confirmed, 1_900_000);
    assert_eq!(store.pledge_ledger(&instalments).await.unwrap().len(), 2, "one ledger entry per transfer");
    let (receipts, _) = store.notices(None, 100, 0).await.unwrap();
    assert_eq!(receipts.iter().filter(|n| n.kind == domain::NoticeKind::Receipt).count(), 4, "one per transfer");
}
tests::on_both_backends!(a_statement_confirms_what_it_proves_once);

async fn a_coordinator_uploads_a_statement_and_matches_the_rest_by_hand(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let cookie = portal.staff_signed_in("ketoan@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let first = pledge(&portal, "Đinh Thị Hạnh", 150_000).await;
    let second = pledge(&portal, "Mai Văn Khoa", 250_000).await;
    let upload = |body: Vec<u8>, columns: &str| {
        let form = reqwest::multipart::Form::new().text("columns", columns.to_owned()).part(
            "statement",
            reqwest::multipart::Part::bytes(body).file_name("sao-ke.csv").mime_str("text/csv").unwrap(),
        );
        portal.http.post(portal.url("/staff/reconcile")).header("cookie", &cookie).multipart(form).send()
    };

    // A broken file is refused whole, with the line named in Vietnamese.
    let broken = upload(
        "Ngày,Số tiền,Nội dung,Mã GD\n2026-11-30,mười nghìn,x,FT1\n".as_bytes().to_vec(),
        "Ngày,Số tiền,Nội dung,Mã GD",
    )
    .await
    .unwrap();
    assert_eq!(broken.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".import-error").unwrap().starts_with("Dòng 2:"), "{:?}", page.text(".import-error"));

    // One transfer for both pledges: it waits; the accountant splits nothing but matches it to one,
    // typing its reference as the bank printed it. A bank fee waits too, and is set aside with why.
    let statement = format!(
        "Ngày,Số tiền,Nội dung,Mã GD\n30/11/2026,150.000,CK {first} {second},FT77\n30/11/2026,11.000,PHI QUAN LY TK,FT78\n"
    );
    let sent = upload(statement.into_bytes(), "Ngày,Số tiền,Nội dung,Mã GD").await.unwrap();
    assert_eq!(sent.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &cookie)]).await.unwrap();
    assert!(
        page.text(".import-outcome").unwrap().contains("2 khoản chờ đối chiếu"),
        "{:?}",
        page.text(".import-outcome")
    );
    let waiting = store.statement_review(10).await.unwrap();
    assert_eq!(waiting.len(), 2);
    let fee = waiting.iter().find(|line| line.4 == "FT78").unwrap().0;
    let transfer = waiting.iter().find(|line| line.4 == "FT77").unwrap().0;
    let home = portal.get_with("/staff", &[("cookie", &cookie)]).await.unwrap();
    assert!(
        home.texts(".waiting li").iter().any(|l| l.starts_with("2 khoản chuyển khoản chờ đối chiếu")),
        "the staff home says what waits: {:?}",
        home.texts(".waiting li")
    );
    let no_reason =
        portal.post_form_as(&format!("/staff/reconcile/{fee}/set-aside"), &cookie, &[("reason", "  ")]).await.unwrap();
    assert_eq!(no_reason.status(), 303);
    let page = portal.get_with("/staff/reconcile", &[("cookie", &cookie)]).await.unwrap();
    assert!(page.text(".import-error").is_some_and(|m| m.contains("lý do")), "a reason is asked for");
    assert_eq!(store.statement_review(10).await.unwrap().len(), 2, "nothing set aside without a reason");
    let aside = portal
        .post_form_as(&format!("/staff/reconcile/{fee}/set-aside"), &cookie, &[("reason", "Phí quản lý tài khoản")])
        .await
        .unwrap();
    assert_eq!(aside.status(), 303);
    let (bank_style, _) = first.split_at(4);
    let typed = format!("{} {}", bank_style.to_lowercase(), &first[5..].to_lowercase());
    let matched = portal
        .post_form_as(&format!("/staff/reconcile/{transfer}/match"), &cookie, &[("reference", typed)])
        .await
        .unwrap();
    assert_eq!(matched.status(), 303);
    assert_eq!(store.pledge(&first).await.unwrap().unwrap().status, "confirmed");
    assert_eq!(store.pledge(&second).await.unwrap().unwrap().status, "pledged");
    assert!(store.statement_review(10).await.unwrap().is_empty(), "the fee was set aside, the transfer matched");
    let events = store.pledge_events(&first).await.unwrap();
    assert!(events[0].evidence.starts_with("FT77"), "{:?}", events[0].evidence);
}
tests::on_both_backends!(a_coordinator_uploads_a_statement_and_matches_the_rest_by_hand);

async fn a_long_statement_is_imported_in_chunks_and_shows_how_far_it_got(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let cookie = portal.staff_signed_in("ketoan@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    let paid = pledge(&portal, "Đoàn Văn Quý", 650_000).await;
    // A month of a busy account: 1.234 transfers, one of them — far down — for the pledge.
    let mut statement = String::from("date,amount,description,reference\n");
    for n in 1..=1_234 {
        let description = if n == 1_100 { format!("UNG HO {paid}") } else { format!("CHUYEN KHOAN {n}") };
        statement.push_str(&format!("2026-11-{:02},{},{description},FT{n:05}\n", n % 28 + 1, 50_000 + n));
    }
    statement = statement.replace(&format!("{},UNG HO {paid}", 50_000 + 1_100), &format!("650000,UNG HO {paid}"));
    let form = reqwest::multipart::Form::new().part(
        "statement",
        reqwest::multipart::Part::bytes(statement.into_bytes())
            .file_name("sao-ke-thang-11.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let sent = portal
        .http
        .post(portal.url("/staff/reconcile"))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let progress_page = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(progress_page.starts_with("/staff/reconcile/imports/"), "{progress_page}");

    let mut outcome = None;
    for _ in 0..60 {
        let page = portal.get_with(&progress_page, &[("cookie", &cookie)]).await.unwrap();
        if let Some(text) = page.text(".import-outcome") {
            outcome = Some(text);
            break;
        }
        // While it runs, the page says how far it got and reloads itself.
        let label = page.text("label[for=import-progress]").unwrap();
        assert!(label.contains("/1.234 dòng"), "{label}");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let outcome = outcome.expect("the import finishes");
    assert!(outcome.starts_with("Đã đọc 1234 dòng"), "{outcome}");
    assert!(outcome.contains("1 đăng ký được xác nhận"), "{outcome}");
    assert_eq!(store.pledge(&paid).await.unwrap().unwrap().status, "confirmed");
    assert_eq!(store.statement_review(2_000).await.unwrap().len(), 1_233);
    let id: i64 = progress_page.rsplit('/').next().unwrap().parse().unwrap();
    let progress = store.statement_import(id).await.unwrap().unwrap();
    assert_eq!((progress.status.as_str(), progress.outcome.lines, progress.total_lines), ("done", 1_234, 1_234));
}
tests::on_both_backends!(a_long_statement_is_imported_in_chunks_and_shows_how_far_it_got);
