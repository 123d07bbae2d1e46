//! `GET /api/v1/network`, `GET /api/v1/network/{slug}` and `GET /api/v1/honour-roll`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use domain::IgnoredFilter;
use domain::i18n::Lang;
use domain::network::{DirectoryFilter, HonourEntry, MemberCard, MemberProfile};
use pages::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, Failure, failure, invalid_filters};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberCard>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HonourRoll {
    /// The year shown: the one asked, or the latest with recognitions (none when there are none).
    pub year: Option<i64>,
    pub years: Vec<i64>,
    pub items: Vec<HonourEntry>,
}

/// Members listed in the directory, in Vietnamese order, with their confirmed support (named gifts).
#[utoipa::path(get, path = "/api/v1/network", tag = "network",
    params(
        ("kind" = Option<String>, Query, description = "individual | business | organisation | mass_organisation | fund"),
        ("category" = Option<String>, Query, description = "health | nutrition | recreation | warm_clothes"),
        ("commune" = Option<String>, Query, description = "2025 GSO commune code"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
    ),
    responses((status = 200, body = MemberList), (status = 422, body = ApiError)))]
pub(super) async fn list_members(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<MemberList>, Failure> {
    let filter = DirectoryFilter::from_query(|key| query.get(key).cloned());
    // What was given but could not be read is an error, not a silently wider list.
    let mut ignored = Vec::new();
    let given = |k: &str| query.get(k).is_some_and(|v| !v.trim().is_empty());
    if given("category") && filter.category.is_none() {
        ignored.push(IgnoredFilter::Category);
    }
    if given("commune") && filter.commune.is_none() {
        ignored.push(IgnoredFilter::Commune);
    }
    if given("page") && query.get("page").and_then(|p| p.trim().parse::<u32>().ok()).is_none_or(|p| p < 1) {
        ignored.push(IgnoredFilter::Page);
    }
    invalid_filters(lang, ignored)?;
    if given("kind") && filter.kind.is_none() {
        let fields = [("kind".to_owned(), lang.t().api_invalid_member_kind.to_owned())].into();
        return Err(failure(lang, AppError::Invalid { fields }));
    }
    let page = state.portal.directory(&filter).await.map_err(|e| failure(lang, e))?;
    Ok(Json(MemberList { items: page.items, page: page.page, per_page: page.per_page, total: page.total }))
}

/// One listed member: description, areas, confirmed support by year, campaigns, what it mobilised,
/// chapters and recognitions.
#[utoipa::path(get, path = "/api/v1/network/{slug}", tag = "network",
    params(("slug" = String, Path)),
    responses((status = 200, body = MemberProfile), (status = 404, body = ApiError)))]
pub(super) async fn get_member(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(slug): Path<String>,
) -> Result<Json<MemberProfile>, Failure> {
    Ok(Json(state.portal.member_profile(&slug, lang).await.map_err(|e| failure(lang, e))?))
}

/// Recognitions of a year (the latest by default), highest level first; a contributor who did not
/// consent is listed without a name.
#[utoipa::path(get, path = "/api/v1/honour-roll", tag = "network",
    params(("year" = Option<i64>, Query), ("level" = Option<String>, Query, description = "a level's code")),
    responses((status = 200, body = HonourRoll), (status = 422, body = ApiError)))]
pub(super) async fn honour_roll(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<HonourRoll>, Failure> {
    let year = match query.get("year").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => match y.parse::<i64>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                let fields = [("year".to_owned(), lang.t().api_invalid_honour_year.to_owned())].into();
                return Err(failure(lang, AppError::Invalid { fields }));
            }
        },
    };
    let level = query.get("level").map(|l| l.trim()).filter(|l| !l.is_empty());
    let (year, years, items) = state.portal.honour_roll(year, level, lang).await.map_err(|e| failure(lang, e))?;
    Ok(Json(HonourRoll { year, years, items }))
}
