//! Mistyped links and wrong settings get a clear answer, never a 500.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::Backend;
use web::ops::config::Config;

use crate::{public_demo_needs, started};

async fn mistyped_links_get_a_clear_answer_in_vietnamese(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();

    for path in ["/needs/987654", "/needs/not-a-number"] {
        let page = portal.get(path).await.unwrap();
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.text("h1").unwrap(), "Không tìm thấy nhu cầu", "{path}");
        assert!(page.body.contains("<html lang=\"vi\""));
    }
    let nowhere = portal.get("/khong-co-trang-nay").await.unwrap();
    assert_eq!(nowhere.status, 404);
    assert_eq!(nowhere.text("h1").unwrap(), "Không tìm thấy trang");
    assert_eq!(portal.get("/pages/no-such-page").await.unwrap().status, 404);

    // Invalid filter values are ignored, and the board says which.
    let board = portal.get("/needs?category=toys&status=draft&page=-2&commune=Sang%20Moc").await.unwrap();
    assert_eq!(board.status, 200);
    let notice = board.text(".notice").unwrap();
    for ignored in ["lĩnh vực hỗ trợ", "tình trạng", "số trang", "xã, phường"] {
        assert!(notice.contains(ignored), "{ignored} in {notice}");
    }
    assert_eq!(board.count(".need-card"), public_demo_needs().len().min(12), "the whole board is shown instead");
    // A page past the end is an empty board, not an error.
    let far = portal.get("/needs?page=999").await.unwrap();
    assert_eq!(far.status, 200);
    assert_eq!(far.text(".empty").unwrap(), "Không có nhu cầu nào khớp với bộ lọc đã chọn.");

    portal.finish().await;
}
tests::on_both_backends!(mistyped_links_get_a_clear_answer_in_vietnamese);

fn one_line_reason(url: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let config = Config { database_url: url.to_owned(), ..Config::default() };
    let err = runtime.block_on(web::prepare(&config)).err().expect("start-up must stop");
    let line = format!("{err:#}");
    assert!(!line.contains('\n'), "one line: {line}");
    line
}

#[test]
fn an_unknown_database_url_stops_start_up_with_a_reason() {
    let reason = one_line_reason("mysql://root:secret@127.0.0.1/portal");
    assert!(reason.contains("sqlite: or postgres://"), "{reason}");
    assert!(!reason.contains("secret"), "{reason}");
}

#[test]
fn an_unreachable_database_stops_start_up_with_a_reason() {
    // Port 1 on loopback: nothing listens there.
    let reason = one_line_reason("postgres://portal:secret@127.0.0.1:1/portal");
    assert!(reason.contains("cannot reach PostgreSQL at 127.0.0.1:1/portal"), "{reason}");
    assert!(!reason.contains("secret"), "{reason}");
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, b"not a directory").unwrap();
    let reason = one_line_reason(&format!("sqlite:{}/portal.db", blocked.display()));
    assert!(reason.contains("cannot create the directory"), "{reason}");
}
