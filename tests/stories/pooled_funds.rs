//! A Women's Union chapter pools its members' gifts in a common fund and forwards them to a school
//! meals need: the money is counted once — as the members' gifts — and only moves, in the
//! records, from the fund to the commune and kind of support it went to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Role;
use serde_json::{Value, json};
use tests::{Backend, TestPortal};

use crate::started;

async fn give_to_pool(portal: &TestPortal, pool: &str, name: &str, phone: &str, amount: i64) -> String {
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({
            "pool": pool, "donor_type": "individual", "name": name, "phone": phone,
            "amount": amount, "display": "named", "consent": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

fn amount_for(list: &[(String, i64)], key: &str) -> i64 {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| *v).unwrap_or(0)
}

async fn a_forwarded_pooled_gift_is_counted_once(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let year = domain::format::today().year();
    let chapter = store.network_members().await.unwrap().into_iter().next().expect("a demo chapter");
    let cookie = portal.staff_signed_in("ketoan@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();
    let confirm = |reference: String| {
        let cookie = cookie.clone();
        let portal = &portal;
        async move {
            let answer = portal
                .post_form_as(
                    &format!("/staff/pledges/{reference}/confirm"),
                    &cookie,
                    &[("evidence_kind", "receipt"), ("evidence", "PT-0107")],
                )
                .await
                .unwrap();
            assert_eq!(answer.status(), 303);
        }
    };
    let before = store.ledger_breakdown(year).await.unwrap();

    // Two members give to the chapter's common fund; the coordinator confirms what it received.
    confirm(give_to_pool(&portal, &chapter.slug, "Lò Thị Mai", "0912 345 678", 300_000).await).await;
    confirm(give_to_pool(&portal, &chapter.slug, "Hà Văn Thắng", "0987 654 321", 200_000).await).await;
    let pooled = store.ledger_breakdown(year).await.unwrap();
    assert_eq!(pooled.totals.confirmed - before.totals.confirmed, 500_000);
    assert_eq!(pooled.totals.donors - before.totals.donors, 2);
    assert_eq!(amount_for(&pooled.by_commune, "") - amount_for(&before.by_commune, ""), 500_000, "not yet allocated");
    let held = store.pool_balances().await.unwrap();
    assert_eq!(held.iter().find(|p| p.slug == chapter.slug).unwrap().held, 500_000);

    // The chapter forwards 450.000 ₫ to a meals need; more than the fund holds is refused.
    let need =
        crate::open_demo_needs().into_iter().find(|n| n.category == domain::Category::Nutrition).expect("a meals need");
    let query = portal::store::NeedQuery {
        statuses: vec![domain::NeedStatus::Published, domain::NeedStatus::Covered],
        limit: 100,
        ..Default::default()
    };
    let (needs, _) = store.needs(&query).await.unwrap();
    let need = needs.into_iter().find(|n| n.title == need.title).unwrap();
    let forward = |amount: &'static str| {
        let (cookie, slug, need_id) = (cookie.clone(), chapter.slug.clone(), need.id.to_string());
        let portal = &portal;
        async move {
            portal
                .http
                .post(portal.url("/staff/pledges/forward"))
                .header("cookie", cookie)
                .form(&[
                    ("member", slug.as_str()),
                    ("need", need_id.as_str()),
                    ("amount", amount),
                    ("evidence", "UNC-2026-031"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let too_much = forward("600.000").await;
    assert_eq!(too_much.headers()["location"], "/staff/pledges#forward");
    let page = portal.get_with("/staff/pledges", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(page.text("#forward .field-error").unwrap(), "Số tiền vượt quá số quỹ chung tổ chức này đang giữ.");
    assert_eq!(page.attrs("#forward-amount", "value"), ["600.000"], "what was typed is kept");

    let need_before = store.need(need.id).await.unwrap().unwrap();
    let done = forward("450.000").await;
    let location = done.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/staff/pledges/"), "{location}");
    let after = store.ledger_breakdown(year).await.unwrap();
    assert_eq!(after.totals.confirmed, pooled.totals.confirmed, "a transfer adds nothing");
    assert_eq!(after.totals.donors, pooled.totals.donors, "the chapter is not a second donor");
    assert_eq!(after.pledged, pooled.pledged, "nor a second pledge");
    assert_eq!(amount_for(&after.by_commune, ""), amount_for(&pooled.by_commune, "") - 450_000);
    assert_eq!(
        amount_for(&after.by_commune, &need.commune_code) - amount_for(&pooled.by_commune, &need.commune_code),
        450_000
    );
    assert_eq!(amount_for(&after.by_source, "mass_organisation"), amount_for(&pooled.by_source, "mass_organisation"));
    assert_eq!(amount_for(&after.by_source, "individual"), amount_for(&pooled.by_source, "individual"));
    let need_after = store.need(need.id).await.unwrap().unwrap();
    assert_eq!(need_after.pledged - need_before.pledged, 450_000, "the need sees what reached it");
    let held = store.pool_balances().await.unwrap();
    assert_eq!(held.iter().find(|p| p.slug == chapter.slug).unwrap().held, 50_000);
}
tests::on_both_backends!(a_forwarded_pooled_gift_is_counted_once);
