//! Post/redirect/get: a form handler leaves a one-time "flash" in the session — what was typed,
//! what is wrong, an outcome — for the page it sends the browser to, which shows it once.

use axum::response::{IntoResponse, Redirect, Response};
use domain::Flash;
use tower_sessions::Session;

/// The session key of the flash.
pub const FLASH: &str = "flash";

/// Leaves a flash for the page the browser is sent to.
pub async fn flash_and_go(session: &Session, flash: Flash, to: &str) -> Response {
    if let Err(err) = session.insert(FLASH, flash).await {
        tracing::error!(error = %err, "cannot keep the form for the next page");
    }
    Redirect::to(to).into_response()
}

/// An outcome to show on the next page (`done` codes the pages translate).
pub async fn notice_and_go(session: &Session, code: &str, to: &str) -> Response {
    flash_and_go(session, Flash { notice: Some(code.to_owned()), ..Flash::default() }, to).await
}
