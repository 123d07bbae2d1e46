//! A partner system pledges through the JSON API: retries are harmless, mistakes are named field by
//! field, and a pledge's public status carries no personal data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::Backend;

use crate::OPEN_CAMPAIGN as OPEN;
use crate::started;

async fn a_partner_system_pledges_and_a_retry_records_one_pledge(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let before = store.campaign(OPEN).await.unwrap().unwrap();

    let (status, list) = portal.json("/api/v1/campaigns").await.unwrap();
    assert_eq!(status, 200);
    let open = list["items"].as_array().unwrap().iter().find(|c| c["slug"] == OPEN).expect("the open campaign");
    assert_eq!(open["accepting"], true);
    assert_eq!(open["receiving_account"]["bin"], "970436");
    let (status, detail) = portal.json(&format!("/api/v1/campaigns/{OPEN}")).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(detail["needs"].as_array().unwrap().len(), 3);
    assert!(detail["story_html"].as_str().unwrap().contains("<h2>"));

    let body = json!({
        "campaign": OPEN, "donor_type": "organisation", "name": "Hội Doanh nhân trẻ tỉnh",
        "email": "vanphong@doanhnhantre.vn", "amount": 15_000_000, "display": "named", "consent": true,
        "mobilised_by": "mttq-tinh"
    });
    let send = |body: Value, key: &'static str| {
        portal.http.post(portal.url("/api/v1/pledges")).header("idempotency-key", key).json(&body).send()
    };
    let first = send(body.clone(), "hdnt-2026-11-30-001").await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let reference = first["reference"].as_str().unwrap().to_owned();
    assert_eq!(first["status"], "pledged");
    let transfer = domain::vietqr::decode(first["vietqr"].as_str().unwrap()).unwrap();
    assert_eq!((transfer.bin.as_str(), transfer.amount), ("970436", Some(15_000_000)));
    assert_eq!(transfer.purpose.as_deref(), Some(reference.as_str()));

    // The network timed out and the partner retries: the same pledge, not a second one.
    let retry = send(body.clone(), "hdnt-2026-11-30-001").await.unwrap();
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.unwrap()["reference"], reference.as_str());
    let after = store.campaign(OPEN).await.unwrap().unwrap();
    assert_eq!((after.pledges - before.pledges, after.pledged - before.pledged), (1, 15_000_000));

    // The same key for something else is a conflict, not a silent replay.
    let mut other = body.clone();
    other["amount"] = json!(20_000_000);
    let conflict = send(other, "hdnt-2026-11-30-001").await.unwrap();
    assert_eq!(conflict.status(), 409);
    assert_eq!(conflict.json::<Value>().await.unwrap()["code"], "key_reused");

    // Anyone may check a pledge's status by its reference; nobody learns who made it.
    let (status, public) = portal.json(&format!("/api/v1/pledges/{reference}")).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(public["amount"], 15_000_000);
    assert_eq!(public["campaign"], OPEN);
    let text = public.to_string();
    for personal in ["Hội Doanh nhân trẻ", "vanphong@", "doanhnhantre"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    assert_eq!(portal.json("/api/v1/pledges/TN26-ZZZZZZ").await.unwrap().0, 404);
}
tests::on_both_backends!(a_partner_system_pledges_and_a_retry_records_one_pledge);

async fn every_wrong_field_is_named_in_the_requested_language(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let post = |body: Value| portal.http.post(portal.url("/api/v1/pledges")).json(&body).send();

    let bad = post(json!({
        "campaign": OPEN, "donor_type": "business", "name": "", "email": "not-an-address",
        "amount": -5, "display": "famous", "consent": false
    }))
    .await
    .unwrap();
    assert_eq!(bad.status(), 422);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["code"], "invalid");
    let fields = bad["fields"].as_object().unwrap();
    assert_eq!(fields["name"], "Xin điền mục này.");
    assert_eq!(fields["consent"], "Xin đọc và đồng ý với chính sách quyền riêng tư để tiếp tục.");
    assert_eq!(
        fields["tax_code"], "Doanh nghiệp xin ghi mã số thuế: biên nhận của Đề án ghi tên và mã số thuế của đơn vị.",
        "a business gives its tax code, and is told why"
    );
    for field in ["email", "amount", "display"] {
        assert!(fields.contains_key(field), "{field} in {fields:?}");
    }

    let english = post(json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Anna", "phone": "12",
        "in_kind": {"item": "Coats", "quantity": 0, "unit": "pieces", "estimated_value": 1000000},
        "display": "named", "consent": true, "language": "en"
    }))
    .await
    .unwrap();
    assert_eq!(english.status(), 422);
    let english: Value = english.json().await.unwrap();
    assert_eq!(english["fields"]["phone"], "The phone number is not right (9–15 digits).");
    assert!(english["fields"]["in_kind.quantity"].is_string(), "{english}");

    let not_json = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .header("content-type", "application/json")
        .body("{\"campaign\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 422);
    assert_eq!(not_json.json::<Value>().await.unwrap()["code"], "invalid");

    let unknown = post(json!({
        "campaign": "khong-co-chien-dich-nay", "donor_type": "individual", "name": "Anna", "phone": "0912345678",
        "amount": 100000, "display": "named", "consent": true
    }))
    .await
    .unwrap();
    assert_eq!(unknown.status(), 404);

    // Goods to a need outside any campaign: counted at their estimated value, nothing to transfer.
    let need = portal.store.campaign(OPEN).await.unwrap().unwrap().need_ids[0];
    let goods = post(json!({
        "need": need, "donor_type": "individual", "name": "Trần Thị Lan", "phone": "0987 654 321",
        "in_kind": {"item": "Áo khoác trẻ em", "quantity": 20, "unit": "chiếc", "estimated_value": 5000000},
        "display": "anonymous", "consent": true
    }))
    .await
    .unwrap();
    assert_eq!(goods.status(), 201);
    let goods: Value = goods.json().await.unwrap();
    assert_eq!(goods["value"], 5_000_000);
    assert_eq!(goods["kind"], "in_kind");
    assert!(goods["vietqr"].is_null());

    let (_, openapi) = portal.json("/api/v1/openapi.json").await.unwrap();
    for path in ["/api/v1/campaigns", "/api/v1/campaigns/{slug}", "/api/v1/pledges", "/api/v1/pledges/{reference}"] {
        assert!(openapi["paths"].get(path).is_some(), "{path} in the OpenAPI document");
    }
}
tests::on_both_backends!(every_wrong_field_is_named_in_the_requested_language);
