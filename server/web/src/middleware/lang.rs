//! Chooses the language of every request: `?lang=` (remembered in a `lang` cookie), else the
//! cookie, else Vietnamese. Pages, the API's messages and the page cache all read the result.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::middleware::Next;
use axum::response::Response;
use domain::i18n::Lang;

pub fn from_query(query: Option<&str>) -> Option<Lang> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
}

pub fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "lang")
        .and_then(|(_, value)| Lang::parse(value))
}

pub async fn choose_language(mut request: Request, next: Next) -> Response {
    let asked = from_query(request.uri().query());
    let remembered = from_cookie(request.headers());
    let lang = asked.or(remembered).unwrap_or_default();
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    if let Some(asked) = asked.filter(|a| Some(*a) != remembered) {
        let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", asked.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
