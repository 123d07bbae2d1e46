//! Form handlers of the needs workflow. Each answers with a redirect (post/redirect/get): back to
//! the form with what was typed and what is wrong, or on to the need with the outcome. A denied
//! action is a 403 page.

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use domain::staff::NeedAction;
use domain::{Flash, NeedForm, SignedIn, StaffView};
use portal::workflow::WorkflowError;
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;

pub const FLASH: &str = "flash";

/// Leaves a one-time flash for the page the browser is sent to (post/redirect/get).
pub(crate) async fn flash_and_go(session: &Session, flash: Flash, to: &str) -> Response {
    if let Err(err) = session.insert(FLASH, flash).await {
        tracing::error!(error = %err, "cannot keep the form for the next page");
    }
    Redirect::to(to).into_response()
}

/// A form that could not be carried out because the database (or another dependency) did not
/// answer: logged with its reason, answered 503.
pub(crate) fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "a form could not be carried out");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

pub(crate) fn sign_in_first() -> Response {
    Redirect::to("/staff/login?error=required").into_response()
}

pub(crate) fn staff(signed_in: Option<Extension<SignedIn>>) -> Option<StaffView> {
    signed_in.map(|Extension(SignedIn(staff))| staff)
}

/// Renders the portal's own 403 page for this request.
pub async fn forbidden(state: &AppState, original: &axum::http::request::Parts) -> Response {
    crate::render_page(state, "/staff/forbidden", original, StatusCode::FORBIDDEN).await
}

async fn outcome(
    state: &AppState,
    parts: &axum::http::request::Parts,
    session: &Session,
    result: Result<String, WorkflowError>,
    form: Option<NeedForm>,
    back: &str,
) -> Response {
    match result {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(WorkflowError::Denied) => forbidden(state, parts).await,
        Err(WorkflowError::NotFound) => {
            crate::render_page(state, "/staff/not-found", parts, StatusCode::NOT_FOUND).await
        }
        Err(WorkflowError::Invalid(problems)) => {
            flash_and_go(session, Flash { need_form: form, problems, ..Flash::default() }, back).await
        }
        Err(WorkflowError::Overlap(overlaps)) => {
            let flash = Flash { need_form: form, overlaps, notice: Some("overlap".into()), ..Flash::default() };
            flash_and_go(session, flash, back).await
        }
        Err(WorkflowError::WrongStatus) => {
            flash_and_go(session, Flash { notice: Some("conflict".into()), ..Flash::default() }, back).await
        }
        Err(WorkflowError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Reads a urlencoded form from a request whose head the handler keeps (for rendering a page).
pub(crate) async fn read_form<T: serde::de::DeserializeOwned>(
    parts: &axum::http::request::Parts,
    body: axum::body::Body,
) -> Option<T> {
    let request = axum::http::Request::from_parts(parts.clone(), body);
    Form::<T>::from_request(request, &()).await.ok().map(|Form(form)| form)
}

/// `POST /staff/needs`: a new draft.
pub async fn create(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(form) = read_form::<NeedForm>(&parts, body).await else { return StatusCode::BAD_REQUEST.into_response() };
    let result = state.portal.draft_need(&staff, &form).await.map(|id| format!("/staff/needs/{id}?done=saved"));
    outcome(&state, &parts, &session, result, Some(form), "/staff/needs/new").await
}

/// `POST /staff/needs/{id}`: the draft, changed.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(form) = read_form::<NeedForm>(&parts, body).await else { return StatusCode::BAD_REQUEST.into_response() };
    let result = state.portal.edit_need(&staff, id, &form).await.map(|()| format!("/staff/needs/{id}?done=saved"));
    outcome(&state, &parts, &session, result, Some(form), &format!("/staff/needs/{id}/edit")).await
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
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(action) = NeedAction::parse(&action) else {
        return crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await;
    };
    let Some(form) = read_form::<ActionForm>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
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
    outcome(&state, &parts, &session, result, None, &format!("/staff/needs/{id}")).await
}
