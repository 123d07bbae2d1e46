//! A partner system reads the open data API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use tests::Backend;

use crate::{count_public, public_demo_needs, started};
use domain::Category;

async fn a_partner_reads_needs_and_areas_from_the_api(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    let (status, list) = portal.json("/api/v1/needs?per_page=3").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(list["total"], public_demo_needs().len());
    assert_eq!(list["page"], 1);
    assert_eq!(list["per_page"], 3);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let first = &items[0];
    for field in [
        "id",
        "title",
        "category",
        "commune",
        "children",
        "quantity",
        "unit",
        "unit_cost",
        "total",
        "pledged",
        "period_start",
        "status",
    ] {
        assert!(!first[field].is_null(), "{field} is in every need");
    }
    assert_eq!(
        first["total"].as_i64().unwrap(),
        first["quantity"].as_i64().unwrap() * first["unit_cost"].as_i64().unwrap()
    );
    assert!(first["period_start"].as_str().unwrap().len() == 10, "dates are ISO 8601");

    let (_, warm) = portal.json("/api/v1/needs?category=warm_clothes&per_page=100").await.unwrap();
    assert_eq!(warm["total"], count_public(Some(Category::WarmClothes), None, None));
    assert!(warm["items"].as_array().unwrap().iter().all(|n| n["category"] == "warm_clothes"));

    let id = first["id"].as_i64().unwrap();
    let (status, one) = portal.json(&format!("/api/v1/needs/{id}")).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(one["title"], first["title"]);
    assert!(
        one["formerly"].as_array().is_some_and(|f| !f.is_empty()),
        "a 2025 commune lists the communes it was formed from"
    );

    // Areas: old names, with or without diacritics, lead to the communes of today.
    let (status, areas) = portal.json("/api/v1/areas?q=vo%20nhai").await.unwrap();
    assert_eq!(status, 200);
    let (_, with_marks) = portal.json("/api/v1/areas?q=V%C3%B5%20Nhai").await.unwrap();
    assert_eq!(areas, with_marks, "\"vo nhai\" and \"Võ Nhai\" find the same units");
    let district = areas["items"].as_array().unwrap().iter().find(|a| a["id"] == "pre2025-170").expect("Huyện Võ Nhai");
    assert_eq!(district["name"], "Huyện Võ Nhai");
    assert_eq!(district["system"], "pre-2025");
    let now_in: Vec<&str> =
        district["now_in"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(now_in.contains(&"Xã Sảng Mộc") && now_in.contains(&"Xã Võ Nhai"), "{now_in:?}");
    let (_, dinh_hoa) = portal.json("/api/v1/areas?q=dinh%20hoa").await.unwrap();
    assert!(dinh_hoa["items"].as_array().unwrap().iter().any(|a| a["name"] == "Xã Định Hóa" && a["system"] == "2025"));

    // The OpenAPI document describes every endpoint.
    let (status, doc) = portal.json("/api/v1/openapi.json").await.unwrap();
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/needs", "/api/v1/needs/{id}", "/api/v1/areas"] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc["components"]["schemas"]["Need"].is_object());

    portal.finish().await;
}
tests::on_both_backends!(a_partner_reads_needs_and_areas_from_the_api);

async fn the_api_explains_what_is_wrong(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    let (status, error) = portal.json("/api/v1/needs?category=toys&per_page=1000").await.unwrap();
    assert_eq!(status, 422);
    assert_eq!(error["code"], "invalid");
    assert!(error["message"].as_str().unwrap().contains("chưa hợp lệ"));
    assert!(error["fields"]["category"].as_str().unwrap().contains("warm_clothes"));
    assert!(error["fields"]["per_page"].as_str().unwrap().contains("100"));

    let response =
        portal.http.get(portal.url("/api/v1/needs?status=draft")).header("cookie", "lang=en").send().await.unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["message"], "Some values are not valid.");
    assert!(error["fields"]["status"].as_str().unwrap().contains("published"), "drafts are not open data");

    for path in ["/api/v1/needs/987654", "/api/v1/needs/not-a-number", "/api/v1/nothing-here"] {
        let (status, error) = portal.json(path).await.unwrap();
        assert_eq!((status, error["code"].as_str()), (404, Some("not_found")), "{path}");
    }
    // A draft is not found, even by id.
    let draft_id = {
        let (records, _) = portal
            .store
            .needs(&portal::store::NeedQuery {
                statuses: vec![domain::NeedStatus::Draft],
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        records[0].id
    };
    let (status, _) = portal.json(&format!("/api/v1/needs/{draft_id}")).await.unwrap();
    assert_eq!(status, 404);

    portal.finish().await;
}
tests::on_both_backends!(the_api_explains_what_is_wrong);
