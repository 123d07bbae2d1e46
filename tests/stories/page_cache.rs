//! Public pages are kept rendered and compressed; an edit that changes them shows at once, and a
//! pledge moves only the pages showing what it moved, once per refresh window.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use domain::{Category, NeedStatus};
use portal::store::NewNeed;
use serde_json::json;
use tests::{Backend, TestPortal};

use crate::OPEN_CAMPAIGN as OPEN;
use crate::{count_public, started};

/// The other demo campaign open today.
const OTHER: &str = "bua-trua-du-chat-nam-hoc-2026-2027";

async fn pledged_on(portal: &TestPortal, slug: &str) -> String {
    portal.get(&format!("/campaigns/{slug}")).await.unwrap().text(".campaign-pledged").unwrap()
}

async fn a_crowd_reads_a_campaign_while_pledges_arrive_and_the_total_catches_up(backend: Backend) {
    let Some(portal) = TestPortal::start_with(backend, |c| c.progress_window_ms = 1000).await.unwrap() else {
        return;
    };
    portal.seed_demo().await.unwrap();
    let cache = &portal.state.page_cache;
    assert_eq!(portal.store.campaign(OPEN).await.unwrap().unwrap().pledged, 0);
    let zero = domain::format::vnd(0);
    assert_eq!(pledged_on(&portal, OPEN).await, zero);
    let other_before = pledged_on(&portal, OTHER).await;
    let home = portal.get("/").await.unwrap().text("main").unwrap();
    let renders = cache.renders();

    // The campaign is shared; a donor gives through the API while the crowd reads.
    let pledge = json!({
        "campaign": OPEN, "donor_type": "individual", "name": "Nguyễn Thị Mai", "email": "mai@example.vn",
        "amount": 1_234_567, "display": "named", "consent": true
    });
    let sent = portal.http.post(portal.url("/api/v1/pledges")).json(&pledge).send().await.unwrap();
    assert_eq!(sent.status(), 201);
    let reference = sent.json::<serde_json::Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();

    // The donor's own page is never behind.
    let thanks = portal.get(&format!("/pledge/{reference}")).await.unwrap();
    assert!(thanks.text("main").unwrap().contains("1.234.567 ₫"));

    // Within the window the kept copies are served as they are: nobody waits for a render.
    for _ in 0..3 {
        assert_eq!(pledged_on(&portal, OPEN).await, zero);
        assert_eq!(pledged_on(&portal, OTHER).await, other_before);
    }
    assert_eq!(cache.renders(), renders, "no page was rendered again inside the window");

    // Once the window has passed, the first reader renders the campaign again, and only it; the
    // other campaign's page showed nothing the pledge moved and stays as kept.
    portal.clock.advance(Duration::from_millis(1000));
    assert_eq!(pledged_on(&portal, OPEN).await, "1.234.567 ₫");
    assert_eq!(cache.renders(), renders + 1);
    assert_eq!(pledged_on(&portal, OTHER).await, other_before);
    assert_eq!(pledged_on(&portal, OPEN).await, "1.234.567 ₫");
    assert_eq!(cache.renders(), renders + 1, "the other campaign was not rendered again");
    // The home page shows the totals: it follows too.
    assert_ne!(portal.get("/").await.unwrap().text("main").unwrap(), home);
    assert_eq!(cache.renders(), renders + 2);

    // An edit shows at once, window or not: the other campaign is withdrawn.
    portal
        .execute(
            &format!("UPDATE campaigns SET published = 0 WHERE slug = '{OTHER}'"),
            &format!("UPDATE campaigns SET published = FALSE WHERE slug = '{OTHER}'"),
        )
        .await
        .unwrap();
    portal.state.portal.changed();
    assert_eq!(portal.get(&format!("/campaigns/{OTHER}")).await.unwrap().status, 404);

    portal.finish().await;
}
tests::on_both_backends!(a_crowd_reads_a_campaign_while_pledges_arrive_and_the_total_catches_up);

async fn a_newly_published_need_shows_on_the_cached_board(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    let before = portal.get("/needs?category=health").await.unwrap();
    assert_eq!(before.count(".need-card"), count_public(Some(Category::Health), None, None));
    assert!(!portal.state.page_cache.is_empty(), "the board was kept");

    // The kept page is served compressed to browsers that accept it.
    let brotli = portal.get_with("/needs?category=health", &[("accept-encoding", "br")]).await.unwrap();
    assert_eq!(brotli.header("content-encoding").as_deref(), Some("br"));
    let gzip = portal.get_with("/needs?category=health", &[("accept-encoding", "gzip")]).await.unwrap();
    assert_eq!(gzip.header("content-encoding").as_deref(), Some("gzip"));

    let need = NewNeed {
        commune_code: "05725".into(),
        site: None,
        category: Category::Health,
        title: "Khám răng miệng cho học sinh tiểu học".into(),
        description: String::new(),
        children: 90,
        quantity: 90,
        unit: "lượt khám".into(),
        unit_cost: 60_000,
        period_start: time::macros::date!(2027 - 03 - 01),
        period_end: time::macros::date!(2027 - 03 - 31),
        status: NeedStatus::Published,
        demo: false,
    };
    portal.store.insert_need(&need).await.unwrap();
    portal.state.portal.changed();

    let after = portal.get("/needs?category=health").await.unwrap();
    assert_eq!(after.count(".need-card"), before.count(".need-card") + 1);
    assert!(after.texts(".need-card h3").contains(&need.title));

    portal.finish().await;
}
tests::on_both_backends!(a_newly_published_need_shows_on_the_cached_board);

async fn a_staff_members_copy_of_a_public_page_is_never_shared(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let email = "quan.tri@soyte.example.vn";
    portal.state.portal.create_admin(email, "", "mật khẩu đủ dài 2026".into()).await.unwrap();
    portal.enrol_second_factor(email).await.unwrap();
    let cookie = portal.sign_in_staff(email, "mật khẩu đủ dài 2026").await.unwrap();

    let staff_copy = portal.get_with("/needs", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(staff_copy.header("cache-control").as_deref(), Some("private, no-cache"));
    assert_eq!(staff_copy.count("a.staff-link"), 1, "staff see the way to their workspace");
    for _ in 0..2 {
        let public = portal.get("/needs").await.unwrap();
        assert_eq!(public.header("cache-control").as_deref(), Some("public, no-cache"));
        assert_eq!(public.count("a.staff-link"), 0, "the public copy (fresh or kept) is nobody's own");
    }
    portal.finish().await;
}
tests::on_both_backends!(a_staff_members_copy_of_a_public_page_is_never_shared);
