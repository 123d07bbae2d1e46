//! The admin invites staff, sets what they may do, disables and re-enables them, and resets
//! passwords through one-time links.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::{Backend, TestPortal, session_cookie};

use crate::started;

const ADMIN: &str = "quan.tri@soyte.example.vn";
const PASSWORD: &str = "mật khẩu đủ dài 2026";

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

async fn sign_in(portal: &TestPortal, email: &str, password: &str) -> reqwest::Response {
    portal.http.post(portal.url("/staff/login")).form(&[("email", email), ("password", password)]).send().await.unwrap()
}

async fn post(portal: &TestPortal, cookie: &str, path: &str, body: &str) -> reqwest::Response {
    portal
        .http
        .post(portal.url(path))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// The path of a one-time link shown on a page.
fn link_path(page: &tests::Page) -> String {
    let link = page.text(".one-time-link code").expect("a link is shown once");
    link.split_once("/staff/welcome/").map(|(_, token)| format!("/staff/welcome/{token}")).unwrap()
}

async fn an_admin_invites_and_manages_staff(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.state.portal.create_admin(ADMIN, "Quản trị", PASSWORD.into()).await.unwrap();
    portal.enrol_second_factor(ADMIN).await.unwrap();
    let admin = portal.sign_in_staff(ADMIN, PASSWORD).await.unwrap();

    // Mistakes in the invitation are explained and the typed address is kept.
    let bad = post(&portal, &admin, "/staff/accounts", "email=khong-phai-email&display_name=A&role=area_officer").await;
    assert_eq!(location(&bad), "/staff/accounts");
    let page = portal.get_with("/staff/accounts", &[("cookie", &admin)]).await.unwrap();
    let errors = page.texts(".field-error");
    assert!(errors.iter().any(|e| e.starts_with("Xin nhập một địa chỉ thư điện tử")), "{errors:?}");
    assert!(errors.contains(&"Cán bộ xã, phường cần được giao ít nhất một xã, phường.".to_owned()), "{errors:?}");
    assert_eq!(page.attrs("input[name=email]", "value"), vec!["khong-phai-email"]);

    // An invitation for a commune officer of two communes: the link is shown once.
    let invited = post(
        &portal,
        &admin,
        "/staff/accounts",
        "email=Can.Bo%40SangMoc.example.vn&display_name=L%C3%B2+V%C4%83n+Minh&role=area_officer&communes=05719&communes=05725",
    )
    .await;
    assert_eq!(location(&invited), "/staff/accounts");
    let page = portal.get_with("/staff/accounts", &[("cookie", &admin)]).await.unwrap();
    let welcome = link_path(&page);
    assert!(page.texts("table.accounts td").contains(&"Xã Sảng Mộc, Xã Thần Sa".to_owned()));
    assert!(portal.get_with("/staff/accounts", &[("cookie", &admin)]).await.unwrap().text(".one-time-link").is_none());
    let duplicate =
        post(&portal, &admin, "/staff/accounts", "email=can.bo%40sangmoc.example.vn&role=coordinator").await;
    assert_eq!(location(&duplicate), "/staff/accounts");
    assert!(
        portal
            .get_with("/staff/accounts", &[("cookie", &admin)])
            .await
            .unwrap()
            .texts(".field-error")
            .contains(&"Địa chỉ này đã có tài khoản.".to_owned())
    );

    // Nobody can sign in to the invited account before a password is set through the link.
    for guess in ["", "decoy password"] {
        assert!(
            location(&sign_in(&portal, "can.bo@sangmoc.example.vn", guess).await).contains("error=invalid"),
            "{guess:?}"
        );
    }
    let form = portal.get(&welcome).await.unwrap();
    assert_eq!(form.status, 200);
    let short =
        portal.http.post(portal.url(&welcome)).form(&[("new", "ngắn"), ("confirm", "ngắn")]).send().await.unwrap();
    let short_cookie = session_cookie(&short).unwrap();
    let explained = portal.get_with(&welcome, &[("cookie", &short_cookie)]).await.unwrap();
    assert!(explained.text(".field-error").unwrap().contains("12 ký tự"));
    let set =
        portal.http.post(portal.url(&welcome)).form(&[("new", PASSWORD), ("confirm", PASSWORD)]).send().await.unwrap();
    assert_eq!(location(&set), "/staff/login?done=password_set");
    assert_eq!(portal.get(&welcome).await.unwrap().status, 410, "the link works once");
    let officer_login = sign_in(&portal, "can.bo@sangmoc.example.vn", PASSWORD).await;
    assert_eq!(location(&officer_login), "/staff");
    let officer = session_cookie(&officer_login).unwrap();
    assert_eq!(
        portal.get_with("/staff", &[("cookie", &officer)]).await.unwrap().text(".staff-role").unwrap(),
        "Cán bộ xã, phường"
    );
    let officer_id = portal.store.staff_by_email("can.bo@sangmoc.example.vn").await.unwrap().unwrap().id;

    // Only admins manage accounts.
    assert_eq!(portal.get_with("/staff/accounts", &[("cookie", &officer)]).await.unwrap().status, 403);
    assert_eq!(post(&portal, &officer, "/staff/accounts", "email=x%40y.vn&role=admin").await.status(), 403);
    assert_eq!(
        post(&portal, &officer, &format!("/staff/accounts/{officer_id}/access"), "role=admin").await.status(),
        403
    );

    // Role and communes change at once: a coordinator must first turn on the second factor.
    let changed = post(&portal, &admin, &format!("/staff/accounts/{officer_id}/access"), "role=coordinator").await;
    assert_eq!(location(&changed), format!("/staff/accounts/{officer_id}?done=access_saved"));
    let promoted = portal.get_with("/staff", &[("cookie", &officer)]).await.unwrap();
    assert_eq!(promoted.header("location").as_deref(), Some("/staff/totp"));
    let stored = portal.store.staff_by_id(officer_id).await.unwrap().unwrap();
    assert_eq!(
        (stored.role, stored.communes.len()),
        (domain::Role::Coordinator, 0),
        "province roles carry no communes"
    );

    // Disabled: the open session ends and sign-in is refused; enabled again, it works.
    post(&portal, &admin, &format!("/staff/accounts/{officer_id}/disable"), "").await;
    assert!(matches!(portal.get_with("/staff", &[("cookie", &officer)]).await.unwrap().status, 302 | 303));
    assert!(location(&sign_in(&portal, "can.bo@sangmoc.example.vn", PASSWORD).await).contains("error=invalid"));
    post(&portal, &admin, &format!("/staff/accounts/{officer_id}/enable"), "").await;
    assert_eq!(location(&sign_in(&portal, "can.bo@sangmoc.example.vn", PASSWORD).await), "/staff");

    // A reset link replaces the password.
    let reset = post(&portal, &admin, &format!("/staff/accounts/{officer_id}/reset"), "").await;
    let page = portal.get_with(&location(&reset), &[("cookie", &admin)]).await.unwrap();
    let link = link_path(&page);
    portal
        .http
        .post(portal.url(&link))
        .form(&[("new", "một mật khẩu mới rất dài"), ("confirm", "một mật khẩu mới rất dài")])
        .send()
        .await
        .unwrap();
    assert!(location(&sign_in(&portal, "can.bo@sangmoc.example.vn", PASSWORD).await).contains("error=invalid"));
    assert_eq!(location(&sign_in(&portal, "can.bo@sangmoc.example.vn", "một mật khẩu mới rất dài").await), "/staff");

    // An admin cannot lock themselves out.
    let admin_id = portal.store.staff_by_email(ADMIN).await.unwrap().unwrap().id;
    post(&portal, &admin, &format!("/staff/accounts/{admin_id}/disable"), "").await;
    assert!(portal.store.staff_by_id(admin_id).await.unwrap().unwrap().active);

    // Every step is in the audit trail, without passwords or tokens.
    let trail = portal
        .store
        .audit_entries(&portal::store::AuditQuery {
            entity_id: Some(officer_id.to_string()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .0;
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    for action in
        ["staff.invite", "staff.password_set", "staff.access", "staff.disable", "staff.enable", "staff.reset_link"]
    {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(trail.iter().all(|e| !e.after.as_deref().unwrap_or("").contains("argon2")));

    portal.finish().await;
}
tests::on_both_backends!(an_admin_invites_and_manages_staff);
