//! Who is asking: the staff member or the donor signed in on this session (if anyone), resolved
//! once per request and put in its extensions for pages and handlers; and the one-time message a
//! form handler left for the page it redirects to.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::SignedIn;
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::AppState;
use crate::forms::auth::{ABSOLUTE_TIMEOUT, SESSION_COOKIE, SIGNED_IN_AT, STAFF_ID};

/// Finds who is signed in (if anyone) and puts it in the request for pages and handlers. An expired
/// or disabled account's session is ended.
pub async fn resolve_staff(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let has_cookie = request
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(SESSION_COOKIE));
    if has_cookie && let Ok(Some(id)) = session.get::<i64>(STAFF_ID).await {
        let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await.ok().flatten().unwrap_or(0);
        let fresh = OffsetDateTime::now_utc().unix_timestamp() - signed_in_at < ABSOLUTE_TIMEOUT.whole_seconds();
        match state.portal.active_staff(id).await {
            Ok(Some(view)) if fresh => {
                // Admins and coordinators enrol a second factor before anything else.
                let path = request.uri().path();
                let elsewhere = (path.starts_with("/staff") || path.starts_with("/sf/"))
                    && !matches!(path, "/staff/totp" | "/staff/logout");
                if view.must_enrol_second_factor() && elsewhere {
                    return Redirect::to("/staff/totp").into_response();
                }
                request.extensions_mut().insert(SignedIn(view));
            }
            Ok(_) => {
                let _ = session.flush().await;
            }
            Err(err) => tracing::error!(error = %err, "cannot load the signed-in account"),
        }
    }
    // A donor signed in with a one-time link: only their id is in the session.
    if has_cookie && let Ok(Some(donor_id)) = session.get::<i64>(crate::forms::donor_access::DONOR_ID).await {
        let signed_in_at =
            session.get::<i64>(crate::forms::donor_access::DONOR_SIGNED_IN_AT).await.ok().flatten().unwrap_or(0);
        if OffsetDateTime::now_utc().unix_timestamp() - signed_in_at < ABSOLUTE_TIMEOUT.whole_seconds() {
            request.extensions_mut().insert(domain::DonorSignedIn(donor_id));
        } else {
            let _ = session.remove::<i64>(crate::forms::donor_access::DONOR_ID).await;
        }
    }
    // What a form handler left for this page, shown once.
    if has_cookie
        && request.method() == axum::http::Method::GET
        && let Ok(Some(flash)) = session.remove::<domain::Flash>(crate::forms::flash::FLASH).await
    {
        request.extensions_mut().insert(flash);
    }
    next.run(request).await
}
