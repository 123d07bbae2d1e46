//! One way from a service's error to an answer. To a browser (`PageFailure`): the portal's own 403
//! or 404 page, the sign-in page, or a 503 — a handler answers `Err(error)` and the
//! `render_error_pages` layer renders the page, in the person's language, with the status. To an
//! API client: `api::failure`, JSON with a stable code and a message in the request's language.
//! Problems with what was typed are not errors of this kind: a form handler sends the form back
//! with them (`forms::flash`).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::extract::sign_in_first;

/// A service's error, answered to a browser.
#[derive(Debug)]
pub struct PageFailure(pub portal::Error);

impl From<portal::Error> for PageFailure {
    fn from(error: portal::Error) -> Self {
        PageFailure(error)
    }
}

/// Marks an answer whose page the `render_error_pages` layer renders: the path of that page.
#[derive(Clone, Copy, Debug)]
struct ErrorPage(&'static str);

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        let page = |status: StatusCode, path: &'static str| {
            let mut response = status.into_response();
            response.extensions_mut().insert(ErrorPage(path));
            response
        };
        match self.0 {
            portal::Error::Denied => page(StatusCode::FORBIDDEN, "/staff/forbidden"),
            portal::Error::NotFound => page(StatusCode::NOT_FOUND, "/staff/not-found"),
            portal::Error::SignInRequired => sign_in_first(),
            portal::Error::Invalid(problems) => {
                tracing::warn!(?problems, "a form's problems reached the error path");
                StatusCode::UNPROCESSABLE_ENTITY.into_response()
            }
            // Handlers say what a conflict means for their form; one that reaches here has no better answer.
            portal::Error::Conflict(conflict) => {
                tracing::info!(?conflict, "a conflict reached the error path");
                StatusCode::CONFLICT.into_response()
            }
            portal::Error::Unavailable => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }
}

/// The page of a 403 or 404 a handler answered: the portal's own, rendered for that request (its
/// language, who is signed in), with the handler's status.
pub async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let response = next.run(Request::from_parts(parts.clone(), body)).await;
    match response.extensions().get::<ErrorPage>() {
        Some(ErrorPage(path)) => crate::render_page(&state, path, &parts, response.status()).await,
        None => response,
    }
}
