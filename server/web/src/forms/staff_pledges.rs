//! `POST /staff/pledges/{reference}/{action}`: confirm, deliver, cancel or lapse a pledge, then back
//! to its page with the outcome (or with what was typed and what is wrong).

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Flash, PledgeActionForm, SignedIn};
use portal::lifecycle::{LifecycleError, PledgeAction};
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::{flash_and_go, forbidden, read_form, sign_in_first, staff};

pub async fn act(
    State(state): State<AppState>,
    Path((reference, action)): Path<(String, String)>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(action) = PledgeAction::parse(&action) else {
        return crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await;
    };
    let Some(form) = read_form::<PledgeActionForm>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let back = format!("/staff/pledges/{reference}");
    let done = match action {
        PledgeAction::Confirm => "pledge_confirmed",
        PledgeAction::Deliver => "pledge_delivered",
        PledgeAction::Cancel => "pledge_cancelled",
        PledgeAction::Lapse => "pledge_lapsed",
    };
    match state.portal.act_on_pledge(&staff, &reference, action, &form).await {
        Ok(()) => flash_and_go(&session, Flash { notice: Some(done.into()), ..Flash::default() }, &back).await,
        Err(LifecycleError::Denied) => forbidden(&state, &parts).await,
        Err(LifecycleError::NotFound) => {
            crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await
        }
        Err(LifecycleError::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_action: Some(form), problems, ..Flash::default() }, &back).await
        }
        Err(LifecycleError::WrongStatus) => {
            flash_and_go(&session, Flash { notice: Some("pledge_conflict".into()), ..Flash::default() }, &back).await
        }
        Err(LifecycleError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `POST /staff/pledges/forward`: a partner organisation forwards pooled money to a need.
pub async fn forward(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(fields) = read_form::<BTreeMap<String, String>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match state.portal.forward_pooled(&staff, &fields).await {
        Ok(reference) => {
            let flash = Flash { notice: Some("pledge_forwarded".into()), ..Flash::default() };
            flash_and_go(&session, flash, &format!("/staff/pledges/{reference}")).await
        }
        Err(LifecycleError::Denied) => forbidden(&state, &parts).await,
        Err(LifecycleError::Invalid(problems)) => {
            flash_and_go(&session, Flash { fields, problems, ..Flash::default() }, "/staff/pledges#forward").await
        }
        Err(LifecycleError::NotFound | LifecycleError::WrongStatus) => {
            crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await
        }
        Err(LifecycleError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `POST /staff/donors/{from}/merge`: staff found two records to be one donor (`into` in the form)
/// and merge them; back to the page they came from with the outcome.
pub async fn merge_donor(
    State(state): State<AppState>,
    Path(from): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(fields) = read_form::<BTreeMap<String, String>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let Some(into) = fields.get("into").and_then(|i| i.trim().parse::<i64>().ok()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // Only back to a page of the staff area: the form's `back` is not trusted beyond that.
    let back = fields
        .get("back")
        .filter(|b| b.starts_with("/staff/") && !b.contains("//") && !b.contains('\\'))
        .cloned()
        .unwrap_or_else(|| "/staff/pledges".to_owned());
    match state.portal.merge_donors(&staff, from, into).await {
        Ok(merged) => {
            let notice = if merged { "donors_merged" } else { "donors_not_merged" };
            flash_and_go(&session, Flash { notice: Some(notice.into()), ..Flash::default() }, &back).await
        }
        Err(portal::Error::Denied) => forbidden(&state, &parts).await,
        Err(portal::Error::NotFound) => {
            crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await
        }
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
