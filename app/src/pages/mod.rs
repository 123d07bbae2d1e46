pub mod content;
pub mod errors;
pub mod home;
pub mod needs;

/// The portal services, provided to every render and server function by the server.
#[cfg(feature = "ssr")]
pub fn portal() -> Result<crate::portal::Portal, crate::error::AppError> {
    leptos::prelude::use_context::<crate::portal::Portal>().ok_or(crate::error::AppError::Unavailable)
}

/// Marks the response as the same for every visitor, so the server may keep and reuse it.
pub fn mark_public() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("public, no-cache"));
    }
}

/// Sets the HTTP status of the page being rendered (404 for a missing need, …).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
