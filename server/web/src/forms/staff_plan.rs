//! `POST /staff/plan` (upload the year's plan as a draft) and `POST /staff/plan/{year}/publish`
//! (a coordinator publishes the draft).

use std::collections::BTreeMap;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Flash;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, ManageCampaigns, allowed_upload};
use crate::forms::flash::{flash_and_go, notice_and_go};

/// A province's plan is a few hundred lines.
pub const MAX_PLAN_BYTES: usize = 2 * 1024 * 1024;

fn back(year: i32) -> String {
    format!("/staff/plan?year={year}")
}

pub async fn upload(
    State(state): State<AppState>,
    allowed: Result<Allowed<ManageCampaigns>, Response>,
    session: Session,
    request: Request,
) -> Response {
    let (staff, mut multipart) = match allowed_upload(allowed, request, 2 * MAX_PLAN_BYTES).await {
        Ok(upload) => upload,
        Err(answer) => return answer,
    };
    let (mut file, mut file_name, mut year) = (Vec::new(), String::new(), String::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("plan") => {
                file_name = field.file_name().unwrap_or("ke-hoach.csv").to_owned();
                match field.bytes().await {
                    Ok(bytes) if bytes.len() <= MAX_PLAN_BYTES => file = bytes.to_vec(),
                    _ => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
                }
            }
            Some("year") => year = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let year = year.trim().parse::<i32>().unwrap_or_else(|_| domain::format::today().year());
    let problems = |lines: Vec<String>| Flash {
        fields: BTreeMap::from([("error".to_owned(), lines.join("\n"))]),
        ..Flash::default()
    };
    match state.portal.import_plan(Some(&staff), year, &file_name, &file, false).await {
        Ok(Ok(_)) => notice_and_go(&session, "plan_staged", &back(year)).await,
        Ok(Err(found)) => {
            let lines = found.iter().map(|p| if p.line == 0 { p.problem.clone() } else { p.to_string() }).collect();
            flash_and_go(&session, problems(lines), &back(year)).await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    Allowed(staff, _): Allowed<ManageCampaigns>,
    session: Session,
    Path(year): Path<i32>,
) -> Response {
    match state.portal.publish_plan(&staff, year).await {
        Ok(()) => notice_and_go(&session, "plan_published", &back(year)).await,
        Err(portal::Error::NotFound) => notice_and_go(&session, "conflict", &back(year)).await,
        Err(e) => PageFailure(e).into_response(),
    }
}
