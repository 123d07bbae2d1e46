//! Server functions (`/sf/…`) answer their errors with the status the error means. leptos answers
//! every error of a server function as 500, so a visitor asking for a page they may not see would
//! raise the server-error rate and a warning in the log; the error's stable code (`AppError`) says
//! what it was.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// An error answer is a small JSON object; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The status an `AppError` code stands for.
pub fn status_of(code: &str) -> Option<StatusCode> {
    Some(match code {
        "not_found" => StatusCode::NOT_FOUND,
        "sign_in_required" => StatusCode::UNAUTHORIZED,
        "forbidden" => StatusCode::FORBIDDEN,
        "invalid" => StatusCode::UNPROCESSABLE_ENTITY,
        "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
        "transport" => StatusCode::BAD_REQUEST,
        _ => return None,
    })
}

pub async fn error_status(request: Request, next: Next) -> Response {
    let server_fn = request.uri().path().starts_with("/sf/");
    let response = next.run(request).await;
    if !server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let code = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|error| error.get("code").and_then(|c| c.as_str()).and_then(status_of));
    if let Some(status) = code {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_status() {
        for error in [
            pages::error::AppError::NotFound,
            pages::error::AppError::SignInRequired,
            pages::error::AppError::Forbidden,
            pages::error::AppError::Invalid { fields: Default::default() },
            pages::error::AppError::Unavailable,
            pages::error::AppError::Transport { message: String::new() },
        ] {
            let status = status_of(error.code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            assert!(status.is_client_error() || status == StatusCode::SERVICE_UNAVAILABLE, "{error:?}: {status}");
        }
    }
}
