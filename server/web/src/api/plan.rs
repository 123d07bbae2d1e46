//! `GET /api/v1/plan?year=`: the year's published resource-mobilisation plan, commune by commune
//! and kind by kind, beside what was pledged, confirmed and delivered.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::{Extension, Json};
use domain::i18n::Lang;

use super::ledger::year_param;
use super::{ApiError, Failure, failure};
use crate::AppState;

/// The published plan of a year (`published` false and no lines while there is none).
#[utoipa::path(get, path = "/api/v1/plan", tag = "ledger",
    params(("year" = Option<i32>, Query, description = "calendar year; this year when absent")),
    responses((status = 200, body = domain::PlanProgress), (status = 422, body = ApiError)))]
pub(super) async fn plan(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<domain::PlanProgress>, Failure> {
    let year = year_param(lang, &query)?;
    Ok(Json(state.portal.plan_progress(year, "published").await.map_err(|e| failure(lang, e))?))
}
