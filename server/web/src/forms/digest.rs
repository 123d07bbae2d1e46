//! `POST /digest/unsubscribe/{token}`: a digest's unsubscribe link, honoured at once, whatever the
//! body. A mail program's one-click request (RFC 8058: `List-Unsubscribe=One-Click` in a form body,
//! urlencoded or — as the RFC prefers — multipart; no cookies, no page to show) is answered 200; a
//! person who pressed the page's button goes back to the page, which now says it is done. The page
//! itself (`GET`) changes nothing: a mail scanner that opens every link must not unsubscribe anyone.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::errors::PageFailure;

const ONE_CLICK: &[u8] = b"One-Click";

pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>, body: Bytes) -> Response {
    let one_click = body.windows(ONE_CLICK.len()).any(|w| w == ONE_CLICK);
    // The token goes back into a Location header: only what a digest's link can hold.
    let token = domain::checks::link_token(&token);
    match state.portal.unsubscribe_digest(&token).await {
        Ok(()) if one_click => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "unsubscribed").into_response()
        }
        Ok(()) => Redirect::to(&format!("/digest/unsubscribe/{token}?done=1")).into_response(),
        Err(portal::Error::NotFound) if one_click => StatusCode::NOT_FOUND.into_response(),
        Err(portal::Error::NotFound) => Redirect::to(&format!("/digest/unsubscribe/{token}?unknown=1")).into_response(),
        Err(e) => PageFailure(e).into_response(),
    }
}
