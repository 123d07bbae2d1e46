//! Public pages are kept rendered and compressed, and a write that changes them shows at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{Category, NeedStatus};
use portal::store::NewNeed;
use tests::Backend;

use crate::{count_public, started};

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
