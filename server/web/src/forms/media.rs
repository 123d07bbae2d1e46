//! Pictures the portal serves: campaign covers by id, and a pledge's VietQR code as a PNG to save.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// `GET /media/{id}.jpg`: a stored picture. Its bytes never change, so it is cached for a year.
pub async fn picture(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".jpg").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.portal.store.image(id).await {
        Ok(Some(picture)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&picture.content_type).unwrap_or(HeaderValue::from_static("image/jpeg")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            picture.bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read a picture");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `GET /pledge/{reference}/qr.png`: the VietQR code as a picture to save, for a donor paying from
/// the phone that shows it.
pub async fn pledge_qr(State(state): State<AppState>, Path(reference): Path<String>) -> Response {
    let pledge = match state.portal.store.pledge(reference.trim()).await {
        Ok(Some(pledge)) => pledge,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read a pledge");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let payment = match state.portal.payment(&pledge).await {
        Ok(Some(payment)) => payment,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read a campaign");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Some(png) = portal::pictures::qr_png(&payment.vietqr, 8) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let disposition = format!("attachment; filename=\"vietqr-{}.png\"", pledge.reference);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        png,
    )
        .into_response()
}
