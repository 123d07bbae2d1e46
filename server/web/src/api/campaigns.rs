//! `GET /api/v1/campaigns` and `GET /api/v1/campaigns/{slug}`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use domain::i18n::Lang;
use domain::{Campaign, CampaignDetail, DEFAULT_PER_PAGE, NeedFilter};
use pages::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, Failure, failure, invalid_filters};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<Campaign>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// Published campaigns, the latest to close first, with their sums and receiving windows.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    params(("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, body = CampaignList), (status = 422, body = ApiError)))]
pub(super) async fn list_campaigns(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<CampaignList>, Failure> {
    let (paging, ignored) = NeedFilter::from_query(|key| match key {
        "page" | "per_page" => query.get(key).cloned(),
        _ => None,
    });
    invalid_filters(lang, ignored)?;
    let per_page = if query.contains_key("per_page") { paging.per_page } else { DEFAULT_PER_PAGE };
    let page = state.portal.campaign_list(paging.page, per_page).await.map_err(|e| failure(lang, e))?;
    Ok(Json(CampaignList { items: page.items, page: page.page, per_page: page.per_page, total: page.total }))
}

/// One published campaign: story (markdown and sanitised HTML), sums, receiving account, linked
/// needs, drop-off points and the latest supporters who chose to be named.
#[utoipa::path(get, path = "/api/v1/campaigns/{slug}", tag = "campaigns",
    params(("slug" = String, Path)),
    responses((status = 200, body = CampaignDetail), (status = 404, body = ApiError)))]
pub(super) async fn get_campaign(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(slug): Path<String>,
) -> Result<Json<CampaignDetail>, Failure> {
    if !domain::checks::is_slug(&slug) {
        return Err(failure(lang, AppError::NotFound));
    }
    Ok(Json(state.portal.public_campaign(&slug).await.map_err(|e| failure(lang, e))?))
}
