//! `/healthz` (the database answers) and `/readyz` (and every migration of this release is applied).

use axum::extract::State;
use axum::http::StatusCode;
use portal::Portal;

pub async fn healthz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    match portal.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Ready to take traffic: the database answers and every migration of this release is applied
/// (a load balancer keeps a replica out while another one migrates, or while it is older).
pub async fn readyz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    match portal.pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(err) => {
            tracing::error!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
