//! Staff sign in and out; what protects the staff area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::{Backend, TestPortal, session_cookie};

use crate::started;

const EMAIL: &str = "dieu.phoi@soyte.example.vn";
const PASSWORD: &str = "mật khẩu đủ dài 2026";

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

async fn code_step(portal: &TestPortal, cookie: &str, code: &str) -> reqwest::Response {
    portal.post_form_as("/staff/login/code", cookie, &[("code", code)]).await.unwrap()
}

async fn an_admin_signs_in_with_a_second_factor_and_out(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.state.portal.create_admin("  Dieu.Phoi@SoYte.example.vn ", "Nguyễn Thị Hoa", PASSWORD.into()).await.unwrap();
    let secret = portal.enrol_second_factor(EMAIL).await.unwrap();

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

    // The right password (the address matched whatever its case) leads to the second step only.
    let password_ok = sign_in(&portal, "DIEU.PHOI@soyte.example.vn", PASSWORD, None).await;
    assert_eq!(location(&password_ok), "/staff/login/code");
    let pending = session_cookie(&password_ok).expect("a session waiting for the code");
    let not_yet = portal.get_with("/staff", &[("cookie", &pending)]).await.unwrap();
    assert!(matches!(not_yet.status, 302 | 303), "a password alone does not sign in");
    let wrong_code = code_step(&portal, &pending, "000000").await;
    assert_eq!(location(&wrong_code), "/staff/login/code?error=invalid");
    let explained = portal.get(&location(&wrong_code)).await.unwrap();
    assert!(explained.text(".form-error").unwrap().starts_with("Mã không đúng"));

    // The authenticator's code (RFC 6238) completes the sign-in under a new session id.
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap();
    let code = portal::second_factor::code_at(&secret, now + 30).unwrap();
    let first = code_step(&portal, &pending, &code).await;
    assert_eq!((first.status().as_u16(), location(&first).as_str()), (303, "/staff"));
    let first_cookie = session_cookie(&first).expect("a session cookie");
    assert_ne!(first_cookie, pending);
    let set_cookie = first.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let home = portal.get_with("/staff", &[("cookie", &first_cookie)]).await.unwrap();
    assert_eq!(home.status, 200);
    assert_eq!(home.text(".staff-name").unwrap(), "Nguyễn Thị Hoa");
    assert_eq!(home.text(".staff-role").unwrap(), "Quản trị hệ thống");
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));

    // The same code never works twice.
    let again = session_cookie(&sign_in(&portal, EMAIL, PASSWORD, None).await).unwrap();
    assert_eq!(location(&code_step(&portal, &again, &code).await), "/staff/login/code?error=invalid");

    // Signing in again with a known session id gives a new id; the old one is worth nothing.
    // (A recovery code this time; it works once.)
    let password_again = sign_in(&portal, EMAIL, PASSWORD, Some(&first_cookie)).await;
    let waiting = session_cookie(&password_again).unwrap();
    let recovery = portal.take_recovery_code(EMAIL).unwrap();
    let second = code_step(&portal, &waiting, &recovery.to_lowercase()).await;
    assert_eq!(location(&second), "/staff");
    let second_cookie = session_cookie(&second).expect("a new session cookie");
    assert_ne!(second_cookie, first_cookie, "the session id changes at sign-in");
    let stale = portal.get_with("/staff", &[("cookie", &first_cookie)]).await.unwrap();
    assert!(matches!(stale.status, 302 | 303), "the old session id no longer signs anyone in");
    let reused = session_cookie(&sign_in(&portal, EMAIL, PASSWORD, None).await).unwrap();
    assert_eq!(location(&code_step(&portal, &reused, &recovery).await), "/staff/login/code?error=invalid");

    // Signing out ends the session.
    let out = portal.http.post(portal.url("/staff/logout")).header("cookie", &second_cookie).send().await.unwrap();
    assert_eq!(out.status(), 303);
    let after = portal.get_with("/staff", &[("cookie", &second_cookie)]).await.unwrap();
    assert!(matches!(after.status, 302 | 303));

    portal.finish().await;
}
tests::on_both_backends!(an_admin_signs_in_with_a_second_factor_and_out);

async fn a_coordinator_must_turn_on_the_second_factor_first(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let store = portal.store.clone();
    store
        .create_staff(
            &portal::store::NewStaff {
                email: EMAIL.into(),
                display_name: String::new(),
                password_hash: portal::passwords::hash(PASSWORD.into()).await.unwrap(),
                role: domain::Role::Coordinator,
                communes: Vec::new(),
            },
            None,
        )
        .await
        .unwrap();
    let cookie = session_cookie(&sign_in(&portal, EMAIL, PASSWORD, None).await).unwrap();
    for path in ["/staff", "/staff/needs", "/staff/audit"] {
        let page = portal.get_with(path, &[("cookie", &cookie)]).await.unwrap();
        assert_eq!(page.header("location").as_deref(), Some("/staff/totp"), "{path}");
    }
    let refused = portal.post_form_as("/staff/needs", &cookie, &[("title", "x")]).await.unwrap();
    assert_eq!(location(&refused), "/staff/totp", "actions wait for the second factor too");

    // Enrolment: a QR code and the key, then a first code confirms it; recovery codes shown once.
    let setup = portal.get_with("/staff/totp", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(setup.status, 200, "{:?} {}", setup.headers, setup.body.chars().take(3000).collect::<String>());
    assert!(setup.body.contains("<svg"), "the QR code is inline SVG");
    let secret = setup.text(".totp-secret").unwrap();
    assert_eq!(
        portal.get_with("/staff/totp", &[("cookie", &cookie)]).await.unwrap().text(".totp-secret").unwrap(),
        secret,
        "the key waits for confirmation"
    );
    let wrong = portal.post_form_as("/staff/totp", &cookie, &[("code", "123456")]).await.unwrap();
    assert_eq!(location(&wrong), "/staff/totp");
    assert!(
        portal
            .get_with("/staff/totp", &[("cookie", &cookie)])
            .await
            .unwrap()
            .text(".field-error")
            .unwrap()
            .starts_with("Mã không đúng")
    );
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap();
    let code = portal::second_factor::code_at(&secret, now).unwrap();
    portal.post_form_as("/staff/totp", &cookie, &[("code", code.as_str())]).await.unwrap();
    let done = portal.get_with("/staff/totp", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(done.count(".recovery-codes li"), 10);
    assert!(
        portal.get_with("/staff/totp", &[("cookie", &cookie)]).await.unwrap().count(".recovery-codes li") == 0,
        "shown once"
    );
    assert_eq!(
        portal.get_with("/staff/needs", &[("cookie", &cookie)]).await.unwrap().status,
        200,
        "now the coordinator can work"
    );

    portal.finish().await;
}
tests::on_both_backends!(a_coordinator_must_turn_on_the_second_factor_first);

async fn the_sixth_wrong_password_in_a_row_is_throttled(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.state.portal.create_admin(EMAIL, "", PASSWORD.into()).await.unwrap();

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
    portal.state.portal.create_admin("khac@soyte.example.vn", "", PASSWORD.into()).await.unwrap();
    let other = sign_in(&portal, "khac@soyte.example.vn", PASSWORD, None).await;
    assert_eq!(location(&other), "/staff");

    portal.finish().await;
}
tests::on_both_backends!(the_sixth_wrong_password_in_a_row_is_throttled);

async fn a_cross_site_post_is_refused(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.state.portal.create_admin(EMAIL, "", PASSWORD.into()).await.unwrap();

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
            for hash in web::middleware::security::inline_script_hashes(&page.body) {
                assert!(csp.contains(&hash), "{path}: {hash} not in {csp}");
            }
        }
    }
    portal.finish().await;
}
tests::on_both_backends!(pages_carry_the_security_headers);

#[tokio::test]
async fn create_admin_refuses_weak_passwords_and_duplicates() {
    use domain::FieldProblem;
    let Some(portal) = started(Backend::Sqlite).await else { return };
    let services = &portal.state.portal;
    let problem = |err: portal::Error, field: &str| match err {
        portal::Error::Invalid(problems) => problems.get(field).copied(),
        other => panic!("{other:?}"),
    };
    let short = services.create_admin(EMAIL, "", "short".into()).await.unwrap_err();
    assert_eq!(problem(short, "password"), Some(FieldProblem::PasswordTooShort));
    let bad = services.create_admin("not-an-address", "", PASSWORD.into()).await.unwrap_err();
    assert_eq!(problem(bad, "email"), Some(FieldProblem::NotAnEmail));
    services.create_admin(EMAIL, "", PASSWORD.into()).await.unwrap();
    let twice = services.create_admin(&EMAIL.to_uppercase(), "", PASSWORD.into()).await.unwrap_err();
    assert_eq!(problem(twice, "email"), Some(FieldProblem::EmailTaken));
    let account = portal.store.staff_by_email(EMAIL).await.unwrap().unwrap();
    assert!(account.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", account.password_hash);
}

async fn a_staff_member_changes_their_password(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let id = portal.state.portal.create_admin(EMAIL, "", PASSWORD.into()).await.unwrap();
    portal.enrol_second_factor(EMAIL).await.unwrap();
    let cookie = portal.sign_in_staff(EMAIL, PASSWORD).await.unwrap();
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let portal = &portal;
        let cookie = cookie.clone();
        async move {
            portal
                .post_form_as("/staff/password", &cookie, &[("current", current), ("new", new), ("confirm", confirm)])
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
    assert!(portal.sign_in_staff(EMAIL, "một mật khẩu mới rất dài").await.is_ok());

    // The trail records that it changed, never the hash.
    let trail = portal
        .store
        .audit_entries(&portal::store::AuditQuery { entity_id: Some(id.to_string()), limit: 10, ..Default::default() })
        .await
        .unwrap()
        .0;
    let change = trail.iter().find(|e| e.action == "staff.password_change").expect("recorded");
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (None, None));
    portal.finish().await;
}
tests::on_both_backends!(a_staff_member_changes_their_password);
