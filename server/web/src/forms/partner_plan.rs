//! `POST /staff/partner-plan` (a partner organisation enters its plan for a year) and
//! `POST /staff/partner-plan/report` (it submits its year's report, which locks the year).

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use domain::Flash;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::Staff;
use crate::forms::flash::{flash_and_go, notice_and_go};

fn back(year: i32) -> String {
    format!("/staff/partner-plan?year={year}")
}

fn year_of(fields: &BTreeMap<String, String>) -> i32 {
    fields
        .get("year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| domain::format::today().year())
}

/// What went wrong goes back with what was typed.
async fn answer(
    session: &Session,
    fields: BTreeMap<String, String>,
    result: Result<(), portal::Error>,
    done: &str,
) -> Response {
    let year = year_of(&fields);
    match result {
        Ok(()) => notice_and_go(session, done, &back(year)).await,
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(session, Flash { problems, fields, ..Flash::default() }, &back(year)).await
        }
        Err(portal::Error::Conflict(_) | portal::Error::NotFound) => {
            notice_and_go(session, "conflict", &back(year)).await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

pub async fn save(
    State(state): State<AppState>,
    Staff(me): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let result = state.portal.save_partner_plan(&me, year_of(&fields), &fields).await;
    answer(&session, fields, result, "partner_plan_saved").await
}

pub async fn report(
    State(state): State<AppState>,
    Staff(me): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let text = fields.get("report").cloned().unwrap_or_default();
    let result = state.portal.submit_partner_report(&me, year_of(&fields), &text).await;
    answer(&session, fields, result, "report_submitted").await
}
