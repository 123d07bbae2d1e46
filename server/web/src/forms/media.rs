//! Pictures the portal serves: campaign covers by id, and a pledge's VietQR code, with its payment details, as a PNG to save.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;

use crate::AppState;

/// `GET /media/{id}.jpg`: a stored picture. Its bytes never change, so it is cached for a year.
pub async fn picture(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".jpg").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.portal.picture(id).await {
        Ok(picture) => (
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
        Err(portal::Error::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `GET /pledge/{reference}/qr.png`: the VietQR code as a picture to save, for a donor paying from
/// the phone that shows it.
pub async fn pledge_qr(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(reference): Path<String>,
) -> Response {
    let (reference, png) = match state.portal.payment_qr_png(&reference, lang, 8).await {
        Ok(found) => found,
        Err(portal::Error::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let disposition = format!("attachment; filename=\"vietqr-{}.png\"", reference);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            // The words under the code follow the language chosen, and the amount what is still owed.
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300")),
            (header::VARY, HeaderValue::from_static("Cookie")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        png,
    )
        .into_response()
}
