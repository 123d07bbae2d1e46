//! Donors' own access, without passwords: asking for a sign-in link, using it, changing how they are
//! shown, downloading their data and erasing it. The session holds only the donor's id.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::Lang;
use domain::{DonorSignedIn, FieldProblem, Flash};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::{flash_and_go, read_form, unavailable};

pub const DONOR_ID: &str = "donor_id";
pub const DONOR_SIGNED_IN_AT: &str = "donor_signed_in_at";

fn notice(code: &str) -> Flash {
    Flash { notice: Some(code.into()), ..Flash::default() }
}

/// `POST /me/sign-in`: sends a link when the address is a donor's; answers the same either way.
pub async fn ask_for_link(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Some(fields) = read_form::<BTreeMap<String, String>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let email = domain::text::lowercase_trimmed(fields.get("email").map(String::as_str).unwrap_or(""));
    if email.is_empty() || email.len() > 254 || !domain::text::is_plausible_email(&email) {
        let problem = if email.is_empty() { FieldProblem::Required } else { FieldProblem::NotAnEmail };
        let flash = Flash {
            problems: BTreeMap::from([("email".to_owned(), problem)]),
            fields: BTreeMap::from([("email".to_owned(), email)]),
            ..Flash::default()
        };
        return flash_and_go(&session, flash, "/me").await;
    }
    // Links are throttled like pledges: nobody floods a donor's mailbox from one address.
    if crate::forms::pledges::within_rate(&state, peer, &parts.headers)
        && let Err(e) = state.portal.request_sign_in_link(&email, lang).await
    {
        return unavailable(e);
    }
    flash_and_go(&session, notice("link_sent"), "/me").await
}

/// `POST /me/sign-in/{token}`: uses the link up and signs the donor in.
pub async fn use_link(State(state): State<AppState>, Path(token): Path<String>, session: Session) -> Response {
    let hash = portal::tokens::token_hash(token.trim());
    match state.portal.store.redeem_sign_in_link(&hash, OffsetDateTime::now_utc()).await {
        Ok(Some(donor_id)) => {
            // A fresh session id: a session fixed before signing in is worth nothing after.
            if session.cycle_id().await.is_err()
                || session.insert(DONOR_ID, donor_id).await.is_err()
                || session.insert(DONOR_SIGNED_IN_AT, OffsetDateTime::now_utc().unix_timestamp()).await.is_err()
            {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            flash_and_go(&session, notice("signed_in"), "/me").await
        }
        Ok(None) => flash_and_go(&session, notice("link_invalid"), "/me").await,
        Err(e) => unavailable(e),
    }
}

pub async fn sign_out(session: Session) -> Response {
    let _ = session.remove::<i64>(DONOR_ID).await;
    flash_and_go(&session, notice("signed_out"), "/me").await
}

fn donor(signed_in: Option<Extension<DonorSignedIn>>) -> Option<i64> {
    signed_in.map(|Extension(DonorSignedIn(id))| id)
}

/// `POST /me/choices`: named or anonymous, and listed in the directory or not.
pub async fn choices(
    State(state): State<AppState>,
    signed_in: Option<Extension<DonorSignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(donor_id) = donor(signed_in) else { return Redirect::to("/me").into_response() };
    let (parts, body) = request.into_parts();
    let Some(fields) = read_form::<BTreeMap<String, String>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let named = fields.get("display").is_some_and(|d| d == "named");
    let listed = fields.contains_key("listed");
    match state.portal.set_public_choices(donor_id, named, listed).await {
        Ok(()) => flash_and_go(&session, notice("choices_saved"), "/me").await,
        Err(e) => unavailable(e),
    }
}

/// `GET /me/data.json`: everything held about the donor signed in.
pub async fn export(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    signed_in: Option<Extension<DonorSignedIn>>,
) -> Response {
    let Some(donor_id) = donor(signed_in) else { return Redirect::to("/me").into_response() };
    match state.portal.donor_export(donor_id, lang).await {
        Ok(data) => {
            let mut response = axum::Json(data).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"du-lieu-nha-tai-tro.json\""),
            );
            response
        }
        Err(portal::Error::SignInRequired) => Redirect::to("/me").into_response(),
        Err(e) => unavailable(e),
    }
}

/// `POST /me/erase`: anonymises the donor, then ends the session (nothing of it is kept).
pub async fn erase(
    State(state): State<AppState>,
    signed_in: Option<Extension<DonorSignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(donor_id) = donor(signed_in) else { return Redirect::to("/me").into_response() };
    let (parts, body) = request.into_parts();
    let fields = read_form::<BTreeMap<String, String>>(&parts, body).await.unwrap_or_default();
    if fields.get("confirm").is_none_or(|c| c != "yes") {
        return flash_and_go(&session, notice("erase_unconfirmed"), "/me").await;
    }
    if let Err(e) = state.portal.erase_donor(donor_id).await {
        return unavailable(e);
    }
    if let Err(e) = session.flush().await {
        tracing::warn!(error = %e, "cannot end the erased donor's session");
    }
    flash_and_go(&session, notice("erased"), "/me").await
}
