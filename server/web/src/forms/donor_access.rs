//! Donors' own access, without passwords: asking for a sign-in link, using it, changing how they are
//! shown, downloading their data and erasing it. The session holds only the donor's id.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::i18n::Lang;
use domain::{FieldProblem, Flash};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{ClientAddress, Donor};
use crate::forms::flash::{flash_and_go, notice_and_go};

pub const DONOR_ID: &str = "donor_id";
pub const DONOR_SIGNED_IN_AT: &str = "donor_signed_in_at";

/// `POST /me/sign-in`: sends a link when the address is a donor's; answers the same either way.
pub async fn ask_for_link(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ClientAddress(address): ClientAddress,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
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
    if state.pledge_limiter.allow(address)
        && let Err(e) = state.portal.request_sign_in_link(&email, lang).await
    {
        return PageFailure(e).into_response();
    }
    notice_and_go(&session, "link_sent", "/me").await
}

/// `POST /me/sign-in/{token}`: uses the link up and signs the donor in.
pub async fn use_link(State(state): State<AppState>, Path(token): Path<String>, session: Session) -> Response {
    match state.portal.redeem_sign_in_link(&token).await {
        Ok(Some(donor_id)) => {
            // A fresh session id: a session fixed before signing in is worth nothing after.
            if session.cycle_id().await.is_err()
                || session.insert(DONOR_ID, donor_id).await.is_err()
                || session.insert(DONOR_SIGNED_IN_AT, OffsetDateTime::now_utc().unix_timestamp()).await.is_err()
            {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            notice_and_go(&session, "signed_in", "/me").await
        }
        Ok(None) => notice_and_go(&session, "link_invalid", "/me").await,
        Err(e) => PageFailure(e).into_response(),
    }
}

pub async fn sign_out(session: Session) -> Response {
    let _ = session.remove::<i64>(DONOR_ID).await;
    notice_and_go(&session, "signed_out", "/me").await
}

/// `POST /me/choices`: named or anonymous, and listed in the directory or not.
pub async fn choices(
    State(state): State<AppState>,
    Donor(donor_id): Donor,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let named = fields.get("display").is_some_and(|d| d == "named");
    let listed = fields.contains_key("listed");
    match state.portal.set_public_choices(donor_id, named, listed).await {
        Ok(()) => notice_and_go(&session, "choices_saved", "/me").await,
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /me/channel`: how the donor hears back (email, Zalo or SMS).
pub async fn channel(
    State(state): State<AppState>,
    Donor(donor_id): Donor,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let Some(channel) = fields.get("notice_channel").and_then(|c| domain::NoticeChannel::parse(c.trim())) else {
        let flash = Flash {
            problems: BTreeMap::from([("notice_channel".to_owned(), FieldProblem::Required)]),
            ..Flash::default()
        };
        return flash_and_go(&session, flash, "/me").await;
    };
    match state.portal.set_notice_channel(donor_id, channel).await {
        Ok(()) => notice_and_go(&session, "channel_saved", "/me").await,
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, ..Flash::default() }, "/me").await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /me/digest`: whether the donor receives the regular digest.
pub async fn digest(
    State(state): State<AppState>,
    Donor(donor_id): Donor,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let wanted = fields.get("digest").is_some_and(|d| d == "yes");
    match state.portal.set_digest(donor_id, wanted).await {
        Ok(()) => notice_and_go(&session, "digest_saved", "/me").await,
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `GET /me/data.json`: everything held about the donor signed in.
pub async fn export(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Donor(donor_id): Donor,
) -> Response {
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
        Err(portal::Error::SignInRequired) => axum::response::Redirect::to("/me").into_response(),
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /me/erase`: anonymises the donor, then ends the session (nothing of it is kept).
pub async fn erase(
    State(state): State<AppState>,
    Donor(donor_id): Donor,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    if fields.get("confirm").is_none_or(|c| c != "yes") {
        return notice_and_go(&session, "erase_unconfirmed", "/me").await;
    }
    if let Err(e) = state.portal.erase_donor(donor_id).await {
        return PageFailure(e).into_response();
    }
    if let Err(e) = session.flush().await {
        tracing::warn!(error = %e, "cannot end the erased donor's session");
    }
    notice_and_go(&session, "erased", "/me").await
}
