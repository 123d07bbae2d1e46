//! A visitor finds out what the children need: home page, needs board with its filters, one need.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::format::{group_digits, vnd};
use domain::{Category, NeedStatus};
use tests::Backend;

use crate::{count_public, open_demo_needs, public_demo_needs, started};

async fn a_visitor_browses_the_needs_of_the_communes(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    // The home page: the programme in two sentences, totals of the open needs, the most urgent ones.
    let home = portal.get("/").await.unwrap();
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<html lang=\"vi\""));
    assert!(home.text(".hero .lead").unwrap().contains("tỉnh Thái Nguyên"), "province name comes from the area data");
    let open = open_demo_needs();
    let children: i64 = open.iter().map(|n| n.children).sum();
    let amount: i64 = open.iter().map(|n| n.total()).sum();
    let stats = home.texts(".stat-grid strong");
    assert_eq!(stats[0], group_digits(i64::try_from(open.len()).unwrap()));
    assert_eq!(stats[1], group_digits(children));
    assert_eq!(stats[2], vnd(amount));
    assert_eq!(stats[3], "0 ₫", "nothing is pledged before the pledge flow exists");
    let urgent = home.texts(".need-card .badge[class*=status-]");
    assert!(!urgent.is_empty());
    assert!(
        urgent.iter().all(|s| s == "Đang cần hỗ trợ"),
        "urgent needs are the ones still seeking support: {urgent:?}"
    );
    assert!(home.text(".demo-banner").is_some(), "demo data is announced on every page");

    // The board lists every public need, never drafts or needs awaiting review.
    let board = portal.get("/needs?per_page=100").await.unwrap();
    assert_eq!(board.status, 200);
    let titles = board.texts(".need-card h3");
    assert_eq!(titles.len(), public_demo_needs().len());
    for hidden in portal::demo::demo_needs().iter().filter(|n| !n.status.is_public()) {
        assert!(!titles.contains(&hidden.title), "{} must not be public", hidden.title);
    }

    // Filter by kind of support.
    let health = portal.get("/needs?category=health").await.unwrap();
    let badges = health.texts(".need-card .badge.cat-health");
    assert_eq!(badges.len(), count_public(Some(Category::Health), None, None));
    assert_eq!(health.count(".need-card"), badges.len(), "every card on the health board is a health need");
    assert_eq!(health.attrs("select[name=category] option[selected]", "value"), vec!["health"]);

    // Filter by commune (2025 code) and by status.
    let sang_moc = portal.get("/needs?commune=05719").await.unwrap();
    assert_eq!(sang_moc.count(".need-card"), count_public(None, Some("05719"), None));
    assert!(sang_moc.texts(".need-card .place").iter().all(|p| p.contains("Xã Sảng Mộc")));
    // The demo data delivers nothing it has not been given; a need handed over has its own filter.
    assert_eq!(count_public(None, None, Some(NeedStatus::Fulfilled)), 0);
    let mut handed_over = portal::demo::demo_needs().remove(0);
    handed_over.status = NeedStatus::Fulfilled;
    handed_over.title = "Bữa trưa học kỳ I đã trao".into();
    portal.store.insert_need(&handed_over).await.unwrap();
    let delivered = portal.get("/needs?status=fulfilled").await.unwrap();
    assert_eq!(delivered.texts(".need-card h3"), vec![handed_over.title.clone()]);

    // The commune filter lists the 92 communes of 2025 in Vietnamese order.
    let communes = board.texts("select[name=commune] option");
    assert_eq!(communes.len(), 92 + 1);
    let position = |name: &str| communes.iter().position(|c| c == name).unwrap();
    assert!(position("Xã Dân Tiến") < position("Xã Định Hóa"), "Đ comes after D");
    assert!(position("Xã Định Hóa") < position("Xã Đồng Hỷ"));

    // Pagination keeps the filters.
    let per_page = 5;
    let total = public_demo_needs().len() + 1; // with the need handed over above
    let pages = total.div_ceil(per_page);
    let last = portal.get(&format!("/needs?per_page={per_page}&page={pages}")).await.unwrap();
    assert_eq!(last.count(".need-card"), total - per_page * (pages - 1));
    assert_eq!(last.text(".pagination [aria-current=page]").unwrap(), format!("Trang {pages}/{pages}"));
    let prev = last.attrs(".pagination a[rel=prev]", "href");
    assert_eq!(prev, vec![format!("/needs?per_page={per_page}&page={}", pages - 1)]);

    // One need: its commune, the former communes it covers, progress and the call to action.
    let sang_moc_need = sang_moc.attrs(".need-card h3 a", "href").into_iter().next().unwrap();
    let need = portal.get(&sang_moc_need).await.unwrap();
    assert_eq!(need.status, 200);
    let seeded = public_demo_needs().into_iter().find(|n| n.commune_code == "05719").unwrap();
    assert_eq!(need.text("h1").unwrap(), seeded.title);
    assert!(need.body.contains(&vnd(seeded.total())));
    assert!(need.text(".formerly").unwrap().contains("Huyện Võ Nhai"), "the former district is named");
    assert_eq!(need.attrs("progress", "value"), vec!["0"]);
    assert_eq!(need.text(".pledge-box .button").unwrap(), "Đăng ký ủng hộ");
    assert!(need.text(".privacy-note").unwrap().contains("không công bố thông tin cá nhân"));

    // A content page, rendered from markdown.
    let about = portal.get("/pages/about").await.unwrap();
    assert_eq!(about.status, 200);
    assert_eq!(about.text("article h1").unwrap(), "Giới thiệu Đề án");
    assert!(about.body.contains("<strong>Bữa ăn dinh dưỡng</strong>"));
    for slug in ["how-to-give", "privacy"] {
        assert_eq!(portal.get(&format!("/pages/{slug}")).await.unwrap().status, 200, "{slug}");
    }
    // How to give tells how to pledge here, now — not to wait for the portal.
    let how = portal.get("/pages/how-to-give").await.unwrap();
    assert!(how.body.contains("Đăng ký ủng hộ") && how.body.contains("VietQR"), "the steps of an online pledge");
    assert!(!how.body.contains("đang được hoàn thiện"), "online pledging works");

    portal.finish().await;
}
tests::on_both_backends!(a_visitor_browses_the_needs_of_the_communes);

async fn the_health_check_answers_when_the_database_does(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let health = portal.get("/healthz").await.unwrap();
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    portal.finish().await;
}
tests::on_both_backends!(the_health_check_answers_when_the_database_does);
