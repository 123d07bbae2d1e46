//! Form handlers of the needs workflow. Each answers with a redirect (post/redirect/get): back to
//! the form with what was typed and what is wrong, or on to the need with the outcome. A denied
//! action is a 403 page.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::staff::NeedAction;
use domain::{Flash, NeedForm};
use portal::Conflict;
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::Staff;
use crate::forms::flash::{flash_and_go, notice_and_go};

async fn outcome(
    session: &Session,
    result: Result<String, portal::Error>,
    form: Option<NeedForm>,
    back: &str,
) -> Response {
    match result {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(session, Flash { need_form: form, problems, ..Flash::default() }, back).await
        }
        Err(portal::Error::Conflict(Conflict::Overlap(overlaps))) => {
            let flash = Flash { need_form: form, overlaps, notice: Some("overlap".into()), ..Flash::default() };
            flash_and_go(session, flash, back).await
        }
        Err(portal::Error::Conflict(_)) => notice_and_go(session, "conflict", back).await,
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/needs`: a new draft.
pub async fn create(
    State(state): State<AppState>,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<NeedForm>,
) -> Response {
    let result = state.portal.draft_need(&staff, &form).await.map(|id| format!("/staff/needs/{id}?done=saved"));
    outcome(&session, result, Some(form), "/staff/needs/new").await
}

/// `POST /staff/needs/{id}`: the draft, changed.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<NeedForm>,
) -> Response {
    let result = state.portal.edit_need(&staff, id, &form).await.map(|()| format!("/staff/needs/{id}?done=saved"));
    outcome(&session, result, Some(form), &format!("/staff/needs/{id}/edit")).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    comment: String,
    confirm_overlap: Option<String>,
}

/// `POST /staff/needs/{id}/{action}`: submit, publish, return or withdraw.
pub async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<ActionForm>,
) -> Response {
    let Some(action) = NeedAction::parse(&action) else { return PageFailure(portal::Error::NotFound).into_response() };
    let done = match action {
        NeedAction::Submit => "submitted",
        NeedAction::Publish => "published",
        NeedAction::Return => "returned",
        _ => "withdrawn",
    };
    let result = state
        .portal
        .act_on_need(&staff, id, action, &form.comment, form.confirm_overlap.is_some())
        .await
        .map(|()| format!("/staff/needs/{id}?done={done}"));
    outcome(&session, result, None, &format!("/staff/needs/{id}")).await
}
