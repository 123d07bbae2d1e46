//! Vietnamese by default; `?lang=en` switches and is remembered; the switch keeps the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::Backend;

use crate::started;

async fn a_visitor_switches_to_english_and_back(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    let board = portal.get("/needs?category=nutrition").await.unwrap();
    assert_eq!(board.text("h1").unwrap(), "Bảng nhu cầu hỗ trợ");
    let switch = board.attrs("a.lang-switch", "href");
    assert_eq!(switch, vec!["/needs?category=nutrition&lang=en"], "the switch keeps the page and its filters");

    let english = portal.get(&switch[0]).await.unwrap();
    assert_eq!(english.status, 200);
    assert!(english.body.contains("<html lang=\"en\""));
    assert_eq!(english.text("h1").unwrap(), "Needs board");
    assert!(english.texts(".need-card .badge.cat-nutrition").iter().all(|b| b == "Nutritious meals"));
    let cookie = english.header("set-cookie").expect("the choice is remembered");
    assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");

    // Later pages follow the cookie, with no parameter.
    let home = portal.get_with("/", &[("cookie", "lang=en")]).await.unwrap();
    assert_eq!(home.text("h1").unwrap(), "Together for the children of the highlands");
    assert!(home.text(".hero .lead").unwrap().contains("Thái Nguyên province"));
    let about = portal.get_with("/pages/about", &[("cookie", "lang=en")]).await.unwrap();
    assert_eq!(about.text("article h1").unwrap(), "About the programme");

    // And back to Vietnamese.
    let back = portal.get_with("/?lang=vi", &[("cookie", "lang=en")]).await.unwrap();
    assert_eq!(back.text("h1").unwrap(), "Chung tay vì trẻ em vùng cao");
    assert!(back.header("set-cookie").unwrap().starts_with("lang=vi;"));

    portal.finish().await;
}
tests::on_both_backends!(a_visitor_switches_to_english_and_back);
