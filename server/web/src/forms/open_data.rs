//! `GET /transparency.csv?year=`: the confirmed amounts of a year by commune, kind of support and
//! source, as CSV that Excel opens as UTF-8 (a byte-order mark first).

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;

use crate::AppState;

pub async fn ledger_csv(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let year = query
        .get("year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| domain::format::today().year());
    let cells = match state.portal.ledger_cells(year).await {
        Ok(cells) => cells,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the ledger");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut out = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let mut rows = vec![lang.t().open_data_columns.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()];
    for (commune, category, source, amount) in cells {
        let commune_name = state.portal.areas.commune(&commune).map(|c| c.name).unwrap_or_default();
        let category_name = domain::Category::parse(&category).map(|c| lang.category(c)).unwrap_or_default();
        let source_name = domain::DonorKind::parse(&source).map(|k| lang.donor_kind(k)).unwrap_or_default();
        rows.push(vec![
            year.to_string(),
            commune,
            commune_name,
            category,
            category_name.to_owned(),
            source,
            source_name.to_owned(),
            amount.to_string(),
        ]);
    }
    for row in rows {
        if out.write_record(&row).is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let Ok(bytes) = out.into_inner() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let disposition = format!("attachment; filename=\"ho-tro-tre-em-{year}.csv\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /campaigns/{slug}/statement.csv`: a campaign's whole statement as the public page shows it
/// (no memo), newest first, UTF-8 with a byte-order mark.
pub async fn campaign_statement_csv(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    axum::extract::Path(slug): axum::extract::Path<String>,
) -> Response {
    let t = lang.t();
    let mut out = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let header = [t.statement_col_time, t.statement_col_in, t.statement_col_out, t.statement_col_who];
    if out.write_record(header).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    // At most 2.000 pages of 500: a million movements is more than any campaign's account.
    for page in 1..=2_000 {
        let statement = match state.portal.campaign_statement(&slug, lang, page, 500).await {
            Ok(statement) => statement,
            Err(portal::Error::NotFound) => return StatusCode::NOT_FOUND.into_response(),
            Err(err) => {
                tracing::error!(error = %err, "cannot read a campaign statement");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        };
        for e in &statement.entries {
            let (money_in, money_out) =
                if e.money_in { (e.amount.to_string(), String::new()) } else { (String::new(), e.amount.to_string()) };
            if out.write_record([e.at.as_str(), &money_in, &money_out, &as_text(&e.label)]).is_err() {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
        if i64::from(page) * i64::from(statement.per_page) >= statement.count {
            break;
        }
    }
    let Ok(bytes) = out.into_inner() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let disposition = format!("attachment; filename=\"sao-ke-{slug}.csv\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A name typed by a donor, as a spreadsheet cell that stays text: one starting like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so opening the CSV
/// never runs what a stranger typed.
fn as_text(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn a_name_written_as_a_formula_stays_text_in_the_statement_csv() {
        assert_eq!(as_text("=HYPERLINK(\"https://evil.example\")"), "'=HYPERLINK(\"https://evil.example\")");
        assert_eq!(as_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(as_text("Lò Thị Mai"), "Lò Thị Mai");
        assert_eq!(as_text("Nhà hảo tâm"), "Nhà hảo tâm");
    }
}
