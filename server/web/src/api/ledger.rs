//! `GET /api/v1/ledger` (the coordination ledger as open data) and `GET /api/v1/summary`.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use axum::{Extension, Json};
use domain::i18n::Lang;
use domain::{Category, LedgerQuery, NeedFilter, PublicLedgerEntry};
use pages::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, Failure, failure, invalid_filters};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerList {
    pub items: Vec<PublicLedgerEntry>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// Ledger lines, the latest first: confirmations and reversals with commune, kind of support,
/// source type and amount; the donor's name only when they chose to be named.
#[utoipa::path(get, path = "/api/v1/ledger", tag = "ledger",
    params(
        ("q" = Option<String>, Query, description = "a reference, or words of a named donor's name (diacritics optional)"),
        ("year" = Option<i64>, Query), ("commune" = Option<String>, Query, description = "2025 GSO commune code"),
        ("category" = Option<String>, Query, description = "health | nutrition | recreation | warm_clothes"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
    ),
    responses((status = 200, body = LedgerList), (status = 422, body = ApiError)))]
pub(super) async fn ledger(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<LedgerList>, Failure> {
    let (paging, ignored) = NeedFilter::from_query(|key| match key {
        "page" | "per_page" => query.get(key).cloned(),
        _ => None,
    });
    invalid_filters(lang, ignored)?;
    let mut fields = BTreeMap::new();
    let year = match query.get("year").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => {
            let year = y.parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
            if year.is_none() {
                fields.insert("year".to_owned(), lang.t().api_invalid_year.to_owned());
            }
            year
        }
    };
    let category = query.get("category").map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if category.as_deref().is_some_and(|c| Category::parse(c).is_none()) {
        fields.insert("category".to_owned(), lang.t().api_invalid_category.to_owned());
    }
    let commune = query.get("commune").map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if commune.as_deref().is_some_and(|c| !state.portal.areas.is_current_commune(c)) {
        fields.insert("commune".to_owned(), lang.t().api_invalid_commune.to_owned());
    }
    if !fields.is_empty() {
        return Err(failure(lang, AppError::Invalid { fields }));
    }
    let per_page = paging.per_page;
    let ledger_query = LedgerQuery {
        q: query.get("q").map(|q| q.chars().take(100).collect()),
        year,
        commune,
        category,
        limit: i64::from(per_page),
        offset: i64::from(paging.page.saturating_sub(1)) * i64::from(per_page),
    };
    let (items, total) = state.portal.public_ledger(&ledger_query).await.map_err(|e| failure(lang, e))?;
    Ok(Json(LedgerList { items, page: paging.page, per_page, total }))
}

/// The ledger's figures for a year: pledged, confirmed (net of reversals), delivered, children
/// reached (each need's children once), donors, and confirmed amounts by category, commune and
/// source type.
#[utoipa::path(get, path = "/api/v1/summary", tag = "ledger",
    params(("year" = Option<i32>, Query, description = "calendar year; this year when absent")),
    responses((status = 200, body = domain::LedgerBreakdown), (status = 422, body = ApiError)))]
pub(super) async fn summary(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<domain::LedgerBreakdown>, Failure> {
    let year = year_param(lang, &query)?;
    let breakdown = state.portal.ledger_breakdown(year).await.map_err(|e| failure(lang, e))?;
    Ok(Json(breakdown))
}

/// `?year=`: a calendar year from 2000 to 2100, this year when absent.
pub(super) fn year_param(lang: Lang, query: &HashMap<String, String>) -> Result<i32, Failure> {
    match query.get("year") {
        None => Ok(domain::format::today().year()),
        Some(y) => y.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| {
            failure(
                lang,
                AppError::Invalid {
                    fields: BTreeMap::from([("year".to_owned(), lang.t().api_invalid_year.to_owned())]),
                },
            )
        }),
    }
}
