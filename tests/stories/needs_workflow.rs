//! Communes propose needs, the coordinating department reviews them, the public board follows —
//! and nobody can do what is not theirs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{NeedStatus, Role};
use portal::store::{NeedQuery, NewStaff};
use tests::{Backend, TestPortal};

use crate::started;

const PASSWORD: &str = "mật khẩu đủ dài 2026";
const SANG_MOC: &str = "05719";
const THAN_SA: &str = "05725";

/// A staff member with a signed-in session.
struct Staff {
    id: i64,
    cookie: String,
}

async fn staff(portal: &TestPortal, email: &str, role: Role, communes: &[&str]) -> Staff {
    let store = &portal.store;
    let id = store
        .create_staff(
            &NewStaff {
                email: email.into(),
                display_name: format!("{role:?} {email}"),
                password_hash: portal::passwords::hash(PASSWORD.into()).await.unwrap(),
                role,
                communes: communes.iter().map(|c| (*c).to_owned()).collect(),
            },
            None,
        )
        .await
        .unwrap();
    if matches!(role, Role::Admin | Role::Coordinator) {
        portal.enrol_second_factor(email).await.unwrap();
    }
    let cookie = portal.sign_in_staff(email, PASSWORD).await.unwrap();
    Staff { id, cookie }
}

async fn post(portal: &TestPortal, who: Option<&Staff>, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let mut request = portal.http.post(portal.url(path)).form(form);
    if let Some(who) = who {
        request = request.header("cookie", &who.cookie);
    }
    request.send().await.unwrap()
}

async fn page(portal: &TestPortal, who: &Staff, path: &str) -> tests::Page {
    portal.get_with(path, &[("cookie", &who.cookie)]).await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn need_form<'a>(commune: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("commune", commune),
        ("category", "warm_clothes"),
        ("title", title),
        ("description", "Học sinh bán trú cần áo ấm trước đợt rét."),
        ("site", "Trường PTDTBT Tiểu học"),
        ("children", "64"),
        ("quantity", "64"),
        ("unit", "bộ"),
        ("unit_cost", "320k"),
        ("period_start", "2027-11-01"),
        ("period_end", "2028-01-31"),
    ]
}

fn id_from(location: &str) -> i64 {
    location.trim_start_matches("/staff/needs/").split('?').next().unwrap().parse().unwrap()
}

async fn status_of(portal: &TestPortal, id: i64) -> NeedStatus {
    portal.store.need(id).await.unwrap().unwrap().status
}

async fn a_commune_need_goes_from_draft_to_the_public_board(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let officer = staff(&portal, "can.bo@sangmoc.example.vn", Role::AreaOfficer, &[SANG_MOC]).await;
    let coordinator = staff(&portal, "dieu.phoi@soyte.example.vn", Role::Coordinator, &[]).await;

    // The officer's form offers only their commune.
    let form = page(&portal, &officer, "/staff/needs/new").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.attrs("select[name=commune] option", "value"), vec!["", SANG_MOC]);

    // Mistakes are explained next to each field, what was typed is kept, and nothing is stored.
    let mut bad = need_form(SANG_MOC, "Áo ấm cho học sinh bán trú");
    bad.retain(|(k, _)| !matches!(*k, "children" | "unit_cost" | "period_end"));
    bad.extend([("children", "nhiều"), ("unit_cost", "ba trăm"), ("period_end", "2027-10-01")]);
    let refused = post(&portal, Some(&officer), "/staff/needs", &bad).await;
    assert_eq!(location(&refused), "/staff/needs/new");
    let again = page(&portal, &officer, "/staff/needs/new").await;
    assert_eq!(again.text(".form-error").unwrap(), "Xin kiểm tra lại các mục được đánh dấu bên dưới.");
    let errors = again.texts(".field-error");
    assert!(errors.contains(&"Xin nhập một số nguyên, ví dụ 120.".to_owned()), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("Xin nhập số tiền bằng đồng")), "{errors:?}");
    assert!(errors.contains(&"Ngày kết thúc phải sau ngày bắt đầu.".to_owned()), "{errors:?}");
    assert_eq!(again.attrs("input[name=title]", "value"), vec!["Áo ấm cho học sinh bán trú"]);
    assert_eq!(again.attrs("input[name=children_count]", "value"), vec!["nhiều"]);
    assert_eq!(again.attrs("select[name=commune] option[selected]", "value"), vec![SANG_MOC]);
    let everything = NeedQuery { statuses: NeedStatus::ALL.to_vec(), limit: 100, ..NeedQuery::default() };
    assert_eq!(portal.store.needs(&everything).await.unwrap().1, 0);
    // Shown once: a later visit starts a clean form.
    assert!(page(&portal, &officer, "/staff/needs/new").await.text(".form-error").is_none());

    // A good draft; "320k" is 320.000 đồng.
    let saved = post(&portal, Some(&officer), "/staff/needs", &need_form(SANG_MOC, "Áo ấm cho học sinh bán trú")).await;
    let id = id_from(&location(&saved));
    let stored = portal.store.need(id).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.unit_cost, stored.total), (NeedStatus::Draft, 320_000, 64 * 320_000));
    let draft = page(&portal, &officer, &location(&saved)).await;
    assert_eq!(draft.text(".notice").unwrap(), "Đã lưu nhu cầu.");

    // Submitted: not yet public.
    assert_eq!(
        location(&post(&portal, Some(&officer), &format!("/staff/needs/{id}/submit"), &[]).await),
        format!("/staff/needs/{id}?done=submitted")
    );
    assert_eq!(status_of(&portal, id).await, NeedStatus::Submitted);
    let board = portal.get("/needs").await.unwrap();
    assert!(!board.texts(".need-card h3").contains(&"Áo ấm cho học sinh bán trú".to_owned()));

    // Returned: a comment is required, and the officer sees it.
    let no_comment =
        post(&portal, Some(&coordinator), &format!("/staff/needs/{id}/return"), &[("comment", "  ")]).await;
    assert_eq!(location(&no_comment), format!("/staff/needs/{id}"));
    assert_eq!(status_of(&portal, id).await, NeedStatus::Submitted);
    let explained = page(&portal, &coordinator, &format!("/staff/needs/{id}")).await;
    assert_eq!(explained.text(".field-error").unwrap(), "Xin ghi lý do trả lại và nội dung cần bổ sung.");
    post(
        &portal,
        Some(&coordinator),
        &format!("/staff/needs/{id}/return"),
        &[("comment", "Xin ghi rõ cỡ áo theo lớp.")],
    )
    .await;
    assert_eq!(status_of(&portal, id).await, NeedStatus::Returned);
    let returned = page(&portal, &officer, &format!("/staff/needs/{id}")).await;
    assert_eq!(returned.text(".review-comment p").unwrap(), "Xin ghi rõ cỡ áo theo lớp.");

    // Edited, submitted again, published: now on the public board (the cached board follows).
    let mut edited = need_form(SANG_MOC, "Áo ấm cho học sinh bán trú (đủ cỡ theo lớp)");
    edited.retain(|(k, _)| *k != "description");
    edited.push(("description", "Cỡ áo: lớp 1–2 cỡ S, lớp 3–5 cỡ M."));
    assert_eq!(
        location(&post(&portal, Some(&officer), &format!("/staff/needs/{id}"), &edited).await),
        format!("/staff/needs/{id}?done=saved")
    );
    post(&portal, Some(&officer), &format!("/staff/needs/{id}/submit"), &[]).await;
    let published = post(&portal, Some(&coordinator), &format!("/staff/needs/{id}/publish"), &[]).await;
    assert_eq!(location(&published), format!("/staff/needs/{id}?done=published"));
    let board = portal.get("/needs").await.unwrap();
    assert!(board.texts(".need-card h3").contains(&"Áo ấm cho học sinh bán trú (đủ cỡ theo lớp)".to_owned()));
    assert_eq!(portal.get(&format!("/needs/{id}")).await.unwrap().status, 200);

    // Withdrawn: gone from the board.
    post(&portal, Some(&officer), &format!("/staff/needs/{id}/withdraw"), &[]).await;
    assert_eq!(status_of(&portal, id).await, NeedStatus::Withdrawn);
    assert_eq!(portal.get(&format!("/needs/{id}")).await.unwrap().status, 404);
    assert!(portal.get("/needs").await.unwrap().count(".need-card") == 0);

    // Every step is in the need's history and in the audit trail, with who did it.
    let history = page(&portal, &coordinator, &format!("/staff/needs/{id}")).await.texts(".history .what");
    assert_eq!(
        history,
        vec![
            "Bản nháp",
            "Bản nháp → Chờ duyệt",
            "Chờ duyệt → Trả lại để bổ sung",
            "Trả lại để bổ sung → Chờ duyệt",
            "Chờ duyệt → Đang cần hỗ trợ",
            "Đang cần hỗ trợ → Đã rút"
        ]
    );
    let audit = page(&portal, &coordinator, &format!("/staff/audit?entity=need&record={id}")).await;
    let actions = audit.texts(".audit-action");
    for action in ["need.create", "need.submitted", "need.returned", "need.edit", "need.published", "need.withdrawn"] {
        assert!(actions.contains(&action.to_owned()), "{action} in {actions:?}");
    }
    assert!(audit.body.contains("Xin ghi rõ cỡ áo theo lớp."), "the return comment is in the trail");
    let trail = portal
        .store
        .audit_entries(&portal::store::AuditQuery { entity_id: Some(id.to_string()), limit: 100, ..Default::default() })
        .await
        .unwrap()
        .0;
    let by_officer = trail.iter().filter(|e| e.actor_id == Some(officer.id)).count();
    let by_coordinator = trail.iter().filter(|e| e.actor_id == Some(coordinator.id)).count();
    assert_eq!((by_officer, by_coordinator), (5, 2));

    portal.finish().await;
}
tests::on_both_backends!(a_commune_need_goes_from_draft_to_the_public_board);

async fn the_audit_trail_cannot_be_rewritten(backend: Backend) {
    let Some(portal) = started(backend.clone()).await else { return };
    let officer = staff(&portal, "can.bo@sangmoc.example.vn", Role::AreaOfficer, &[SANG_MOC]).await;
    post(&portal, Some(&officer), "/staff/needs", &need_form(SANG_MOC, "Áo ấm")).await;
    let url = portal.database_url();
    let refused = match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let update = sqlx::query("UPDATE audit_log SET action = 'x'").execute(&pool).await;
            let delete = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
            update.is_err() && delete.is_err()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let update = sqlx::query("UPDATE audit_log SET action = 'x'").execute(&pool).await;
            let delete = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
            pool.close().await;
            update.is_err() && delete.is_err()
        }
    };
    assert!(refused, "the database itself refuses to change the trail");
    let kept =
        portal.store.audit_entries(&portal::store::AuditQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert!(kept.0.iter().any(|e| e.action == "need.create"));
    portal.finish().await;
}
tests::on_both_backends!(the_audit_trail_cannot_be_rewritten);

async fn the_overlap_guard_asks_for_a_deliberate_confirmation(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    portal.seed_demo().await.unwrap();
    let officer = staff(&portal, "can.bo@sangmoc.example.vn", Role::AreaOfficer, &[SANG_MOC]).await;
    let coordinator = staff(&portal, "dieu.phoi@soyte.example.vn", Role::Coordinator, &[]).await;
    let existing = portal::demo::demo_needs().into_iter().find(|n| n.commune_code == SANG_MOC).unwrap();

    // Same commune, same kind of support, an intersecting period: the officer sees the open need.
    let mut form = need_form(SANG_MOC, "Thêm bữa phụ buổi chiều cho trẻ mầm non");
    form.retain(|(k, _)| !matches!(*k, "category" | "period_start" | "period_end"));
    form.extend([
        ("category", existing.category.as_str()),
        ("period_start", "2026-10-01"),
        ("period_end", "2027-03-31"),
    ]);
    let stopped = post(&portal, Some(&officer), "/staff/needs", &form).await;
    assert_eq!(location(&stopped), "/staff/needs/new");
    let warned = page(&portal, &officer, "/staff/needs/new").await;
    assert!(warned.texts(".overlap-warning td a").contains(&existing.title), "the existing need is shown");
    assert_eq!(warned.count("input[name=confirm_overlap][required]"), 1);
    assert_eq!(warned.attrs("input[name=title]", "value"), vec!["Thêm bữa phụ buổi chiều cho trẻ mầm non"]);
    let drafts = NeedQuery {
        statuses: vec![NeedStatus::Draft],
        communes_in: vec![SANG_MOC.into()],
        limit: 10,
        ..NeedQuery::default()
    };
    assert_eq!(portal.store.needs(&drafts).await.unwrap().1, 0, "nothing stored without confirmation");

    // Confirmed deliberately: stored, and the history says so.
    form.push(("confirm_overlap", "yes"));
    let saved = post(&portal, Some(&officer), "/staff/needs", &form).await;
    let id = id_from(&location(&saved));
    post(&portal, Some(&officer), &format!("/staff/needs/{id}/submit"), &[]).await;

    // The coordinator sees the overlap before publishing, and must confirm too.
    let review = page(&portal, &coordinator, &format!("/staff/needs/{id}")).await;
    assert!(review.texts(".overlap-warning td a").contains(&existing.title));
    let unconfirmed = post(&portal, Some(&coordinator), &format!("/staff/needs/{id}/publish"), &[]).await;
    assert_eq!(location(&unconfirmed), format!("/staff/needs/{id}"));
    assert_eq!(status_of(&portal, id).await, NeedStatus::Submitted, "not published without confirmation");
    post(&portal, Some(&coordinator), &format!("/staff/needs/{id}/publish"), &[("confirm_overlap", "yes")]).await;
    assert_eq!(status_of(&portal, id).await, NeedStatus::Published);
    let history = portal.store.need_history(id).await.unwrap();
    assert!(history.first().unwrap().overlap_confirmed && history.last().unwrap().overlap_confirmed);

    // A need for another commune, or another kind of support, does not trigger the guard.
    let elsewhere = post(&portal, Some(&coordinator), "/staff/needs", &need_form(THAN_SA, "Áo ấm cho lớp ghép")).await;
    assert!(location(&elsewhere).ends_with("?done=saved"), "{}", location(&elsewhere));

    portal.finish().await;
}
tests::on_both_backends!(the_overlap_guard_asks_for_a_deliberate_confirmation);

/// What a request should get: allowed (the action happened), refused with a 403 page, or sent to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Allowed,
    Forbidden,
    SignIn,
}

fn answer_of(status: u16, location: &str) -> Answer {
    match status {
        403 => Answer::Forbidden,
        302 | 303 if location.starts_with("/staff/login") => Answer::SignIn,
        200 | 302 | 303 => Answer::Allowed,
        other => panic!("unexpected status {other} ({location})"),
    }
}

async fn every_role_can_do_exactly_its_part(backend: Backend) {
    use Answer::*;
    let Some(portal) = started(backend).await else { return };
    let admin = staff(&portal, "quan.tri@soyte.example.vn", Role::Admin, &[]).await;
    let coordinator = staff(&portal, "dieu.phoi@soyte.example.vn", Role::Coordinator, &[]).await;
    let officer = staff(&portal, "can.bo@sangmoc.example.vn", Role::AreaOfficer, &[SANG_MOC]).await;
    let partner = staff(&portal, "hoi.ctd@example.vn", Role::Partner, &[]).await;
    let disabled = staff(&portal, "nghi.viec@sangmoc.example.vn", Role::AreaOfficer, &[SANG_MOC]).await;
    portal.store.set_staff_active(disabled.id, false, Some(admin.id)).await.unwrap();

    let actors: [(&str, Option<&Staff>); 6] = [
        ("anonymous", None),
        ("admin", Some(&admin)),
        ("coordinator", Some(&coordinator)),
        ("area officer", Some(&officer)),
        ("partner", Some(&partner)),
        ("disabled account", Some(&disabled)),
    ];
    // Expected answers per actor, in the order above.
    let matrix: [(&str, [Answer; 6]); 10] = [
        ("view the staff needs list", [SignIn, Allowed, Allowed, Allowed, Forbidden, SignIn]),
        ("open the new-need form", [SignIn, Allowed, Allowed, Allowed, Forbidden, SignIn]),
        ("draft a need in Sảng Mộc", [SignIn, Allowed, Allowed, Allowed, Forbidden, SignIn]),
        (
            "draft a need in Thần Sa (outside the officer's scope)",
            [SignIn, Allowed, Allowed, Forbidden, Forbidden, SignIn],
        ),
        ("submit a Sảng Mộc draft", [SignIn, Allowed, Allowed, Allowed, Forbidden, SignIn]),
        ("publish a submitted need", [SignIn, Allowed, Allowed, Forbidden, Forbidden, SignIn]),
        ("return a submitted need", [SignIn, Allowed, Allowed, Forbidden, Forbidden, SignIn]),
        ("withdraw a Sảng Mộc need", [SignIn, Allowed, Allowed, Allowed, Forbidden, SignIn]),
        ("withdraw a Thần Sa need", [SignIn, Allowed, Allowed, Forbidden, Forbidden, SignIn]),
        ("read the audit trail", [SignIn, Allowed, Allowed, Forbidden, Forbidden, SignIn]),
    ];

    let mut year = 2030;
    for (action, expected) in matrix {
        for ((who, actor), expected) in actors.iter().zip(expected) {
            // Fresh records for each try, made by the coordinator, each in a year of its own so that
            // the overlap guard stays out of the way, and every try starts alike.
            year += 1;
            let (start, end) = (format!("{year}-11-01"), format!("{year}-12-31"));
            let form_in = |commune: &'static str| {
                let mut form = need_form(commune, "Nhu cầu thử quyền");
                form.retain(|(k, _)| !k.starts_with("period_"));
                form.extend([("period_start", start.as_str()), ("period_end", end.as_str())]);
                form
            };
            let draft_in = |commune: &'static str| {
                let coordinator = &coordinator;
                let portal = &portal;
                let form = form_in(commune);
                async move {
                    let r = post(portal, Some(coordinator), "/staff/needs", &form).await;
                    id_from(&location(&r))
                }
            };
            let (status, location_header, changed) = match action {
                "view the staff needs list" | "open the new-need form" | "read the audit trail" => {
                    let path = match action {
                        "view the staff needs list" => "/staff/needs",
                        "open the new-need form" => "/staff/needs/new",
                        _ => "/staff/audit",
                    };
                    let mut request = portal.http.get(portal.url(path));
                    if let Some(actor) = actor {
                        request = request.header("cookie", &actor.cookie);
                    }
                    let r = request.send().await.unwrap();
                    (r.status().as_u16(), location(&r), None)
                }
                "draft a need in Sảng Mộc" | "draft a need in Thần Sa (outside the officer's scope)" => {
                    let commune = if action.contains("Sảng Mộc") { SANG_MOC } else { THAN_SA };
                    let everything =
                        NeedQuery { statuses: NeedStatus::ALL.to_vec(), limit: 1000, ..NeedQuery::default() };
                    let before = portal.store.needs(&everything).await.unwrap().1;
                    let r = post(&portal, *actor, "/staff/needs", &form_in(commune)).await;
                    let after = portal.store.needs(&everything).await.unwrap().1;
                    (r.status().as_u16(), location(&r), Some(after != before))
                }
                _ => {
                    let (commune, from, verb, to) = match action {
                        "submit a Sảng Mộc draft" => (SANG_MOC, NeedStatus::Draft, "submit", NeedStatus::Submitted),
                        "publish a submitted need" => {
                            (SANG_MOC, NeedStatus::Submitted, "publish", NeedStatus::Published)
                        }
                        "return a submitted need" => (SANG_MOC, NeedStatus::Submitted, "return", NeedStatus::Returned),
                        "withdraw a Sảng Mộc need" => {
                            (SANG_MOC, NeedStatus::Draft, "withdraw", NeedStatus::Withdrawn)
                        }
                        _ => (THAN_SA, NeedStatus::Draft, "withdraw", NeedStatus::Withdrawn),
                    };
                    let id = draft_in(commune).await;
                    if from == NeedStatus::Submitted {
                        post(&portal, Some(&coordinator), &format!("/staff/needs/{id}/submit"), &[]).await;
                    }
                    let r =
                        post(&portal, *actor, &format!("/staff/needs/{id}/{verb}"), &[("comment", "Thử quyền")]).await;
                    let now = status_of(&portal, id).await;
                    assert!(now == from || now == to);
                    (r.status().as_u16(), location(&r), Some(now == to))
                }
            };
            let got = answer_of(status, &location_header);
            assert_eq!(got, expected, "{who} may {action}?");
            if let Some(changed) = changed {
                assert_eq!(
                    changed,
                    expected == Allowed,
                    "{who} / {action}: a refusal changes nothing, an allowed action does"
                );
            }
        }
    }
    // A 403 is the portal's own page, in Vietnamese.
    let refused = post(&portal, Some(&partner), "/staff/needs", &need_form(SANG_MOC, "x")).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("Không có quyền thực hiện"));

    portal.finish().await;
}
tests::on_both_backends!(every_role_can_do_exactly_its_part);
