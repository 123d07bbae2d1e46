//! `POST /pledge`: the public pledge form. A good pledge leads to its thank-you page; problems go
//! back to the form with what was typed; a repeated submission lands on the first pledge's page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use domain::i18n::Lang;
use domain::{Flash, PledgeForm};
use portal::Conflict;
use portal::store::PledgeReceipt;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{ClientAddress, Donor};
use crate::forms::flash::{flash_and_go, notice_and_go};

/// A pledge form is a few short fields; anything bigger is refused before it is read.
pub const MAX_FORM_BYTES: usize = 16 * 1024;

/// The cookie that tells this browser's pledges apart from anyone else's for the ten minutes in
/// which the same gift sent again is taken as the first (`Portal::pledge_from_form`).
const BROWSER_MARK: &str = "portal_giver";

/// This browser's mark: the one it carries (32 hex digits), or a new one.
fn browser_mark(headers: &axum::http::HeaderMap) -> String {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(BROWSER_MARK)?.strip_prefix('='))
        .find(|mark| mark.len() == 32 && mark.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(portal::tokens::new_form_token, str::to_owned)
}

/// Gives the browser its mark for the next ten minutes; only the pledge form reads it.
fn with_browser_mark(mut response: Response, mark: &str) -> Response {
    let cookie = format!("{BROWSER_MARK}={mark}; Path=/pledge; Max-Age=600; HttpOnly; SameSite=Lax");
    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// The form a pledge came from, to go back to.
fn form_path(form: &PledgeForm) -> String {
    match (form.campaign.trim(), form.pool.trim()) {
        ("", "") => format!("/pledge?need={}", form.need.trim()),
        ("", pool) => format!("/pledge?pool={pool}"),
        (slug, _) => format!("/pledge?campaign={slug}"),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ClientAddress(address): ClientAddress,
    donor: Option<Donor>,
    session: Session,
    mut parts: Parts,
    Form(form): Form<PledgeForm>,
) -> Response {
    // Only robots fill the hidden field.
    if !form.website.trim().is_empty() {
        tracing::warn!("pledge form honeypot filled; refused");
        return (StatusCode::UNPROCESSABLE_ENTITY, "Không gửi được biểu mẫu. / The form could not be sent.")
            .into_response();
    }
    let back = form_path(&form);
    if !state.pledge_limiter.allow(address) {
        // The form again, as typed, with the reason and the status a client can act on.
        parts.extensions.insert(Flash {
            pledge_form: Some(form),
            notice: Some("rate_limited".into()),
            ..Flash::default()
        });
        let mut response = crate::render_page(&state, &back, &parts, StatusCode::TOO_MANY_REQUESTS).await;
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("60"));
        return response;
    }
    // Only a donor signed in on /me gives as an existing record; anyone else makes a new one.
    let signed_in_donor = donor.map(|Donor(id)| id);
    let browser = browser_mark(&parts.headers);
    match state.portal.pledge_from_form(&form, lang, signed_in_donor, Some(&browser)).await {
        Ok(PledgeReceipt::Recorded { reference, .. }) => {
            with_browser_mark(Redirect::to(&format!("/pledge/{reference}")).into_response(), &browser)
        }
        // Sent again (a double click, or back and send): the first pledge's page, which says so.
        Ok(PledgeReceipt::Repeated { reference }) => {
            let response = notice_and_go(&session, "already_recorded", &format!("/pledge/{reference}")).await;
            with_browser_mark(response, &browser)
        }
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_form: Some(form), problems, ..Flash::default() }, &back).await
        }
        Err(portal::Error::Conflict(Conflict::Closed)) => {
            flash_and_go(&session, Flash { notice: Some("closed".into()), ..Flash::default() }, &back).await
        }
        Err(portal::Error::Conflict(_)) => {
            flash_and_go(
                &session,
                Flash { pledge_form: Some(form), notice: Some("token_reused".into()), ..Flash::default() },
                &back,
            )
            .await
        }
        Err(portal::Error::NotFound) => crate::render_page(&state, &back, &parts, StatusCode::NOT_FOUND).await,
        Err(e) => PageFailure(e).into_response(),
    }
}
