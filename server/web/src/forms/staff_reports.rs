//! `GET /staff/reports/{file}`: the yearly report as `bao-cao-YEAR.xlsx` or `.csv`, for admins and
//! coordinators.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, ManagePledges};

pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Extension(lang): Extension<Lang>,
    Allowed(staff, ..): Allowed<ManagePledges>,
) -> Response {
    let Some((year, format)) = file
        .strip_prefix("bao-cao-")
        .and_then(|rest| rest.split_once('.'))
        .and_then(|(year, format)| Some((year.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y))?, format)))
    else {
        return PageFailure(portal::Error::NotFound).into_response();
    };
    let report = match state.portal.yearly_report(&staff, year).await {
        Ok(report) => report,
        Err(e) => return PageFailure(e).into_response(),
    };
    let (bytes, content_type) = match format {
        "xlsx" => (
            crate::ops::report::xlsx(&report, &state.portal.areas, lang).map_err(|e| e.to_string()),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "csv" => (
            crate::ops::report::csv(&report, &state.portal.areas, lang).map_err(|e| e.to_string()),
            "text/csv; charset=utf-8",
        ),
        _ => return PageFailure(portal::Error::NotFound).into_response(),
    };
    let Ok(bytes) = bytes.inspect_err(|e| tracing::error!(error = %e, "cannot write the yearly report")) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let disposition = format!("attachment; filename=\"bao-cao-ho-tro-tre-em-{year}.{format}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}
