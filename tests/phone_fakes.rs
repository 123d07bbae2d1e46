//! Local stand-ins for Zalo and the SMS gateway that speak their documented formats: Zalo's ZNS
//! `POST /message/template` (header `access_token`; `error` 0 and `data.msg_id`, or -124 for a
//! token it does not take, -118 for a number without a Zalo account) and its OAuth
//! `POST /v4/oa/access_token` (header `secret_key`; form `refresh_token`, `app_id`, `grant_type`;
//! a refresh token works once); eSMS's `SendMultipleMessage_V4_post_json` (`CodeResult` "100" and
//! `SMSID`, "124" for a `RequestId` it already has).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub const ZALO_APP_ID: &str = "4291763606161179100";
pub const ZALO_SECRET_KEY: &str = "fake-zalo-secret-key";

#[derive(Default)]
struct ZaloState {
    access_token: String,
    refresh_token: String,
    renewals: u32,
    without_zalo: HashSet<String>,
    /// Every message request as it arrived (before the answer), with the token it carried.
    requests: Vec<Value>,
    /// The messages Zalo accepted.
    accepted: Vec<Value>,
    delay: Duration,
}

/// Zalo: ZNS and OAuth on one loopback port.
#[derive(Clone)]
pub struct FakeZalo {
    pub base: String,
    state: Arc<Mutex<ZaloState>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl FakeZalo {
    /// Takes `access_token` and renews with `refresh_token`.
    pub async fn start(access_token: &str, refresh_token: &str) -> anyhow::Result<Self> {
        Self::start_on(0, access_token, refresh_token).await
    }

    pub async fn start_on(port: u16, access_token: &str, refresh_token: &str) -> anyhow::Result<Self> {
        let state = Arc::new(Mutex::new(ZaloState {
            access_token: access_token.to_owned(),
            refresh_token: refresh_token.to_owned(),
            ..ZaloState::default()
        }));
        let app = Router::new()
            .route("/message/template", post(zns_message))
            .route("/v4/oa/access_token", post(oauth_refresh))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(FakeZalo { base, state })
    }

    pub fn oauth_url(&self) -> String {
        format!("{}/v4/oa/access_token", self.base)
    }

    /// Numbers (`84…`) that have no Zalo account.
    pub fn without_zalo(&self, phone: &str) {
        lock(&self.state).without_zalo.insert(phone.to_owned());
    }

    /// Each message is answered only after this long.
    pub fn answer_after(&self, delay: Duration) {
        lock(&self.state).delay = delay;
    }

    pub fn requests(&self) -> Vec<Value> {
        lock(&self.state).requests.clone()
    }

    pub fn accepted(&self) -> Vec<Value> {
        lock(&self.state).accepted.clone()
    }

    pub fn renewals(&self) -> u32 {
        lock(&self.state).renewals
    }

    /// Waits until `count` messages were accepted (or the time is up) and answers them.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + within;
        while self.accepted().len() < count && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.accepted()
    }
}

async fn zns_message(
    State(state): State<Arc<Mutex<ZaloState>>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let token = headers.get("access_token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let delay = {
        let mut s = lock(&state);
        let mut seen = body.clone();
        seen["access_token"] = json!(token);
        s.requests.push(seen);
        s.delay
    };
    tokio::time::sleep(delay).await;
    let mut s = lock(&state);
    if token != s.access_token {
        return Json(json!({"error": -124, "message": "Access token is invalid"})).into_response();
    }
    let phone = body["phone"].as_str().unwrap_or_default();
    let well_formed = phone.len() == 11
        && phone.starts_with("84")
        && phone.bytes().all(|b| b.is_ascii_digit())
        && body["template_id"].as_str().is_some_and(|t| !t.is_empty())
        && body["template_data"].is_object()
        && body["tracking_id"].as_str().is_some_and(|t| !t.is_empty() && t.len() <= 48);
    if !well_formed {
        return Json(json!({"error": -112, "message": "Template data invalid"})).into_response();
    }
    if s.without_zalo.contains(phone) {
        return Json(json!({"error": -118, "message": "Zalo account not existed"})).into_response();
    }
    let msg_id = format!("zns{:012}", s.accepted.len() + 1);
    let mut accepted = body.clone();
    accepted["msg_id"] = json!(msg_id);
    s.accepted.push(accepted);
    Json(json!({
        "error": 0,
        "message": "Success",
        "data": {"msg_id": msg_id, "sent_time": "1764979200000", "quota": {"dailyQuota": "500", "remainingQuota": "499"}}
    }))
    .into_response()
}

#[derive(serde::Deserialize)]
struct RefreshForm {
    refresh_token: String,
    app_id: String,
    grant_type: String,
}

async fn oauth_refresh(
    State(state): State<Arc<Mutex<ZaloState>>>,
    headers: HeaderMap,
    Form(form): Form<RefreshForm>,
) -> Response {
    let mut s = lock(&state);
    let secret = headers.get("secret_key").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if secret != ZALO_SECRET_KEY || form.app_id != ZALO_APP_ID || form.grant_type != "refresh_token" {
        return Json(
            json!({"error": -14002, "error_name": "Invalid app", "error_description": "app id or secret key is wrong"}),
        )
        .into_response();
    }
    if form.refresh_token != s.refresh_token {
        return Json(json!({"error": -14014, "error_name": "Invalid refresh token", "error_description": "Refresh token is invalid"}))
            .into_response();
    }
    s.renewals += 1;
    // A refresh token works once: the answer carries the next one.
    s.access_token = format!("access-renewed-{}", s.renewals);
    s.refresh_token = format!("refresh-renewed-{}", s.renewals);
    Json(json!({"access_token": s.access_token, "refresh_token": s.refresh_token, "expires_in": "90000"}))
        .into_response()
}

#[derive(Default)]
struct EsmsState {
    requests: Vec<Value>,
    delivered: Vec<Value>,
    request_ids: HashSet<String>,
    lose_next_answer: bool,
}

/// eSMS's customer-care SMS endpoint.
#[derive(Clone)]
pub struct FakeEsms {
    pub url: String,
    state: Arc<Mutex<EsmsState>>,
}

pub const ESMS_API_KEY: &str = "fake-esms-api-key";
pub const ESMS_SECRET_KEY: &str = "fake-esms-secret";
pub const ESMS_BRANDNAME: &str = "SOYTE_TN";

impl FakeEsms {
    pub async fn start() -> anyhow::Result<Self> {
        let state = Arc::new(Mutex::new(EsmsState::default()));
        let app = Router::new()
            .route("/MainService.svc/json/SendMultipleMessage_V4_post_json/", post(esms_send))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}/MainService.svc/json/SendMultipleMessage_V4_post_json/", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(FakeEsms { url, state })
    }

    /// The next message is taken, but its answer is lost on the way back (a 502 from a proxy).
    pub fn lose_next_answer(&self) {
        lock(&self.state).lose_next_answer = true;
    }

    pub fn requests(&self) -> Vec<Value> {
        lock(&self.state).requests.clone()
    }

    /// The messages that reached phones: one per `RequestId`.
    pub fn delivered(&self) -> Vec<Value> {
        lock(&self.state).delivered.clone()
    }

    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + within;
        while self.delivered().len() < count && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.delivered()
    }
}

async fn esms_send(State(state): State<Arc<Mutex<EsmsState>>>, Json(body): Json<Value>) -> Response {
    let mut s = lock(&state);
    s.requests.push(body.clone());
    let field = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
    if field("ApiKey") != ESMS_API_KEY || field("SecretKey") != ESMS_SECRET_KEY {
        return Json(json!({"CodeResult": "101", "CountRegenerate": 0, "ErrorMessage": "Authorize Failed"}))
            .into_response();
    }
    if field("Brandname") != ESMS_BRANDNAME {
        return Json(
            json!({"CodeResult": "104", "CountRegenerate": 0, "ErrorMessage": "Brand name code is not exist"}),
        )
        .into_response();
    }
    let phone = field("Phone");
    if !(phone.len() == 10 && phone.starts_with('0') && phone.bytes().all(|b| b.is_ascii_digit())) {
        return Json(json!({"CodeResult": "108", "CountRegenerate": 0, "ErrorMessage": "Phone invalid"}))
            .into_response();
    }
    let request_id = field("RequestId");
    if !request_id.is_empty() && !s.request_ids.insert(request_id) {
        return Json(
            json!({"CodeResult": "124", "CountRegenerate": 0, "ErrorMessage": "Request exist 1", "SendStatus": "5"}),
        )
        .into_response();
    }
    let sms_id = format!("esms{:08}", s.delivered.len() + 1);
    let mut delivered = body.clone();
    delivered["SMSID"] = json!(sms_id);
    s.delivered.push(delivered);
    if std::mem::take(&mut s.lose_next_answer) {
        return (StatusCode::BAD_GATEWAY, "Bad Gateway").into_response();
    }
    Json(json!({"CodeResult": "100", "CountRegenerate": 0, "SMSID": sms_id})).into_response()
}
