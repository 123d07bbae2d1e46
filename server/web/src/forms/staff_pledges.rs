//! `POST /staff/pledges/{reference}/{action}`: confirm, deliver, cancel or lapse a pledge, then back
//! to its page with the outcome (or with what was typed and what is wrong); forwarding pooled money,
//! and merging two records of one donor.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Flash, PledgeActionForm};
use portal::lifecycle::PledgeAction;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::Staff;
use crate::forms::flash::{flash_and_go, notice_and_go};

pub async fn act(
    State(state): State<AppState>,
    Path((reference, action)): Path<(String, String)>,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<PledgeActionForm>,
) -> Response {
    let Some(action) = PledgeAction::parse(&action) else {
        return PageFailure(portal::Error::NotFound).into_response();
    };
    let back = format!("/staff/pledges/{reference}");
    let done = match action {
        PledgeAction::Confirm => "pledge_confirmed",
        PledgeAction::Deliver => "pledge_delivered",
        PledgeAction::Cancel => "pledge_cancelled",
        PledgeAction::Lapse => "pledge_lapsed",
    };
    match state.portal.act_on_pledge(&staff, &reference, action, &form).await {
        Ok(()) => notice_and_go(&session, done, &back).await,
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_action: Some(form), problems, ..Flash::default() }, &back).await
        }
        Err(portal::Error::Conflict(_)) => notice_and_go(&session, "pledge_conflict", &back).await,
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/pledges/forward`: a partner organisation forwards pooled money to a need.
pub async fn forward(
    State(state): State<AppState>,
    Staff(staff): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    match state.portal.forward_pooled(&staff, &fields).await {
        Ok(reference) => notice_and_go(&session, "pledge_forwarded", &format!("/staff/pledges/{reference}")).await,
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { fields, problems, ..Flash::default() }, "/staff/pledges#forward").await
        }
        Err(portal::Error::Conflict(_)) => PageFailure(portal::Error::NotFound).into_response(),
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/donors/{from}/merge`: staff found two records to be one donor (`into` in the form)
/// and merge them; back to the page they came from with the outcome.
pub async fn merge_donor(
    State(state): State<AppState>,
    Path(from): Path<i64>,
    Staff(staff): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
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
        Ok(true) => notice_and_go(&session, "donors_merged", &back).await,
        Ok(false) => notice_and_go(&session, "donors_not_merged", &back).await,
        Err(e) => PageFailure(e).into_response(),
    }
}
