//! `POST /staff/notices/{id}/resend`: a failed notice goes back to the queue.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Flash, SignedIn};
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::{flash_and_go, forbidden, sign_in_first, staff};

pub async fn resend(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, _) = request.into_parts();
    if !domain::staff::may_see_notices(&staff) {
        return forbidden(&state, &parts).await;
    }
    let code = match state.portal.store.resend_notice(id, staff.id, time::OffsetDateTime::now_utc()).await {
        Ok(()) => "resent",
        Err(portal::store::StoreError::Conflict) => "conflict",
        Err(err) => {
            tracing::error!(error = %err, "cannot queue a notice again");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    flash_and_go(&session, Flash { notice: Some(code.into()), ..Flash::default() }, "/staff/notices?status=failed")
        .await
}
