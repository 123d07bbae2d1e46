//! `POST /api/v1/pledges` (JSON, `Idempotency-Key`) and `GET /api/v1/pledges/{reference}`.
//! A pledge from the API goes through the same checks and store call as the public form.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;
use domain::{InstalmentView, Payment, PledgeForm, PledgeKind};
use pages::error::AppError;
use portal::Conflict;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, Failure, failure};
use crate::AppState;
use crate::extract::ClientAddress;

/// A pledge body is small; anything bigger is refused before it is read.
pub const MAX_BODY: usize = 16 * 1024;
const MAX_KEY: usize = 200;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InKindRequest {
    pub item: String,
    pub quantity: i64,
    pub unit: String,
    /// Whole đồng, for the whole quantity.
    pub estimated_value: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRequest {
    pub description: String,
    /// Whole đồng.
    pub estimated_value: i64,
}

/// A pledge: to a campaign (slug) or a need (id); money (`amount`), goods (`in_kind`) or a
/// service (`service`) — exactly one of the three.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PledgeRequest {
    pub campaign: Option<String>,
    pub need: Option<i64>,
    /// `individual` | `business` | `organisation` | `mass_organisation` | `fund`
    pub donor_type: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How the donor hears back: `email`, `zalo` or `sms` (Zalo and SMS need a Vietnamese mobile
    /// number). Default: email when `email` is given, else Zalo.
    pub notice_channel: Option<domain::NoticeChannel>,
    /// Required for a business.
    pub tax_code: Option<String>,
    /// A network member's slug.
    pub mobilised_by: Option<String>,
    /// A network member's slug, instead of `campaign` or `need`: the gift goes to that member's
    /// common fund, which forwards it to needs later (counted once).
    pub pool: Option<String>,
    /// `vi` (default) or `en`: the language of the donor's notices and of error messages.
    pub language: Option<String>,
    /// Whole đồng.
    pub amount: Option<i64>,
    /// Money only: paid in this many monthly instalments (2–12), the first due today.
    pub instalments: Option<i64>,
    pub in_kind: Option<InKindRequest>,
    pub service: Option<ServiceRequest>,
    /// `named` | `anonymous` | `unlisted`
    pub display: String,
    /// Must be true: the donor accepts the privacy notice.
    pub consent: bool,
}

/// What a partner system needs after pledging: the reference and, for money, how to pay.
#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeCreated {
    pub reference: String,
    /// `pledged` for a new pledge.
    pub status: String,
    pub kind: PledgeKind,
    /// Whole đồng counted toward the need or campaign.
    pub value: i64,
    pub campaign: Option<String>,
    pub need: Option<i64>,
    /// More than the need still lacked: the coordinator will look at it.
    pub over_need: bool,
    /// The VietQR payload (money pledges with a receiving account).
    pub vietqr: Option<String>,
    pub payment: Option<Payment>,
    /// The pledge's public page.
    pub url: String,
}

/// A pledge's public status: amounts and where it goes, never who pledged.
#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeStatus {
    pub reference: String,
    /// `pledged` | `partly_paid` | `confirmed` | `delivered` | `cancelled` | `lapsed`
    pub status: String,
    pub kind: PledgeKind,
    pub amount: Option<i64>,
    pub value: i64,
    pub campaign: Option<String>,
    pub need: Option<i64>,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    /// Whole đồng received so far (money that arrived, or goods confirmed).
    pub received: i64,
    /// A pledge paid in instalments: each with its due date, what is paid and where it stands.
    pub instalments: Vec<InstalmentView>,
    /// What to pay now (for instalments: the next one).
    pub vietqr: Option<String>,
}

impl PledgeRequest {
    /// The same fields the public form has, so one set of checks serves both.
    fn into_form(self) -> Result<PledgeForm, BTreeMap<String, domain::FieldProblem>> {
        let kinds = usize::from(self.amount.is_some())
            + usize::from(self.in_kind.is_some())
            + usize::from(self.service.is_some());
        if kinds != 1 {
            return Err(BTreeMap::from([("amount".to_owned(), domain::FieldProblem::Required)]));
        }
        if self.language.as_deref().is_some_and(|l| Lang::parse(l).is_none()) {
            return Err(BTreeMap::from([("language".to_owned(), domain::FieldProblem::NotALanguage)]));
        }
        let mut form = PledgeForm {
            campaign: self.campaign.unwrap_or_default(),
            need: self.need.map(|n| n.to_string()).unwrap_or_default(),
            donor_type: self.donor_type,
            name: self.name,
            email: self.email.unwrap_or_default(),
            phone: self.phone.unwrap_or_default(),
            notice_channel: self.notice_channel.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            tax_code: self.tax_code.unwrap_or_default(),
            mobilised_by: self.mobilised_by.unwrap_or_default(),
            pool: self.pool.unwrap_or_default(),
            instalments: self.instalments.map(|n| n.to_string()).unwrap_or_default(),
            display: self.display,
            consent: self.consent.then(|| "yes".to_owned()),
            ..PledgeForm::default()
        };
        if let Some(amount) = self.amount {
            form.kind = "money".into();
            form.amount = amount.to_string();
        }
        if let Some(goods) = self.in_kind {
            form.kind = "in_kind".into();
            form.item = goods.item;
            form.quantity = goods.quantity.to_string();
            form.unit = goods.unit;
            form.estimated_value = goods.estimated_value.to_string();
        }
        if let Some(service) = self.service {
            form.kind = "service".into();
            form.description = service.description;
            form.estimated_value = service.estimated_value.to_string();
        }
        Ok(form)
    }
}

fn field_messages(lang: Lang, problems: BTreeMap<String, domain::FieldProblem>) -> BTreeMap<String, String> {
    problems
        .into_iter()
        .map(|(field, problem)| {
            // The form's field names, in the API's words.
            let field = match field.as_str() {
                "item" | "quantity" | "unit" => format!("in_kind.{field}"),
                "description" => "service.description".to_owned(),
                _ => field,
            };
            (field, lang.field_problem(problem).to_owned())
        })
        .collect()
}

fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(ApiError { code: code.to_owned(), message: message.to_owned(), fields: BTreeMap::new() }))
        .into_response()
}

/// Records a pledge. With an `Idempotency-Key`, sending the same request again (a retry after a
/// timeout) answers the first pledge instead of making another; the same key with a different
/// body is a 409.
#[utoipa::path(post, path = "/api/v1/pledges", tag = "pledges",
    request_body = PledgeRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "honoured for 24 hours")),
    responses(
        (status = 201, body = PledgeCreated),
        (status = 404, body = ApiError, description = "no such published campaign or need"),
        (status = 409, body = ApiError, description = "closed, or the key was used for another request"),
        (status = 422, body = ApiError),
        (status = 429, body = ApiError),
    ))]
pub(super) async fn create_pledge(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    // The language of the answer is the one the body asks for; read it before anything can fail.
    let body = serde_json::from_slice::<serde_json::Value>(&body);
    let lang = body
        .as_ref()
        .ok()
        .and_then(|v| v.get("language").and_then(|l| l.as_str()))
        .and_then(Lang::parse)
        .unwrap_or(Lang::Vi);
    if !state.pledge_limiter.allow(address) {
        let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, "rate_limited", lang.t().api_rate_limited);
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from_static("60"));
        return response;
    }
    let key = match headers.get("idempotency-key").map(|v| v.to_str().map(str::trim)) {
        None => None,
        Some(Ok(key)) if !key.is_empty() && key.len() <= MAX_KEY => Some(format!("api:{key}")),
        Some(_) => {
            let fields = BTreeMap::from([(
                "Idempotency-Key".to_owned(),
                lang.field_problem(domain::FieldProblem::TooLong).to_owned(),
            )]);
            return failure(lang, AppError::Invalid { fields }).into_response();
        }
    };
    let request: PledgeRequest = match body.and_then(serde_json::from_value) {
        Ok(request) => request,
        Err(err) => {
            return refusal(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &lang.api_not_a_pledge(&err));
        }
    };
    let form = match request.into_form() {
        Ok(form) => form,
        Err(problems) => return invalid(lang, problems),
    };
    let taken = match state.portal.pledge(&form, lang, key).await {
        Ok(taken) => taken,
        Err(portal::Error::Invalid(problems)) => return invalid(lang, problems),
        Err(portal::Error::NotFound) => return failure(lang, AppError::NotFound).into_response(),
        Err(portal::Error::Conflict(Conflict::Closed)) => {
            let t = lang.t();
            let message = if form.campaign.is_empty() { t.api_need_closed } else { t.api_campaign_closed };
            return refusal(StatusCode::CONFLICT, "closed", message);
        }
        Err(portal::Error::Conflict(_)) => {
            return refusal(StatusCode::CONFLICT, "key_reused", lang.t().api_key_reused);
        }
        Err(e) => return failure(lang, e).into_response(),
    };
    let replayed = taken.replayed;
    let created = PledgeCreated {
        url: format!("{}/pledge/{}", state.portal.site.public_url, taken.reference),
        reference: taken.reference,
        status: taken.status,
        kind: taken.kind,
        value: taken.value,
        campaign: Some(form.campaign).filter(|c| !c.is_empty()),
        need: taken.need_id,
        over_need: taken.over_need,
        vietqr: taken.payment.as_ref().map(|p| p.vietqr.clone()),
        payment: taken.payment,
    };
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

fn invalid(lang: Lang, problems: BTreeMap<String, domain::FieldProblem>) -> Response {
    failure(lang, AppError::Invalid { fields: field_messages(lang, problems) }).into_response()
}

/// A pledge's public status and amounts (no personal data).
#[utoipa::path(get, path = "/api/v1/pledges/{reference}", tag = "pledges",
    params(("reference" = String, Path)),
    responses((status = 200, body = PledgeStatus), (status = 404, body = ApiError)))]
pub(super) async fn get_pledge(
    State(state): State<AppState>,
    axum::Extension(lang): axum::Extension<Lang>,
    Path(reference): Path<String>,
) -> Result<Json<PledgeStatus>, Failure> {
    let pledge = state.portal.pledge_status(&reference).await.map_err(|e| failure(lang, e))?;
    Ok(Json(PledgeStatus {
        reference: pledge.reference,
        status: pledge.status,
        kind: pledge.kind,
        amount: pledge.amount,
        value: pledge.value,
        campaign: pledge.campaign.map(|(slug, _)| slug),
        need: pledge.need_id,
        created_at: pledge.created_at,
        received: pledge.received,
        instalments: pledge.instalments,
        vietqr: pledge.payment.map(|p| p.vietqr),
    }))
}
