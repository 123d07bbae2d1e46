//! The public finds a contribution by the words of a named donor's name — in any order, the last
//! one begun, with or without marks — never an anonymous donor's; the year's figures, read from
//! running sums, follow every confirmation and reversal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{LedgerQuery, Role};
use serde_json::json;
use tests::{Backend, TestPortal};

async fn pledge(portal: &TestPortal, need: i64, kind: &str, name: &str, amount: i64, display: &str) -> String {
    // A phone number of its own for each, so that no two are taken for the same donor.
    let phone = format!("0912 {:03} {:03}", amount / 1000 % 1000, amount / 1_000_000);
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "need": need, "donor_type": kind, "name": name, "phone": phone,
            "tax_code": (kind == "business").then_some("4600123456"),
            "amount": amount, "display": display, "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201, "{}", answer.text().await.unwrap());
    answer.json::<serde_json::Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

async fn staff_action(portal: &TestPortal, cookie: &str, reference: &str, action: &str, form: &[(&str, &str)]) {
    let answer = portal.post_form_as(&format!("/staff/pledges/{reference}/{action}"), cookie, form).await.unwrap();
    assert!(answer.status().is_redirection(), "{action} {reference}: {}", answer.status());
}

fn ledger_query(q: &str) -> LedgerQuery {
    LedgerQuery { q: Some(q.to_owned()), year: None, commune: None, category: None, limit: 12, offset: 0 }
}

async fn a_named_donor_is_found_by_the_words_of_their_name_and_the_year_sums_follow_the_ledger(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let need = store.campaign(crate::OPEN_CAMPAIGN).await.unwrap().unwrap().need_ids[0];
    let year = domain::format::today().year();
    let before = store.ledger_totals(Some(year)).await.unwrap();

    let lan = pledge(&portal, need, "individual", "Nguyễn Thị Lan", 1_200_000, "named").await;
    let lam = pledge(&portal, need, "individual", "Đặng Văn Lâm", 500_000, "named").await;
    let lanh = pledge(&portal, need, "individual", "Nguyễn Thị Lanh", 300_000, "anonymous").await;
    let company = pledge(&portal, need, "business", "Công ty TNHH Chè Tân Cương", 2_000_000, "named").await;
    for reference in [&lan, &lam, &lanh, &company] {
        staff_action(
            &portal,
            &coordinator,
            reference,
            "confirm",
            &[("evidence_kind", "receipt"), ("evidence", "PT-7")],
        )
        .await;
    }

    let found = |name: &'static str| async move {
        store
            .find_contributions(None, Some(name), 20)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.reference)
            .collect::<Vec<_>>()
    };
    for name in ["Nguyễn Thị Lan", "nguyen thi lan", "lan nguyen", "NGUYEN THI LA", "Lan Nguyễn", "ngu"] {
        assert_eq!(found(name).await, vec![lan.clone()], "{name:?}: the anonymous Nguyễn Thị Lanh stays hidden");
    }
    for name in ["Đặng Lâm", "dang lam", "van lam"] {
        assert_eq!(found(name).await, vec![lam.clone()], "{name:?}");
    }
    for name in ["tan cuong", "Chè Tân Cương", "cong ty tnhh che"] {
        assert_eq!(found(name).await, vec![company.clone()], "{name:?}");
    }
    for name in ["Nguyễn Thị Lanh", "lanh", "0912", "4600123456", "guyen", "Nguyễn Văn Lan", "—"] {
        assert!(found(name).await.is_empty(), "{name:?} finds nobody");
    }
    // The newest first; a reference finds its pledge whatever the donor chose.
    assert_eq!(found("t").await, vec![company.clone(), lan.clone()]);
    let by_reference = store.find_contributions(Some(&lanh.to_lowercase()), None, 1).await.unwrap();
    assert_eq!(by_reference.len(), 1);
    assert_eq!(by_reference[0].donor, None);

    // The open-data ledger: the same search, a line per entry, the total counted alike.
    let (items, total) = store.public_ledger(&ledger_query("nguyen")).await.unwrap();
    assert_eq!((items.len(), total), (1, 1));
    assert_eq!(items[0].donor.as_deref(), Some("Nguyễn Thị Lan"));
    let (items, total) = store.public_ledger(&ledger_query(&lanh)).await.unwrap();
    assert_eq!((total, items[0].donor.clone()), (1, None), "the reference of an anonymous gift, without a name");
    let (_, total) =
        store.public_ledger(&LedgerQuery { year: Some(i64::from(year) + 1), ..ledger_query("lan") }).await.unwrap();
    assert_eq!(total, 0, "another year");
    let (_, api) = portal.json("/api/v1/ledger?q=van%20lam").await.unwrap();
    assert_eq!(api["total"], 1);
    assert_eq!(api["items"][0]["reference"], lam.as_str());

    // A reversal takes its gift back from the year's sums, and every view of the year agrees.
    staff_action(&portal, &coordinator, &lam, "cancel", &[("note", "Chuyển nhầm, đã hoàn lại")]).await;
    let after = store.ledger_totals(Some(year)).await.unwrap();
    assert_eq!(after.confirmed - before.confirmed, 1_200_000 + 300_000 + 2_000_000);
    assert_eq!(after.donors - before.donors, 3, "a donor whose gifts were all taken back is not counted");
    let (items, total) = store.public_ledger(&ledger_query("dang lam")).await.unwrap();
    assert_eq!((items.len(), total), (2, 2), "the confirmation and its reversal");
    let breakdown = store.ledger_breakdown(year).await.unwrap();
    assert_eq!(breakdown.totals, after);
    for list in [&breakdown.by_category, &breakdown.by_commune, &breakdown.by_source] {
        assert_eq!(list.iter().map(|(_, v)| v).sum::<i64>(), after.confirmed);
        assert!(list.windows(2).all(|w| w[0].1 >= w[1].1), "the largest first");
    }
    assert!(breakdown.years.contains(&year));
    let cells = store.ledger_cells(year).await.unwrap();
    assert_eq!(cells.iter().map(|c| c.3).sum::<i64>(), after.confirmed);
    let report = store.yearly_report(year).await.unwrap();
    assert_eq!(report.rows.iter().map(|r| r.3).sum::<i64>(), after.confirmed);
    assert_eq!(report.totals, after);
    let all_years = store.ledger_totals(None).await.unwrap();
    assert_eq!(all_years.confirmed, after.confirmed, "only this year has entries");
}
tests::on_both_backends!(a_named_donor_is_found_by_the_words_of_their_name_and_the_year_sums_follow_the_ledger);
