//! A mass organisation's own year: the Women's Union enters its mobilisation plan, follows what the
//! portal counted for it, and submits its report to the department, which then sees every
//! organisation's plan beside its results.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::Role;
use serde_json::json;
use tests::{Backend, TestPortal};

use crate::network::{confirm, pledge, post_form};

async fn partner_page(portal: &TestPortal, cookie: &str) -> tests::Page {
    let page = portal.get_with("/staff/partner-plan", &[("cookie", cookie)]).await.unwrap();
    assert_eq!(page.status, 200, "{}", page.body);
    page
}

/// A gift someone makes through the union, confirmed by the coordinator.
async fn gift_through_the_union(portal: &TestPortal, coordinator: &str, name: &str, amount: i64) {
    let (_, needs) = portal.json("/api/v1/needs").await.unwrap();
    let reference = pledge(
        portal,
        json!({"need": needs["items"][0]["id"], "donor_type": "individual", "name": name,
               "email": format!("{}@example.vn", amount), "amount": amount, "display": "named", "consent": true,
               "mobilised_by": "hoi-phu-nu-tinh"}),
    )
    .await;
    confirm(portal, coordinator, &reference).await;
}

async fn a_partner_plans_its_year_and_reports_it(backend: Backend) {
    let Some(portal) = crate::started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let store = &portal.store;
    let year = domain::format::today().year();
    let union = store.listed_member("hoi-phu-nu-tinh").await.unwrap().expect("the demo Women's Union");
    let partner = portal.staff_signed_in("hoiphunu@thainguyen.vn", Role::Partner, &[]).await.unwrap();
    let account = store.staff_by_email("hoiphunu@thainguyen.vn").await.unwrap().unwrap();
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", Role::Coordinator, &[]).await.unwrap();

    // Only a partner account that records for an organisation has a plan of its own.
    assert_eq!(portal.get_with("/staff/partner-plan", &[("cookie", &partner)]).await.unwrap().status, 403);
    store.link_partner(account.id, union.id).await.unwrap();
    let empty = partner_page(&portal, &partner).await;
    assert!(empty.text(".empty").is_some(), "no report before a plan");
    let home = portal.get_with("/staff", &[("cookie", &partner)]).await.unwrap();
    assert_eq!(home.attrs("a[href='/staff/partner-plan']", "href").len(), 1, "the staff home leads there");

    // A mistyped plan comes back as typed, each wrong field named, and nothing is kept.
    let typed = [
        ("year", year.to_string()),
        ("donors", "-5".to_owned()),
        ("amount", "nhiều".to_owned()),
        ("children_count", "120".to_owned()),
        ("activities", String::new()),
    ];
    let fields: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/partner-plan", Some(&partner), &fields).await.status(), 303);
    let again = partner_page(&portal, &partner).await;
    assert!(again.text("#donors ~ .field-error").is_some());
    assert!(again.text("#amount ~ .field-error").is_some());
    assert!(again.text("#activities ~ .field-error").is_some());
    assert_eq!(again.attrs("#amount", "value"), ["nhiều"]);
    assert_eq!(again.attrs("#children_count", "value"), ["120"]);
    assert!(store.partner_plan(union.id, year).await.unwrap().is_none());

    // The plan as the union's office types it.
    let activities = "Vận động hội viên 12 xã vùng cao </textarea><b>tháng 10</b>";
    let plan = [
        ("year", year.to_string()),
        ("donors", "40".to_owned()),
        ("amount", "50tr".to_owned()),
        ("children_count", "200".to_owned()),
        ("activities", activities.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = plan.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/partner-plan", Some(&partner), &fields).await.status(), 303);
    let saved = partner_page(&portal, &partner).await;
    assert!(saved.text(".notice").unwrap().contains("Đã lưu kế hoạch"));
    assert_eq!(saved.attrs("#amount", "value"), ["50.000.000"]);
    assert_eq!(saved.text("#activities").as_deref(), Some(activities), "typed text stays text");
    assert!(!saved.body.contains("</textarea><b>"), "what was typed cannot close the field");

    // Two gifts made through the union, confirmed: its results count each once.
    gift_through_the_union(&portal, &coordinator, "Lò Thị Mai", 10_000_000).await;
    gift_through_the_union(&portal, &coordinator, "Hoàng Văn Sáng", 5_000_000).await;
    let counted = partner_page(&portal, &partner).await;
    let amounts = counted.texts(".partner-results tbody tr:nth-child(3) td");
    assert_eq!(amounts, ["50.000.000 ₫", "15.000.000 ₫", "30%"], "planned, received, share");
    assert_eq!(counted.texts(".partner-results tbody tr:nth-child(1) td")[1], "2");

    // An account linked to the union but no longer a partner (its role changed) does not speak for it.
    let desk = portal.staff_signed_in("vanthu@soyte.gov.vn", Role::AreaOfficer, &[]).await.unwrap();
    let desk_account = store.staff_by_email("vanthu@soyte.gov.vn").await.unwrap().unwrap();
    store.link_partner(desk_account.id, union.id).await.unwrap();
    assert_eq!(portal.get_with("/staff/partner-plan", &[("cookie", &desk)]).await.unwrap().status, 403);

    // The department sees the union's plan beside its results; the partner does not see the others'.
    assert_eq!(portal.get_with("/staff/partner-plans", &[("cookie", &partner)]).await.unwrap().status, 403);
    let overview = portal.get_with("/staff/partner-plans", &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(overview.status, 200);
    let card = overview.text(".partner-plan").expect("the union's card");
    assert!(card.contains("15.000.000 ₫") && card.contains("Chưa gửi báo cáo"), "{card}");

    // The union submits its report: dated, locked, with the figures as counted then.
    let report = [("year", year.to_string()), ("report", "Đã vận động 2 nhà tài trợ.".to_owned())];
    let fields: Vec<(&str, &str)> = report.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/partner-plan/report", Some(&partner), &fields).await.status(), 303);
    let locked = partner_page(&portal, &partner).await;
    assert!(locked.attrs("form[action='/staff/partner-plan']", "action").is_empty(), "no plan form once submitted");
    assert!(locked.text(".report-text").unwrap().contains("Đã vận động 2 nhà tài trợ."));

    // A plan sent after the report changes nothing; a later gift moves the results, not the report.
    let changed = [
        ("year", year.to_string()),
        ("donors", "1".to_owned()),
        ("amount", "1tr".to_owned()),
        ("children_count", "1".to_owned()),
        ("activities", "sửa sau".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = changed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_form(&portal, "/staff/partner-plan", Some(&partner), &fields).await.status(), 303);
    assert_eq!(
        post_form(
            &portal,
            "/staff/partner-plan/report",
            Some(&partner),
            &[("year", &year.to_string()), ("report", "lần hai")]
        )
        .await
        .status(),
        303
    );
    gift_through_the_union(&portal, &coordinator, "Ma Thị Hoa", 2_000_000).await;
    let stored = store.partner_plan(union.id, year).await.unwrap().unwrap();
    assert_eq!((stored.targets.donors, stored.targets.amount), (40, 50_000_000));
    let filed = stored.report.unwrap();
    assert_eq!(filed.text, "Đã vận động 2 nhà tài trợ.");
    assert_eq!((filed.results.donors, filed.results.confirmed), (2, 15_000_000));
    let overview = portal.get_with("/staff/partner-plans", &[("cookie", &coordinator)]).await.unwrap();
    let card = overview.text(".partner-plan").unwrap();
    assert!(card.contains("17.000.000 ₫") && card.contains("Đã gửi báo cáo lúc"), "{card}");
}
tests::on_both_backends!(a_partner_plans_its_year_and_reports_it);
