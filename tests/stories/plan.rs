//! The year's plan: the coordinating department drafts it in a spreadsheet, imports it, and the
//! public sees it beside what was pledged, confirmed and delivered, commune by commune.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{Backend, TestPortal};

async fn plan_api(portal: &TestPortal, year: i32) -> Value {
    let (status, body) = portal.json(&format!("/api/v1/plan?year={year}")).await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

fn line<'a>(plan: &'a Value, commune: &str, category: &str) -> &'a Value {
    plan["lines"].as_array().unwrap().iter().find(|l| l["commune"] == commune && l["category"] == category).unwrap()
}

fn xlsx(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            // Numbers as numbers, as a spreadsheet keeps them.
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c > 1 => sheet.write_number(r, c, n).unwrap(),
                _ => sheet.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

async fn the_plan_is_imported_and_shown_beside_what_was_achieved(backend: Backend) {
    let Some(portal) = TestPortal::start(backend).await.unwrap() else { return };
    portal.seed_demo().await.unwrap();
    let year = domain::format::today().year();
    let (_, needs) = portal.json("/api/v1/needs").await.unwrap();
    let need = &needs["items"][0];
    let commune = need["commune"]["code"].as_str().or(need["commune_code"].as_str()).expect("a commune code");
    let category = need["category"].as_str().unwrap();
    let other = if category == "health" { "nutrition" } else { "health" };
    let portal_ = &portal.state.portal;

    // No plan yet: the API says so.
    assert_eq!(plan_api(&portal, year).await["published"], false);

    // From CSV (the header, a thousands separator as typed in Vietnam).
    let csv = format!(
        "commune_code,category,target_children,target_amount\n{commune},{category},140,\"98.000.000\"\n{commune},{other},60,30000000\n"
    );
    assert_eq!(portal_.import_plan(None, year, "ke-hoach.csv", csv.as_bytes(), true).await.unwrap(), Ok(2));
    let before = plan_api(&portal, year).await;
    assert_eq!(before["published"], true);
    let planned = line(&before, commune, category);
    assert_eq!((planned["target_children"].as_i64(), planned["target_amount"].as_i64()), (Some(140), Some(98_000_000)));
    assert!(planned["commune_name"].as_str().is_some_and(|n| !n.is_empty()));

    // A gift to that need, confirmed: counted once in pledged and once in confirmed.
    let answer = portal
        .http
        .post(portal.url("/api/v1/pledges"))
        .json(&json!({"need": need["id"], "donor_type": "individual", "name": "Mùa A Chứ",
                      "email": "chu@example.vn", "amount": 2_500_000, "display": "named", "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
    let reference = answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    let coordinator = portal.staff_signed_in("dieuphoi@soyte.gov.vn", domain::Role::Coordinator, &[]).await.unwrap();
    crate::network::confirm(&portal, &coordinator, &reference).await;
    let after = plan_api(&portal, year).await;
    let delta = |field: &str| {
        line(&after, commune, category)[field].as_i64().unwrap()
            - line(&before, commune, category)[field].as_i64().unwrap()
    };
    assert_eq!((delta("pledged"), delta("confirmed")), (2_500_000, 2_500_000));
    assert_eq!(line(&after, commune, other)["confirmed"], line(&before, commune, other)["confirmed"]);

    // A file with one bad line changes nothing, and says which line.
    let bad = format!("{csv}{commune},meals,10,100\n");
    let problems = portal_.import_plan(None, year, "sai.csv", bad.as_bytes(), true).await.unwrap().unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 4, "{problems:?}");
    assert_eq!(plan_api(&portal, year).await["lines"].as_array().unwrap().len(), 2, "the plan is as it was");

    // From XLSX, importing again replaces the plan; a draft is not shown until it is published.
    let book = xlsx(&[
        ["commune_code", "category", "target_children", "target_amount"],
        [commune, category, "200", "120000000"],
    ]);
    assert_eq!(portal_.import_plan(None, year, "ke-hoach.xlsx", &book, true).await.unwrap(), Ok(1));
    let replaced = plan_api(&portal, year).await;
    assert_eq!(replaced["lines"].as_array().unwrap().len(), 1);
    assert_eq!(line(&replaced, commune, category)["target_amount"], 120_000_000);
    assert_eq!(portal_.import_plan(None, year + 1, "nam-sau.csv", csv.as_bytes(), false).await.unwrap(), Ok(2));
    assert_eq!(plan_api(&portal, year + 1).await["published"], false, "a draft stays with the staff");

    // Staff upload next year's plan as a draft; a coordinator publishes it.
    let next = year + 2;
    let upload = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new().text("year", next.to_string()).part(
            "plan",
            reqwest::multipart::Part::bytes(bytes).file_name("ke-hoach.csv").mime_str("text/csv").unwrap(),
        )
    };
    let send = |form| portal.http.post(portal.url("/staff/plan")).header("cookie", &coordinator).multipart(form).send();
    assert_eq!(send(upload(bad.clone().into_bytes())).await.unwrap().status(), 303);
    let staff_page = portal.get_with(&format!("/staff/plan?year={next}"), &[("cookie", &coordinator)]).await.unwrap();
    assert!(
        staff_page.text(".plan-problems").is_some_and(|p| p.contains("line 4")),
        "{:?}",
        staff_page.text(".plan-problems")
    );
    assert_eq!(send(upload(csv.clone().into_bytes())).await.unwrap().status(), 303);
    let staff_page = portal.get_with(&format!("/staff/plan?year={next}"), &[("cookie", &coordinator)]).await.unwrap();
    assert_eq!(staff_page.texts(".plan-draft tbody tr").len(), 2);
    assert_eq!(plan_api(&portal, next).await["published"], false, "not public before it is published");
    let published =
        portal.post_form_as(&format!("/staff/plan/{next}/publish"), &coordinator, &[("go", "1")]).await.unwrap();
    assert_eq!(published.status(), 303);
    assert_eq!(plan_api(&portal, next).await["lines"].as_array().unwrap().len(), 2);

    // The yearly report carries the plan beside the results.
    let report = portal_.yearly_report_for_operator(year).await.unwrap();
    let bytes = web::ops::report::xlsx(&report, &portal_.areas, domain::i18n::Lang::Vi).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Kế hoạch và kết quả").expect("the plan sheet");
    let row: Vec<String> = sheet.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!((row[0].as_str(), row[3].as_str(), row[4].as_str()), (commune, "200", "120000000"), "{row:?}");

    let page = portal.get(&format!("/plan?year={year}")).await.unwrap();
    assert_eq!(page.status, 200);
    assert!(page.text(".plan-table").is_some_and(|t| t.contains("120.000.000")), "{:?}", page.text(".plan-table"));
}
tests::on_both_backends!(the_plan_is_imported_and_shown_beside_what_was_achieved);
