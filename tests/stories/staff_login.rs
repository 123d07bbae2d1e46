//! Staff sign in and out; what protects the staff area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::{Backend, TestPortal};

use crate::started;

const EMAIL: &str = "dieu.phoi@soyte.example.vn";
const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// The session cookie a response sets, as `name=value`.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portal_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
}

async fn sign_in(portal: &TestPortal, email: &str, password: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = portal.http.post(portal.url("/staff/login")).form(&[("email", email), ("password", password)]);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

async fn a_coordinator_signs_in_and_out(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let store = portal.state.portal.store.clone();
    server::accounts::create_admin(store.as_ref(), "  Dieu.Phoi@SoYte.example.vn ", "Nguyễn Thị Hoa", PASSWORD.into())
        .await
        .unwrap();

    // The staff area asks for a sign-in first.
    let anonymous = portal.get("/staff").await.unwrap();
    assert!(matches!(anonymous.status, 302 | 303), "{}", anonymous.status);
    assert_eq!(anonymous.header("location").as_deref(), Some("/staff/login?error=required"));

    // A wrong password: back to the form, the address kept, the reason in Vietnamese.
    let wrong = sign_in(&portal, EMAIL, "not the password", None).await;
    assert_eq!(wrong.status(), 303);
    assert!(session_cookie(&wrong).is_none(), "no session for a failed sign-in");
    let form = portal.get(&location(&wrong)).await.unwrap();
    assert_eq!(form.text(".form-error").unwrap(), "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.");
    assert_eq!(form.attrs("input[name=email]", "value"), vec![EMAIL]);
    assert_eq!(form.header("cache-control").as_deref(), Some("no-store"));

    // The right password (the address is matched whatever its case).
    let first = sign_in(&portal, "DIEU.PHOI@soyte.example.vn", PASSWORD, None).await;
    assert_eq!((first.status().as_u16(), location(&first).as_str()), (303, "/staff"));
    let first_cookie = session_cookie(&first).expect("a session cookie");
    let set_cookie = first.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let home = portal.get_with("/staff", &[("cookie", &first_cookie)]).await.unwrap();
    assert_eq!(home.status, 200);
    assert_eq!(home.text(".staff-name").unwrap(), "Nguyễn Thị Hoa");
    assert_eq!(home.text(".staff-role").unwrap(), "Quản trị hệ thống");
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));

    // Signing in again with a known session id gives a new id; the old one is worth nothing.
    let second = sign_in(&portal, EMAIL, PASSWORD, Some(&first_cookie)).await;
    let second_cookie = session_cookie(&second).expect("a new session cookie");
    assert_ne!(second_cookie, first_cookie, "the session id changes at sign-in");
    let stale = portal.get_with("/staff", &[("cookie", &first_cookie)]).await.unwrap();
    assert!(matches!(stale.status, 302 | 303), "the old session id no longer signs anyone in");

    // Signing out ends the session.
    let out = portal.http.post(portal.url("/staff/logout")).header("cookie", &second_cookie).send().await.unwrap();
    assert_eq!(out.status(), 303);
    let after = portal.get_with("/staff", &[("cookie", &second_cookie)]).await.unwrap();
    assert!(matches!(after.status, 302 | 303));

    portal.finish().await;
}
tests::on_both_backends!(a_coordinator_signs_in_and_out);

async fn the_sixth_wrong_password_in_a_row_is_throttled(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    server::accounts::create_admin(portal.state.portal.store.as_ref(), EMAIL, "", PASSWORD.into()).await.unwrap();

    for attempt in 1..=5 {
        let wrong = sign_in(&portal, EMAIL, &format!("guess number {attempt}"), None).await;
        assert!(location(&wrong).contains("error=invalid"), "attempt {attempt}: {}", location(&wrong));
    }
    // The sixth try is refused before the password is even checked — the right one included.
    let sixth = sign_in(&portal, EMAIL, PASSWORD, None).await;
    assert!(location(&sixth).contains("error=throttled"), "{}", location(&sixth));
    assert!(session_cookie(&sixth).is_none());
    let page = portal.get(&location(&sixth)).await.unwrap();
    assert_eq!(page.status, 429);
    assert!(page.text(".form-error").unwrap().contains("15 phút"));

    // Another account from another address is not affected.
    server::accounts::create_admin(portal.state.portal.store.as_ref(), "khac@soyte.example.vn", "", PASSWORD.into())
        .await
        .unwrap();
    let other = sign_in(&portal, "khac@soyte.example.vn", PASSWORD, None).await;
    assert_eq!(location(&other), "/staff");

    portal.finish().await;
}
tests::on_both_backends!(the_sixth_wrong_password_in_a_row_is_throttled);

async fn a_cross_site_post_is_refused(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    server::accounts::create_admin(portal.state.portal.store.as_ref(), EMAIL, "", PASSWORD.into()).await.unwrap();

    for (name, value) in
        [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "http://evil.example")]
    {
        let response = portal
            .http
            .post(portal.url("/staff/login"))
            .header(name, value)
            .form(&[("email", EMAIL), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}: {value}");
        assert!(session_cookie(&response).is_none());
    }
    let same_origin = portal
        .http
        .post(portal.url("/staff/login"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", &portal.base)
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&same_origin), "/staff", "the portal's own form still works");

    portal.finish().await;
}
tests::on_both_backends!(a_cross_site_post_is_refused);

async fn pages_carry_the_security_headers(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    for path in ["/", "/needs", "/staff/login"] {
        // Twice: the second answer of a public page comes from the page cache.
        for _ in 0..2 {
            let page = portal.get(path).await.unwrap();
            assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
            assert_eq!(page.header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
            assert_eq!(page.header("referrer-policy").as_deref(), Some("strict-origin-when-cross-origin"));
            let csp = page.header("content-security-policy").expect("a CSP on every page");
            assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
            // The hydration script is inline: the policy allows exactly it, by hash.
            for hash in server::security::inline_script_hashes(&page.body) {
                assert!(csp.contains(&hash), "{path}: {hash} not in {csp}");
            }
        }
    }
    portal.finish().await;
}
tests::on_both_backends!(pages_carry_the_security_headers);

#[tokio::test]
async fn create_admin_refuses_weak_passwords_and_duplicates() {
    let db = tests::TestDatabase::create(&Backend::Sqlite).await.unwrap().unwrap();
    let store = server::store::open(&db.url).await.unwrap();
    let short = server::accounts::create_admin(store.as_ref(), EMAIL, "", "short".into()).await.unwrap_err();
    assert!(short.to_string().contains("at least 12"), "{short}");
    let bad = server::accounts::create_admin(store.as_ref(), "not-an-address", "", PASSWORD.into()).await.unwrap_err();
    assert!(bad.to_string().contains("not an email address"), "{bad}");
    server::accounts::create_admin(store.as_ref(), EMAIL, "", PASSWORD.into()).await.unwrap();
    let twice =
        server::accounts::create_admin(store.as_ref(), &EMAIL.to_uppercase(), "", PASSWORD.into()).await.unwrap_err();
    assert!(twice.to_string().contains("already exists"), "{twice}");
    let account = store.staff_by_email(EMAIL).await.unwrap().unwrap();
    assert!(account.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", account.password_hash);
}

async fn a_staff_member_changes_their_password(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let id =
        server::accounts::create_admin(portal.state.portal.store.as_ref(), EMAIL, "", PASSWORD.into()).await.unwrap();
    let cookie = session_cookie(&sign_in(&portal, EMAIL, PASSWORD, None).await).unwrap();
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let portal = &portal;
        let cookie = cookie.clone();
        async move {
            portal
                .http
                .post(portal.url("/staff/password"))
                .header("cookie", cookie)
                .form(&[("current", current), ("new", new), ("confirm", confirm)])
                .send()
                .await
                .unwrap()
        }
    };

    // Mistakes are explained, field by field, and nothing changes.
    let refused = change("sai mật khẩu", "ngắn", "ngắn").await;
    assert_eq!(location(&refused), "/staff/password");
    let page = portal.get_with("/staff/password", &[("cookie", &cookie)]).await.unwrap();
    let errors = page.texts(".field-error");
    assert_eq!(errors, vec!["Mật khẩu hiện tại không đúng.", "Mật khẩu mới cần ít nhất 12 ký tự và khác mật khẩu cũ."]);
    let mismatch = change(PASSWORD, "một mật khẩu mới rất dài", "một mật khẩu khác hẳn").await;
    assert_eq!(location(&mismatch), "/staff/password");
    assert!(
        portal.get_with("/staff/password", &[("cookie", &cookie)]).await.unwrap().texts(".field-error")
            == vec!["Hai lần nhập mật khẩu mới không khớp nhau."]
    );

    let done = change(PASSWORD, "một mật khẩu mới rất dài", "một mật khẩu mới rất dài").await;
    assert_eq!(location(&done), "/staff?done=password_changed");
    assert!(
        location(&sign_in(&portal, EMAIL, PASSWORD, None).await).contains("error=invalid"),
        "the old one no longer works"
    );
    assert_eq!(location(&sign_in(&portal, EMAIL, "một mật khẩu mới rất dài", None).await), "/staff");

    // The trail records that it changed, never the hash.
    let trail = portal
        .state
        .portal
        .store
        .audit_entries(&app::store::AuditQuery { entity_id: Some(id.to_string()), limit: 10, ..Default::default() })
        .await
        .unwrap()
        .0;
    let change = trail.iter().find(|e| e.action == "staff.password_change").expect("recorded");
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (None, None));
    portal.finish().await;
}
tests::on_both_backends!(a_staff_member_changes_their_password);
