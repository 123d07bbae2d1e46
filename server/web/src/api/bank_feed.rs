//! `POST /api/v1/bank-feed/sepay`: a bank notification service reports a movement on one of the
//! programme's accounts. Authenticated by the key in PORTAL_BANK_FEED_KEY (compared in constant
//! time, never logged); answered `{"success": true}` once the movement is stored durably, matched or
//! not, so the provider stops retrying. Without the key configured there is no feed (404).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header::AUTHORIZATION};
use axum::response::{IntoResponse, Response};
use portal::bank_feed::{FeedProblem, sepay};
use serde_json::json;

use crate::AppState;
use crate::ops::metrics::same_secret;

/// A notification is a few hundred bytes; anything much larger is not one.
pub const MAX_BODY: usize = 16 * 1024;

pub async fn sepay(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(key) = state.bank_feed_key.as_deref() else { return StatusCode::NOT_FOUND.into_response() };
    let given = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Apikey "));
    if !given.is_some_and(|given| same_secret(given.trim().as_bytes(), key.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"success": false, "message": "Authorization: Apikey <key> required"})),
        )
            .into_response();
    }
    let movement = match sepay::parse(&body, &state.portal.banks) {
        Ok(movement) => movement,
        Err(problem) => {
            let status = match problem {
                FeedProblem::NotJson(_) => StatusCode::BAD_REQUEST,
                FeedProblem::Field { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return (status, Json(json!({"success": false, "message": problem.to_string()}))).into_response();
        }
    };
    let feed_id = movement.feed_id.clone();
    match state.portal.record_bank_movement(movement).await {
        Ok(outcome) => {
            tracing::info!(
                feed_id,
                repeated = outcome.already_imported,
                confirmed = outcome.confirmed,
                part_payment = outcome.part_payments,
                to_review = outcome.to_review,
                not_ours = outcome.not_ours,
                "bank movement recorded"
            );
            Json(json!({"success": true})).into_response()
        }
        Err(err) => {
            // Not stored: the provider retries later.
            tracing::error!(feed_id, error = %err, "bank movement not recorded");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"success": false}))).into_response()
        }
    }
}
