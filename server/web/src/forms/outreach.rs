//! What a campaign needs beyond its page: the picture a shared link shows (`share.png`, drawn at
//! most once a minute however many pledges arrive), a small card partners' sites may frame
//! (`embed`, the one page any site may frame) and a progress badge for READMEs and emails
//! (`badge.svg`). The poster is a page of its own (`pages/campaign_poster.rs`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Campaign;
use domain::format::vnd;

use crate::AppState;
use crate::middleware::clock::Clock;

/// However many pledges arrive, a card is drawn at most this often.
pub const REDRAW_EVERY: Duration = Duration::from_secs(60);

struct Drawn {
    at: Duration,
    version: String,
    png: Arc<Vec<u8>>,
}

/// The cards drawn, by campaign.
pub struct ShareCards {
    clock: Arc<dyn Clock>,
    drawn: Mutex<HashMap<String, Drawn>>,
    /// One drawing at a time: a crowd arriving as the minute turns waits for it, not each for its own.
    drawing: tokio::sync::Mutex<()>,
}

impl ShareCards {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        ShareCards { clock, drawn: Mutex::default(), drawing: tokio::sync::Mutex::new(()) }
    }

    fn fresh(&self, slug: &str) -> Option<Arc<Vec<u8>>> {
        let drawn = self.drawn.lock().ok()?;
        let card = drawn.get(slug)?;
        (self.clock.now().saturating_sub(card.at) < REDRAW_EVERY).then(|| card.png.clone())
    }

    /// The drawing kept for `version`, checked again from now on.
    fn same(&self, slug: &str, version: &str) -> Option<Arc<Vec<u8>>> {
        let mut drawn = self.drawn.lock().ok()?;
        let card = drawn.get_mut(slug).filter(|c| c.version == version)?;
        card.at = self.clock.now();
        Some(card.png.clone())
    }

    fn keep(&self, slug: &str, version: String, png: Arc<Vec<u8>>) {
        if let Ok(mut drawn) = self.drawn.lock() {
            drawn.insert(slug.to_owned(), Drawn { at: self.clock.now(), version, png });
        }
    }
}

/// `GET /campaigns/{slug}/share.png`: the card. Its address carries `?v=` (the page's
/// `og:image`); whatever the version asked, the latest drawing is answered.
pub async fn share_png(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match share_card(&state, &slug).await {
        Ok(png) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
            ],
            png.as_ref().clone(),
        )
            .into_response(),
        Err(portal::Error::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn share_card(state: &AppState, slug: &str) -> Result<Arc<Vec<u8>>, portal::Error> {
    if let Some(png) = state.share_cards.fresh(slug) {
        return Ok(png);
    }
    let _drawing = state.share_cards.drawing.lock().await;
    // Drawn by the request this one waited for.
    if let Some(png) = state.share_cards.fresh(slug) {
        return Ok(png);
    }
    let campaign = state.portal.shared_campaign(slug).await?;
    let version = campaign.share_version();
    if let Some(png) = state.share_cards.same(slug, &version) {
        return Ok(png);
    }
    let cover = state.portal.share_cover(&campaign).await?;
    let name = domain::i18n::Lang::Vi.t().portal_name;
    let png =
        tokio::task::spawn_blocking(move || portal::share_card::share_card_png(&campaign, cover.as_deref(), name))
            .await
            .ok()
            .flatten()
            .ok_or(portal::Error::Unavailable)?;
    let png = Arc::new(png);
    state.share_cards.keep(slug, version, png.clone());
    Ok(png)
}

/// `GET /c/{code}`: the short address a poster prints, to the campaign's page.
pub async fn short_address(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match state.portal.campaign_by_code(&code).await {
        Ok(slug) => axum::response::Redirect::permanent(&format!("/campaigns/{slug}")).into_response(),
        Err(portal::Error::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `GET /campaigns/{slug}/badge.svg`: "Ủng hộ | 45% · 54.000.000 ₫" for READMEs and emails. Only
/// figures and fixed words: nothing anyone typed goes into the picture.
pub async fn badge_svg(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let campaign = match state.portal.shared_campaign(&slug).await {
        Ok(campaign) => campaign,
        Err(portal::Error::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        badge(&campaign),
    )
        .into_response()
}

fn badge(campaign: &Campaign) -> String {
    let percent = domain::needs::percent(campaign.confirmed, campaign.goal);
    let label = "Ủng hộ";
    let value = format!("{percent}% · {}", vnd(campaign.confirmed));
    // A width per character that fits DejaVu/Verdana at 11 px, as badges are usually measured.
    let width = |text: &str| 10 + 7 * text.chars().count();
    let (left, right) = (width(label), width(&value));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" role=\"img\" aria-label=\"{label}: {value}\">\
         <title>{label}: {value}</title>\
         <rect width=\"{left}\" height=\"20\" rx=\"3\" fill=\"#555\"/>\
         <rect x=\"{left}\" width=\"{right}\" height=\"20\" rx=\"3\" fill=\"#1d6b41\"/>\
         <g fill=\"#fff\" font-family=\"DejaVu Sans,Verdana,sans-serif\" font-size=\"11\">\
         <text x=\"5\" y=\"14\">{label}</text><text x=\"{value_x}\" y=\"14\">{value}</text></g></svg>",
        total = left + right,
        value_x = left + 5,
    )
}

/// `GET /campaigns/{slug}/embed`: the card partners show in an iframe — title, progress and a
/// button that opens the pledge form in a new tab. Every other page refuses to be framed
/// (`security.rs`).
pub async fn embed(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let campaign = match state.portal.shared_campaign(&slug).await {
        Ok(campaign) => campaign,
        Err(portal::Error::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let base = &state.portal.site.public_url;
    let percent = domain::needs::percent(campaign.confirmed, campaign.goal);
    let pledge = if campaign.accepting {
        format!(
            "<a class=\"give\" href=\"{base}/pledge?campaign={slug}\" target=\"_blank\" rel=\"noopener\">Ủng hộ</a>",
            slug = escape(&campaign.slug)
        )
    } else {
        "<p class=\"closed\">Chiến dịch đã kết thúc nhận ủng hộ.</p>".to_owned()
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"/campaigns/embed.css\"></head><body>\
         <article class=\"card\"><h1><a href=\"{base}/campaigns/{slug}\" target=\"_blank\" rel=\"noopener\">{title}</a></h1>\
         <progress max=\"100\" value=\"{percent}\" aria-label=\"Đã nhận {percent}%\">{percent}%</progress>\
         <p class=\"figures\"><strong>{confirmed}</strong> / {goal} · {supporters} lượt ủng hộ</p>{pledge}\
         <p class=\"by\">Cổng Hỗ trợ Trẻ em</p></article></body></html>",
        title = escape(&campaign.title),
        slug = escape(&campaign.slug),
        confirmed = vnd(campaign.confirmed),
        goal = vnd(campaign.goal),
        supporters = campaign.supporters,
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60")),
        ],
        html,
    )
        .into_response()
}

/// `GET /campaigns/embed.css`: the card's own few rules (the site's style sheet is not needed).
pub async fn embed_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400")),
        ],
        EMBED_CSS,
    )
        .into_response()
}

const EMBED_CSS: &str = "body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#1b1b1b;background:#fff}\
.card{border:1px solid #cfd8d2;border-radius:8px;padding:12px 14px;max-width:420px}\
h1{font-size:17px;margin:0 0 8px}h1 a{color:#14502f;text-decoration:none}\
progress{width:100%;height:12px;accent-color:#1d6b41}\
.figures{margin:6px 0 10px}.give{display:inline-block;background:#1d6b41;color:#fff;padding:8px 18px;\
border-radius:6px;text-decoration:none;font-weight:600}.by{margin:10px 0 0;font-size:12px;color:#5b6b62}";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}
