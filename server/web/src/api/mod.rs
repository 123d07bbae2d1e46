//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.
//! Lists answer `{"items", "page", "per_page", "total"}`; errors `{"code", "message", "fields"}`.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use domain::i18n::Lang;
use domain::{AreaHit, DEFAULT_PER_PAGE, IgnoredFilter, MAX_PER_PAGE, Need, NeedFilter, Paged};
use pages::error::AppError;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// Stable: `not_found`, `invalid`, `unavailable`.
    pub code: String,
    /// For people, in the request's language.
    pub message: String,
    /// Field → what is wrong with it.
    pub fields: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedList {
    pub items: Vec<Need>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AreaList {
    pub items: Vec<AreaHit>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl From<Paged<Need>> for NeedList {
    fn from(p: Paged<Need>) -> Self {
        NeedList { items: p.items, page: p.page, per_page: p.per_page, total: p.total }
    }
}

mod bank_feed;
mod campaigns;
mod ledger;
mod network;
mod plan;
mod pledges;

pub(crate) struct Failure(StatusCode, ApiError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// Filters that could not be read answer 422 with a message per field.
fn invalid_filters(lang: Lang, ignored: Vec<IgnoredFilter>) -> Result<(), Failure> {
    if ignored.is_empty() {
        return Ok(());
    }
    let fields = ignored.into_iter().map(|f| (f.field().to_owned(), invalid_filter_message(lang, f))).collect();
    Err(failure(lang, AppError::Invalid { fields }))
}

fn failure(lang: Lang, error: impl Into<AppError>) -> Failure {
    let error = error.into();
    let t = lang.t();
    let (status, message) = match &error {
        AppError::NotFound => (StatusCode::NOT_FOUND, t.api_not_found),
        AppError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, t.api_invalid),
        AppError::Conflict => (StatusCode::CONFLICT, t.api_conflict),
        _ => (StatusCode::SERVICE_UNAVAILABLE, t.api_unavailable),
    };
    let fields = match &error {
        AppError::Invalid { fields } => fields.clone(),
        _ => BTreeMap::new(),
    };
    Failure(status, ApiError { code: error.code().to_owned(), message: message.to_owned(), fields })
}

fn invalid_filter_message(lang: Lang, field: IgnoredFilter) -> String {
    let t = lang.t();
    match field {
        IgnoredFilter::Category => t.api_invalid_category.into(),
        IgnoredFilter::Commune => t.api_invalid_commune.into(),
        IgnoredFilter::Status => t.api_invalid_status.into(),
        IgnoredFilter::Page => t.api_invalid_page.into(),
        IgnoredFilter::PerPage => lang.api_invalid_per_page(MAX_PER_PAGE),
    }
}

/// Published needs, most urgent first.
#[utoipa::path(get, path = "/api/v1/needs", tag = "needs",
    params(
        ("category" = Option<String>, Query, description = "health | nutrition | recreation | warm_clothes"),
        ("commune" = Option<String>, Query, description = "2025 GSO commune code"),
        ("status" = Option<String>, Query, description = "published | covered | fulfilled"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
    ),
    responses((status = 200, body = NeedList), (status = 422, body = ApiError)))]
async fn list_needs(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<NeedList>, Failure> {
    let (filter, ignored) = NeedFilter::from_query(|key| query.get(key).cloned());
    invalid_filters(lang, ignored)?;
    let page = state.portal.board(&filter).await.map_err(|e| failure(lang, e))?;
    Ok(Json(page.into()))
}

/// One published need, with its commune and the pre-2025 communes that commune covers.
#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "needs",
    params(("id" = i64, Path)),
    responses((status = 200, body = Need), (status = 404, body = ApiError)))]
async fn get_need(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<String>,
) -> Result<Json<Need>, Failure> {
    let id: i64 = id.parse().map_err(|_| failure(lang, AppError::NotFound))?;
    let need = state.portal.public_need(id).await.map_err(|e| failure(lang, e))?;
    Ok(Json(need))
}

/// Administrative units by name, current and former, with or without diacritics
/// ("vo nhai" finds Huyện Võ Nhai and the 2025 communes that now cover it).
#[utoipa::path(get, path = "/api/v1/areas", tag = "areas",
    params(("q" = Option<String>, Query, description = "words of the name"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query)),
    responses((status = 200, body = AreaList), (status = 422, body = ApiError)))]
async fn search_areas(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<AreaList>, Failure> {
    let (paging, ignored) = NeedFilter::from_query(|key| match key {
        "page" | "per_page" => query.get(key).cloned(),
        _ => None,
    });
    invalid_filters(lang, ignored)?;
    let q = query.get("q").map(String::as_str).unwrap_or("");
    let hits = state.portal.areas.search(q, usize::MAX);
    let total = i64::try_from(hits.len()).unwrap_or(i64::MAX);
    let per_page = if query.contains_key("per_page") { paging.per_page } else { DEFAULT_PER_PAGE.max(20) };
    let skip = usize::try_from(paging.page.saturating_sub(1)).unwrap_or(0) * usize::try_from(per_page).unwrap_or(20);
    let items = hits.into_iter().skip(skip).take(usize::try_from(per_page).unwrap_or(20)).collect();
    Ok(Json(AreaList { items, page: paging.page, per_page, total }))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cổng Hỗ trợ Trẻ em — open data API",
        version = "1",
        description = "Published needs of communes and schools, the administrative units they belong to, \
                       campaigns, and pledges with their VietQR payment. Amounts are whole đồng; dates are \
                       ISO 8601. `POST /api/v1/pledges` honours an `Idempotency-Key` header for 24 hours."
    ),
    paths(
        list_needs,
        get_need,
        search_areas,
        ledger::summary,
        plan::plan,
        ledger::ledger,
        campaigns::list_campaigns,
        campaigns::get_campaign,
        pledges::create_pledge,
        pledges::get_pledge,
        network::list_members,
        network::get_member,
        network::honour_roll
    ),
    components(schemas(
        ApiError,
        NeedList,
        AreaList,
        Need,
        AreaHit,
        campaigns::CampaignList,
        domain::Campaign,
        domain::CampaignDetail,
        domain::Payment,
        domain::InstalmentView,
        domain::InstalmentStatus,
        domain::LedgerBreakdown,
        domain::LedgerTotals,
        domain::PublicLedgerEntry,
        ledger::LedgerList,
        pledges::PledgeRequest,
        pledges::InKindRequest,
        pledges::ServiceRequest,
        pledges::PledgeCreated,
        pledges::PledgeStatus,
        network::MemberList,
        network::HonourRoll,
        domain::network::MemberCard,
        domain::network::MemberLink,
        domain::network::MemberProfile,
        domain::network::Mobilised,
        domain::network::YearTotal,
        domain::network::HonourEntry,
        domain::DonorKind,
        domain::NoticeChannel,
        domain::PlanProgress,
        domain::PlanLine,
        domain::Category
    ))
)]
pub struct ApiDoc;

async fn openapi() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}

async fn unknown_endpoint(Extension(lang): Extension<Lang>) -> Failure {
    failure(lang, AppError::NotFound)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/needs", get(list_needs))
        .route("/needs/{id}", get(get_need))
        .route("/areas", get(search_areas))
        .route("/summary", get(ledger::summary))
        .route("/plan", get(plan::plan))
        .route("/ledger", get(ledger::ledger))
        .route("/campaigns", get(campaigns::list_campaigns))
        .route("/campaigns/{slug}", get(campaigns::get_campaign))
        .route(
            "/pledges",
            axum::routing::post(pledges::create_pledge).layer(axum::extract::DefaultBodyLimit::max(pledges::MAX_BODY)),
        )
        .route("/pledges/{reference}", get(pledges::get_pledge))
        .route(
            "/bank-feed/sepay",
            axum::routing::post(bank_feed::sepay).layer(axum::extract::DefaultBodyLimit::max(bank_feed::MAX_BODY)),
        )
        .route("/network", get(network::list_members))
        .route("/network/{slug}", get(network::get_member))
        .route("/honour-roll", get(network::honour_roll))
        .route("/openapi.json", get(openapi))
        .fallback(unknown_endpoint)
}
