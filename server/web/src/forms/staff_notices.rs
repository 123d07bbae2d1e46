//! `POST /staff/notices/{id}/resend`: a failed notice goes back to the queue.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, SeeNotices};
use crate::forms::flash::notice_and_go;

pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Allowed(staff, ..): Allowed<SeeNotices>,
    session: Session,
) -> Response {
    let code = match state.portal.resend_notice(&staff, id).await {
        Ok(true) => "resent",
        // Sent, or queued again by someone else in the meantime.
        Ok(false) => "conflict",
        Err(e) => return PageFailure(e).into_response(),
    };
    notice_and_go(&session, code, "/staff/notices?status=failed").await
}
